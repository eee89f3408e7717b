package cheaplab.core;

/** Thrown inside a lab when its run was cancelled; the runtime turns it into a cancelled event. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("cancelled", null, false, false);
    }
}
