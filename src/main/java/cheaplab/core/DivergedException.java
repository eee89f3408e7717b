package cheaplab.core;

/** A run whose numbers blew up (NaN, ∞, exploding norm). It ends as "diverged" with its history kept. */
public final class DivergedException extends RuntimeException {
    public DivergedException(String message) {
        super(message);
    }
}
