package cheaplab.core;

/** An owner (a workshop participant) already has as many runs waiting as the deployment allows. */
public final class QuotaExceededException extends RuntimeException {
    public QuotaExceededException(int running, int queued, int maxRunning, int maxQueued) {
        super("you already have " + queued + " run" + (queued == 1 ? "" : "s") + " waiting" + (running > 0 ? " and "
                + running + " running" : "") + " (at most " + maxRunning + " running and " + maxQueued
                + " waiting per participant here); wait for one to finish or cancel one");
    }
}
