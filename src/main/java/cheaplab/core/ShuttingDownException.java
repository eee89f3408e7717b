package cheaplab.core;

/** The run service is stopping and takes no new runs (the web layer answers 503). */
public final class ShuttingDownException extends IllegalStateException {
    public ShuttingDownException() {
        super("the server is shutting down; no new runs are accepted");
    }
}
