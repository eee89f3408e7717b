package cheaplab.core;

/** The run store could not be read or written (the database said why in the cause). */
public final class RunStoreException extends RuntimeException {
    public RunStoreException(String message, Throwable cause) {
        super(message + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}
