package cheaplab.core;

public enum RunStatus {
    QUEUED, RUNNING, FINISHED, FAILED, DIVERGED, CANCELLED,
    /** Was queued or running when the server stopped. */
    INTERRUPTED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
