package cheaplab.linalg;

/**
 * The reference side of {@link NumericalSelfCheck}: plain-loop arithmetic independent of OpenBLAS, and test
 * matrices whose right answers are known (small integers, diagonally dominant triangles, orthonormal columns from
 * Householder reflections), drawn from a fixed generator so the check is the same on every run.
 */
final class ReferenceMatrices {
    private long state = 0x9E3779B97F4A7C15L;

    /** C = alpha·op(A)·op(B) + beta·C, row-major; op(A) is m × k (stored k × m when ta), op(B) is k × n. */
    static void naiveGemm(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, double[] b, double beta, double[] c) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * c[i * n + j]);
            }
    }

    /**
     * An n × n integer triangle: off-diagonal entries in {−1, 0, 1}; diagonal 2n + (i mod 3) when
     * {@code dominant} (then every row sum of |off-diagonal| is below half the diagonal, so cond < 3), else in {1…4}.
     */
    double[] triangle(int n, boolean upper, boolean dominant) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                if (i == j) t[i * n + j] = dominant ? 2 * n + (i % 3) : 1 + (next() & 3);
                else if (upper ? j > i : j < i) t[i * n + j] = (int) (next() % 3) - 1;
            }
        return t;
    }

    /** m × k (m ≥ k) with orthonormal columns: the first k columns of a product of three Householder reflections. */
    double[] orthonormalColumns(int m, int k) {
        double[] q = new double[m * k];
        for (int i = 0; i < k; i++) q[i * k + i] = 1;
        for (int r = 0; r < 3; r++) {
            double[] v = ints(m, 4);
            v[r % m] += 5; // never zero
            double vv = 0;
            for (double x : v) vv += x * x;
            for (int j = 0; j < k; j++) { // q ← (I − 2vvᵀ/vᵀv)·q
                double d = 0;
                for (int i = 0; i < m; i++) d += v[i] * q[i * k + j];
                double f = 2 * d / vv;
                for (int i = 0; i < m; i++) q[i * k + j] -= f * v[i];
            }
        }
        return q;
    }

    static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) e[i * n + i] = 1;
        return e;
    }

    static double[] transpose(double[] a, int n) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
        return t;
    }

    /** Integers uniform in [−r, r] from a fixed generator (the check is the same on every run). */
    double[] ints(int count, int r) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) x[i] = (int) Long.remainderUnsigned(next(), 2L * r + 1) - r;
        return x;
    }

    long next() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static float[] floats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    static double[] doubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

}
