package cheaplab.core;

public enum RunStatus {
    QUEUED, RUNNING, FINISHED, FAILED, DIVERGED, CANCELLED,
    /** Was queued or running when the server stopped. */
    INTERRUPTED,
    /** Ran longer than the deployment's wall-clock cap per run ({@code --max-run-seconds}); its history is kept. */
    TIMED_OUT;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
