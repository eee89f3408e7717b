package cheaplab.core;

public final class UnknownLabException extends RuntimeException {
    public UnknownLabException(String lab) {
        super("unknown lab '" + Excerpt.of(lab) + "'");
    }
}
