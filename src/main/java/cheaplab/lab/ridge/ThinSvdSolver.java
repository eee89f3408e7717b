package cheaplab.lab.ridge;

import cheaplab.linalg.ThinSvd;

/**
 * Something that computes a thin SVD (the engine passes its LAPACK {@code dgesdd} wrapper). The diagnostics
 * need fresh decompositions only for refits on subsets (k-fold cross-validation, the ridge classifier);
 * everything else takes the engine's {@link ThinSvd} as input.
 */
@FunctionalInterface
public interface ThinSvdSolver {
    /**
     * Thin SVD of the row-major {@code rows × cols} matrix {@code a}. Implementations may overwrite
     * {@code a}; callers here always pass a scratch copy.
     */
    ThinSvd decompose(double[] a, int rows, int cols);
}
