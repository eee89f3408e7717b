package cheaplab.data;

/** A data set is not on this machine and could not be fetched; the message says how to place it by hand. */
public final class DataUnavailableException extends RuntimeException {
    public DataUnavailableException(String message) {
        super(message);
    }
}
