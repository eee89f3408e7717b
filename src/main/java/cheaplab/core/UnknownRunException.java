package cheaplab.core;

/** No run with this id is known, neither live nor in the store. */
public final class UnknownRunException extends RuntimeException {
    public UnknownRunException(String runId) {
        super("unknown run '" + Excerpt.of(runId) + "'");
    }
}
