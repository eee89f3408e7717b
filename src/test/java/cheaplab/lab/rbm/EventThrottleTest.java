package cheaplab.lab.rbm;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventThrottleTest {
    @Test
    void letsAtMostTenEventsPerSecondThrough() {
        AtomicLong now = new AtomicLong(0);
        EventThrottle t = new EventThrottle(10, now::get);
        assertTrue(t.tryAcquire());
        now.addAndGet(50_000_000L);
        assertFalse(t.tryAcquire());
        now.addAndGet(50_000_000L);
        assertTrue(t.tryAcquire());
        int passed = 0;
        for (int i = 0; i < 1000; i++) { // one attempt per millisecond for a second
            now.addAndGet(1_000_000L);
            if (t.tryAcquire()) passed++;
        }
        assertTrue(passed <= 10, "passed " + passed);
        t.force();
        assertFalse(t.tryAcquire(), "a forced event counts");
    }
}
