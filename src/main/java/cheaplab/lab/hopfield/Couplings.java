package cheaplab.lab.hopfield;

import cheaplab.linalg.Blas;
import cheaplab.linalg.NativeBuffer;

/**
 * The symmetric coupling matrix J of a Hopfield network with zero diagonal, row-major N × N, in two copies: a
 * native one for the GEMMs ({@link Blas}: initial fields of the cues, stability of the stored patterns) and a Java
 * one that the asynchronous dynamics reads a row of per flip.
 *
 * <p>The Hebbian rule is stored as integers: {@code J = scale · K} with {@code K = ΞᵀΞ − P·I} (every entry a sum of
 * ±1 products) and {@code scale = 1/N}. In float, integers below 2²⁴ are exact, and so are the GEMM products with
 * ±1 states (|Σ| ≤ N·P ≤ 4096 · 2048 = 2²³), so fields, energies and every decision of the dynamics are exact and
 * independent of the BLAS kernel. Storkey's rule has real couplings ({@code scale = 1}).
 */
final class Couplings {
    final int n;
    /** Row-major N × N couplings in units of {@link #scale}. */
    final float[] k;
    /** The same values, natively, for {@link Blas#sgemm}. */
    final NativeBuffer nativeK;
    double scale;

    Couplings(int n) {
        this.n = n;
        this.k = new float[n * n];
        this.nativeK = Workspace.floats((long) n * n);
    }

    /**
     * Hebb: K = ΞᵀΞ with the diagonal set to 0, from {@code patterns} (P × N, ±1, row-major, already in
     * {@code nativePatterns}). One GEMM; the diagonal is zeroed in both copies.
     */
    void hebb(NativeBuffer nativePatterns, int patterns) {
        Blas.sgemm(true, false, n, n, patterns, 1f, nativePatterns.at(0), n, nativePatterns.at(0), n, 0f, nativeK.at(0), n);
        Blas.get(nativeK.at(0), k, 0, n * n);
        float[] zero = {0f};
        for (int i = 0; i < n; i++) {
            k[i * n + i] = 0f;
            Blas.put(nativeK.at((long) i * n + i), zero, 0, 1);
        }
        scale = 1.0 / n;
    }

    /**
     * Storkey's rule (Storkey 1997, "Increasing the capacity of a Hopfield network without sacrificing
     * functionality"), learning the patterns one after the other:
     * <pre>
     *   w_ij ← w_ij + (1/N) (ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j),   h_ij = Σ_{k ≠ i, j} w_ik ξ_k,
     * </pre>
     * for i ≠ j, with w_ii = 0 throughout. With h_i = Σ_k w_ik ξ_k this is h_ij = h_i − w_ij ξ_j, so the update is
     * w_ij ← w_ij (1 + 2/N) + (ξ_i ξ_j − ξ_i h_j − ξ_j h_i)/N: O(N²) per pattern. The sum ξ_i h_j + ξ_j h_i is
     * computed with the same two products for (i, j) and (j, i), so the matrix stays exactly symmetric.
     */
    void storkey(float[] patterns, int count, double[] fields) {
        java.util.Arrays.fill(k, 0f);
        double inv = 1.0 / n, grow = 1 + 2.0 / n;
        for (int p = 0; p < count; p++) {
            int off = p * n;
            for (int i = 0; i < n; i++) {
                double h = 0;
                int row = i * n;
                for (int j = 0; j < n; j++) h += k[row + j] * patterns[off + j];
                fields[i] = h;
            }
            for (int i = 0; i < n; i++) {
                int row = i * n;
                double xi = patterns[off + i], hi = fields[i];
                for (int j = 0; j < n; j++) {
                    if (j == i) continue;
                    double xj = patterns[off + j];
                    double cross = xi * fields[j] + xj * hi;
                    k[row + j] = (float) (k[row + j] * grow + (xi * xj - cross) * inv);
                }
            }
        }
        Blas.put(nativeK.at(0), k, 0, n * n);
        scale = 1.0;
    }
}
