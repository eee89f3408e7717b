package cheaplab.linalg;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgelqf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dposv;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dsyevd;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dtpqrt;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.LAPACK_ROW_MAJOR;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dsyrk;

/**
 * Thin wrappers over the LAPACKE / CBLAS functions of {@code org.bytedeco.openblas} (ND4J's own linear
 * algebra is broken in 1.0.0-M2.1). Every matrix is a row-major {@code double[]}; inputs are never modified
 * unless the method says so. Call these only from threads with a large stack (OpenBLAS LAPACK overflows
 * Java's default 1 MB; see {@link ComputeThreads}).
 */
public final class Lapack {
    private Lapack() {}

    /**
     * Thin SVD {@code A = U diag(s) Vᵀ} of the row-major {@code m × n} matrix {@code a} by divide and conquer
     * ({@code dgesdd}, JOBZ='S'). The row-major buffer is handed to LAPACK as the column-major {@code n × m}
     * matrix {@code Aᵀ = V S Uᵀ}, so no transposition copies are made: LAPACK's "U" is our {@code Vᵀ}
     * (row-major {@code k × n}) and its "Vᵀ" is our {@code U} (row-major {@code m × k}).
     */
    public static ThinSvd thinSvd(int m, int n, double[] a) {
        checkSize("a", a, (long) m * n);
        int k = Math.min(m, n);
        double[] work = a.clone();
        double[] s = new double[k];
        double[] u = new double[m * k];
        double[] vt = new double[k * n];
        if (k == 0) return new ThinSvd(m, n, u, s, vt);
        int info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, (byte) 'S', n, m, work, n, s, vt, n, u, k);
        check("dgesdd", info);
        return new ThinSvd(m, n, u, s, vt);
    }

    /** Singular values only (descending) of the row-major {@code m × n} matrix {@code a}. */
    public static double[] singularValues(int m, int n, double[] a) {
        checkSize("a", a, (long) m * n);
        int k = Math.min(m, n);
        double[] s = new double[k];
        if (k == 0) return s;
        double[] work = a.clone();
        double[] none = new double[1];
        int info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, (byte) 'N', n, m, work, n, s, none, 1, none, 1);
        check("dgesdd", info);
        return s;
    }

    /**
     * The {@code k × n} upper-triangular (trapezoidal) factor {@code R} of {@code A = QR}, {@code k = min(m, n)},
     * row-major. The row-major {@code A} is the column-major {@code Aᵀ}, whose LQ factorisation
     * ({@code dgelqf}) {@code Aᵀ = L Qᵀ} has {@code L = Rᵀ}: its column-major lower triangle is our row-major R.
     */
    public static double[] qrR(int m, int n, double[] a) {
        checkSize("a", a, (long) m * n);
        int k = Math.min(m, n);
        double[] work = a.clone();
        double[] tau = new double[Math.max(1, k)];
        if (k > 0) check("dgelqf", LAPACKE_dgelqf(LAPACK_COL_MAJOR, n, m, work, n, tau));
        double[] r = new double[k * n];
        for (int i = 0; i < k; i++) {
            // row i of R = column i of L (column-major, leading dimension n), entries i..n-1
            System.arraycopy(work, i * n + i, r, i * n + i, n - i);
        }
        return r;
    }

    /**
     * Appends {@code m} rows to a QR factorisation: on entry {@code r} holds the {@code n × n} upper-triangular
     * factor of some matrix M (entries below the diagonal are ignored), {@code rows} the {@code m × n} new rows;
     * on exit {@code r} holds an upper-triangular factor of {@code [M; rows]} (same Gram matrix
     * {@code RᵀR = MᵀM + rowsᵀrows}), computed by Householder reflections ({@code dtpqrt}) - backward stable,
     * unlike updating {@code MᵀM}, which squares the condition number. {@code rows} is overwritten.
     */
    public static void appendRows(int n, double[] r, int m, double[] rows) {
        checkSize("r", r, (long) n * n);
        checkSize("rows", rows, (long) m * n);
        if (m == 0 || n == 0) return;
        int nb = Math.min(n, 48);
        double[] t = new double[nb * n];
        int info = LAPACKE_dtpqrt(LAPACK_ROW_MAJOR, m, n, 0, nb, r, n, rows, n, t, n);
        check("dtpqrt", info);
        for (int i = 1; i < n; i++) java.util.Arrays.fill(r, i * n, i * n + i, 0.0);
    }

    /**
     * Solves {@code A X = B} for symmetric positive definite {@code A} ({@code n × n}) by Cholesky
     * ({@code dposv}); {@code B} is {@code n × nrhs}. Returns X; inputs are not modified.
     *
     * @throws ArithmeticException when A is not positive definite
     */
    public static double[] solveSpd(int n, double[] a, int nrhs, double[] b) {
        checkSize("a", a, (long) n * n);
        checkSize("b", b, (long) n * nrhs);
        double[] f = a.clone();
        double[] x = b.clone();
        int info = LAPACKE_dposv(LAPACK_ROW_MAJOR, (byte) 'U', n, nrhs, f, n, x, nrhs);
        if (info > 0) throw new ArithmeticException("dposv: matrix is not positive definite (leading minor " + info + ")");
        check("dposv", info);
        return x;
    }

    /** Eigen-decomposition of a symmetric matrix: ascending eigenvalues and, row-major, eigenvectors as columns. */
    public record SymmetricEigen(int n, double[] values, double[] vectors) {}

    /** {@code dsyevd} on the upper triangle of the symmetric row-major {@code n × n} matrix {@code a}. */
    public static SymmetricEigen symmetricEigen(int n, double[] a) {
        checkSize("a", a, (long) n * n);
        double[] v = a.clone();
        double[] w = new double[n];
        if (n > 0) check("dsyevd", LAPACKE_dsyevd(LAPACK_ROW_MAJOR, (byte) 'V', (byte) 'U', n, v, n, w));
        return new SymmetricEigen(n, w, v);
    }

    /**
     * {@code C = alpha · op(A) · op(B) + beta · C} (row-major, {@code op(A)} is {@code m × k}, {@code op(B)}
     * {@code k × n}); {@code ta}/{@code tb} say whether A/B are stored transposed.
     */
    public static void gemm(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a, double[] b,
                            double beta, double[] c) {
        checkSize("a", a, (long) m * k);
        checkSize("b", b, (long) k * n);
        checkSize("c", c, (long) m * n);
        if (m == 0 || n == 0) return;
        cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k,
                alpha, a, ta ? m : k, b, tb ? k : n, beta, c, n);
    }

    /** {@code AᵀA} of the row-major {@code m × n} matrix {@code a}, full symmetric {@code n × n} ({@code dsyrk}). */
    public static double[] gram(int m, int n, double[] a) {
        checkSize("a", a, (long) m * n);
        double[] c = new double[n * n];
        if (n == 0) return c;
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, n, m, 1.0, a, n, 0.0, c, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) c[i * n + j] = c[j * n + i];
        return c;
    }

    private static void checkSize(String name, double[] x, long expected) {
        if (x.length < expected)
            throw new IllegalArgumentException(name + " has " + x.length + " entries, needs " + expected);
    }

    private static void check(String routine, int info) {
        if (info < 0) throw new IllegalArgumentException(routine + ": argument " + (-info) + " is invalid");
        if (info > 0) throw new ArithmeticException(routine + " did not converge (info " + info + ")");
    }
}
