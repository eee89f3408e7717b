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
     * w_ij ← w_ij (1 + 2/N) + (ξ_i ξ_j − ξ_i h_j − ξ_j h_i)/N: O(N²) per pattern, in float. The sum
     * ξ_i h_j + ξ_j h_i is computed with the same two products for (i, j) and (j, i), so the matrix stays exactly
     * symmetric. {@code fields} is scratch of N.
     */
    void storkey(float[] patterns, int count, double[] fields) {
        java.util.Arrays.fill(k, 0f);
        float inv = 1f / n, grow = 1f + 2f / n;
        float[] h = new float[n];
        for (int p = 0; p < count; p++) {
            int off = p * n;
            for (int i = 0; i < n; i++) h[i] = (float) dot(k, i * n, patterns, off, n);
            for (int i = 0; i < n; i++) {
                int row = i * n;
                float xi = patterns[off + i], hi = h[i];
                for (int j = 0; j < n; j++) {
                    float xj = patterns[off + j];
                    k[row + j] = k[row + j] * grow + (xi * xj - (xi * h[j] + xj * hi)) * inv;
                }
                k[row + i] = 0f; // the diagonal stays 0 (the loop above is branch-free so that it vectorises)
            }
        }
        for (int i = 0; i < n; i++) fields[i] = h[i];
        Blas.put(nativeK.at(0), k, 0, n * n);
        scale = 1.0;
    }

    /** Σ a[from …] · b[off …] over n terms in double, four partial sums (independent chains, a fixed order). */
    private static double dot(float[] a, int from, float[] b, int off, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[from + j] * b[off + j];
            s1 += a[from + j + 1] * b[off + j + 1];
            s2 += a[from + j + 2] * b[off + j + 2];
            s3 += a[from + j + 3] * b[off + j + 3];
        }
        for (; j < n; j++) s0 += a[from + j] * b[off + j];
        return (s0 + s1) + (s2 + s3);
    }
}
