package cheaplab.lab.rbm;

import java.util.function.LongSupplier;

/** Lets an event through when at least the minimum interval has passed since the last one let through. */
final class EventThrottle {
    private final long intervalNanos;
    private final LongSupplier clock;
    private long last;
    private boolean any;

    EventThrottle(double perSecond, LongSupplier clock) {
        this.intervalNanos = (long) (1e9 / perSecond);
        this.clock = clock;
    }

    /** True (and the event counts) when the interval has passed; false otherwise. */
    boolean tryAcquire() {
        long now = clock.getAsLong();
        if (any && now - last < intervalNanos) return false;
        any = true;
        last = now;
        return true;
    }

    /** Counts an event let through regardless of the interval (a point that must be sent). */
    void force() {
        any = true;
        last = clock.getAsLong();
    }
}
