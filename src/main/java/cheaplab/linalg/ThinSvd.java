package cheaplab.linalg;

/**
 * Thin singular value decomposition {@code A = U diag(s) Vᵀ} of an {@code m × n} matrix, {@code k = min(m, n)}.
 * {@code u} is {@code m × k} and {@code vt} is {@code k × n}, both row-major; {@code s} is descending.
 * Produced by LAPACK {@code dgesdd} (see {@code Lapack}); ND4J's own SVD is broken in 1.0.0-M2.1.
 */
public record ThinSvd(int m, int n, double[] u, double[] s, double[] vt) {
    public ThinSvd {
        int k = Math.min(m, n);
        if (s.length != k) throw new IllegalArgumentException("s has " + s.length + " values, expected " + k);
        if (u != null && u.length != (long) m * k) throw new IllegalArgumentException("u is not " + m + "×" + k);
        if (vt != null && vt.length != (long) k * n) throw new IllegalArgumentException("vt is not " + k + "×" + n);
    }

    public int k() {
        return s.length;
    }

    /** U[i][j]. */
    public double u(int i, int j) {
        return u[i * k() + j];
    }

    /** Vᵀ[i][j] = V[j][i]. */
    public double vt(int i, int j) {
        return vt[i * n + j];
    }

    /**
     * Numerical rank with the pseudo-inverse tolerance {@code s[0] · max(m, n) · ε} (numpy's
     * {@code matrix_rank} / {@code pinv} default): singular values at or below it are treated as zero.
     */
    public int rank() {
        return rank(s, m, n);
    }

    /**
     * The same rule for descending singular values {@code s} of an {@code m × n} matrix, given by its dimensions
     * (e.g. 784 pixels when constant columns were dropped before the decomposition, or the training rows when
     * only a triangular factor was decomposed).
     */
    public static int rank(double[] s, int m, int n) {
        if (s.length == 0) return 0;
        double tol = s[0] * Math.max(m, n) * Math.ulp(1.0);
        int r = 0;
        while (r < s.length && s[r] > tol) r++;
        return r;
    }
}
