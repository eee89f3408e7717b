package cheaplab.linalg;

import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.bytedeco.openblas.global.openblas.CblasLeft;
import static org.bytedeco.openblas.global.openblas.CblasLower;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasRight;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;

/**
 * Checks, before anything is computed, that the BLAS and LAPACK routines the labs rely on give right answers on
 * this CPU with the kernels OpenBLAS chose for it. OpenBLAS picks its kernels at run time from the CPU
 * ({@code DYNAMIC_ARCH}); a wrong kernel (OpenBLAS 0.3.19's AVX-512 {@code dtrsm}/{@code dtrmm}, issue #3505 of
 * OpenBLAS) silently corrupts every LAPACK routine built on it, so the labs would draw nonsense.
 *
 * <p>Every check compares against an answer known independently of OpenBLAS:
 * <ul>
 *   <li>BLAS on small-integer matrices: every partial sum is an integer below 2²⁴ (float) or 2⁵³ (double), so
 *       the exact product is representable and any correct kernel, in any summation order, returns it bit for
 *       bit ({@code ?gemm} in all transpositions with leading dimensions wider than the matrix, as the RBM's
 *       bias-unit layout uses, {@code ?gemv}, {@code dsyrk}, {@code dtrmm}, {@code saxpy}, {@code scopy});</li>
 *   <li>{@code dtrsm} on strongly diagonally dominant triangles (condition number below 3): the solution of
 *       T·X = B with B = T·X₀ formed exactly must return X₀ to 1e-12;</li>
 *   <li>LAPACK on matrices built from known factors: {@code dposv} (Cholesky) solving A = MᵀM + nI against an
 *       exact right-hand side; {@code dgelqf} and {@code dtpqrt} (QR of the labs' row-major layout) by RᵀR = AᵀA;
 *       {@code dgesdd} on U₀·diag(s₀)·V₀ᵀ with orthogonal U₀, V₀ made from Householder reflections here, so the
 *       singular values are known; {@code dsyevd} on Q·diag(λ)·Qᵀ likewise;</li>
 *   <li>ND4J's own GEMM binding ({@code Nd4j.gemm}, {@code mmul}) in float and double, exact on integers.</li>
 * </ul>
 * Both loaded copies of OpenBLAS are checked ({@link OpenBlasLibraries}). Shapes: the labs' own (the RBM's
 * 10 × 785 · 785 × 501 step with its leading dimensions; ridge's tall and wide SVDs and Cholesky solves) and small
 * odd ones (1, 3, 7, 8, 17, 33, 65, 130) that cross every kernel's unrolling and blocking boundaries. The whole
 * check takes a few hundred milliseconds and runs once per process ({@link #require()}).
 */
public final class NumericalSelfCheck {
    /** Relative error allowed for solves and decompositions of well-conditioned matrices (cond ≤ ~100). */
    static final double DECOMPOSITION_TOLERANCE = 1e-10;
    /** For dtrsm on triangles of condition number below 3. */
    static final double SOLVE_TOLERANCE = 1e-12;
    private static final int[] ODD = {1, 3, 7, 8, 17, 33, 65, 130};

    private static volatile SelfCheckReport cached;

    private final List<SelfCheckReport.Check> checks = new ArrayList<>();
    private final Fault fault;
    /** Inputs with known answers, from a fixed generator (the check is the same on every run). */
    private final ReferenceMatrices ref = new ReferenceMatrices();

    private NumericalSelfCheck(Fault fault) {
        this.fault = fault;
    }

    /**
     * Alters a routine's output before it is compared (tests: a wrong kernel, simulated, must make the check
     * fail). {@code routine} is the check's name, e.g. "dtrsm LUN" or "dgesdd singular values".
     */
    public interface Fault {
        void corrupt(String routine, double[] output);
    }

    /**
     * The report of this process's check, running it on the first call. Thread-safe; later calls return the same
     * report.
     */
    public static SelfCheckReport report() {
        SelfCheckReport r = cached;
        if (r != null) return r;
        synchronized (NumericalSelfCheck.class) {
            if (cached == null) cached = run();
            return cached;
        }
    }

    /** Runs the check once per process and throws if any routine is wrong; returns the (passing) report. */
    public static SelfCheckReport require() {
        SelfCheckReport r = report();
        if (!r.passed()) throw new NumericsUnreliableException(r);
        return r;
    }

    /** Runs every check now (tests; {@link #report()} caches one run). */
    public static SelfCheckReport run() {
        return run(null);
    }

    /** Runs every check with a simulated fault (null: none). */
    public static SelfCheckReport run(Fault fault) {
        Nd4j.getBackend(); // loading the native libraries (seconds on a cold start) is not part of the check
        List<OpenBlasLibraries.Library> libraries = OpenBlasLibraries.loaded();
        long start = System.nanoTime();
        NumericalSelfCheck c = new NumericalSelfCheck(fault);
        c.runAll();
        return new SelfCheckReport(List.copyOf(c.checks), libraries, (System.nanoTime() - start) / 1e6);
    }

    private void runAll() {
        for (boolean ta : new boolean[]{false, true})
            for (boolean tb : new boolean[]{false, true}) {
                for (int i = 0; i < ODD.length; i++) dgemm(ta, tb, ODD[i], ODD[(i + 3) % ODD.length], ODD[(i + 5) % ODD.length]);
                sgemm(Lib.values(), ta, tb, 17, 33, 65, 1);
            }
        // The RBM's products (through the copy its engine calls): data rows · Θ, chain hidden · Θᵀ, gradient Vᵀ·H,
        // with leading dimensions one wider than the block (the bias unit).
        Lib[] rbm = {Lib.NOLAPACK};
        sgemm(rbm, false, false, 10, 500, 785, 1);
        sgemm(rbm, false, true, 10, 784, 501, 1);
        sgemm(rbm, true, false, 393, 501, 20, 0);
        for (int n : new int[]{3, 17, 130}) {
            dgemv(false, n, 2 * n + 1);
            dgemv(true, n, 2 * n + 1);
            sgemv(false, n, 785);
            sgemv(true, n, 501);
        }
        saxpyScopy(1001);
        for (int n : new int[]{8, 65, 130}) dsyrk(2 * n + 3, n);
        for (int side = 0; side < 2; side++)
            for (int uplo = 0; uplo < 2; uplo++)
                for (int trans = 0; trans < 2; trans++)
                    for (int n : new int[]{3, 8, 17, 65, 130}) {
                        dtrmm(side == 0, uplo == 0, trans == 1, n, n == 130 ? 9 : 37);
                        dtrsm(side == 0, uplo == 0, trans == 1, n, n == 130 ? 9 : 37);
                    }
        // LAPACK lives in the full copy only.
        for (int n : new int[]{1, 8, 33, 130}) dposv(n, 3);
        for (int[] s : new int[][]{{8, 5}, {33, 17}, {130, 65}, {65, 130}}) qrR(s[0], s[1]);
        for (int[] s : new int[][]{{8, 5}, {33, 17}, {130, 65}, {65, 130}, {200, 100}}) dgesdd(s[0], s[1]);
        dtpqrt(130, 100, 65);
        dtpqrt(48, 20, 49);
        for (int n : new int[]{1, 8, 65, 130}) dsyevd(n);
        nd4jGemm(DataType.FLOAT, 33, 65, 130);
        nd4jGemm(DataType.DOUBLE, 33, 65, 130);
    }

    /** The two copies of OpenBLAS, reached through their JavaCPP classes. */
    enum Lib {
        FULL("libopenblas"), NOLAPACK("libopenblas_nolapack");
        final String label;

        Lib(String label) {
            this.label = label;
        }

        void dgemm(int order, int ta, int tb, int m, int n, int k, double alpha, double[] a, int lda, double[] b, int ldb,
                   double beta, double[] c, int ldc) {
            if (this == FULL) openblas.cblas_dgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            else openblas_nolapack.cblas_dgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }

        void sgemm(int order, int ta, int tb, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb,
                   float beta, float[] c, int ldc) {
            if (this == FULL) openblas.cblas_sgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            else openblas_nolapack.cblas_sgemm(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }

    // ---- BLAS on exact integers

    private void dgemm(boolean ta, boolean tb, int m, int n, int k) {
        double[] a = ref.ints(m * k, 3), b = ref.ints(k * n, 3), c0 = ref.ints(m * n, 2), ref = c0.clone();
        ReferenceMatrices.naiveGemm(ta, tb, m, n, k, 2, a, b, -1, ref); // op(A) is m × k: stored k × m when transposed (row-major)
        for (Lib lib : Lib.values()) {
            double[] c = c0.clone();
            lib.dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 2, a,
                    ta ? m : k, b, tb ? k : n, -1, c, n);
            exact("dgemm " + t(ta) + t(tb), lib.label, m + "×" + n + "×" + k, ref, c);
        }
    }

    /** sgemm with every leading dimension {@code pad} wider than the operand (the RBM's bias-unit layout). */
    private void sgemm(Lib[] libs, boolean ta, boolean tb, int m, int n, int k, int pad) {
        int ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
        int lda = ac + pad, ldb = bc + pad, ldc = n + pad;
        float[] a = ReferenceMatrices.floats(ref.ints(ar * lda, 2)), b = ReferenceMatrices.floats(ref.ints(br * ldb, 2)), c0 = ReferenceMatrices.floats(ref.ints(m * ldc, 2));
        double[] ref = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                ref[i * n + j] = s - c0[i * ldc + j];
            }
        for (Lib lib : libs) {
            float[] c = c0.clone();
            lib.sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1f, a, lda,
                    b, ldb, -1f, c, ldc);
            double[] got = new double[m * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) got[i * n + j] = c[i * ldc + j];
            exact("sgemm " + t(ta) + t(tb) + (pad > 0 ? " (ld+" + pad + ")" : ""), lib.label, m + "×" + n + "×" + k, ref, got);
        }
    }

    private void dgemv(boolean trans, int m, int n) {
        double[] a = ref.ints(m * n, 3), x = ref.ints(trans ? m : n, 3), y0 = ref.ints(trans ? n : m, 3), ref = y0.clone();
        for (int i = 0; i < ref.length; i++) {
            double s = 0;
            for (int j = 0; j < (trans ? m : n); j++) s += (trans ? a[j * n + i] : a[i * n + j]) * x[j];
            ref[i] = 3 * s + 2 * ref[i];
        }
        int tr = trans ? CblasTrans : CblasNoTrans;
        double[] y = y0.clone();
        openblas.cblas_dgemv(CblasRowMajor, tr, m, n, 3, a, n, x, 1, 2, y, 1);
        exact("dgemv " + t(trans), Lib.FULL.label, m + "×" + n, ref, y);
        y = y0.clone();
        openblas_nolapack.cblas_dgemv(CblasRowMajor, tr, m, n, 3, a, n, x, 1, 2, y, 1);
        exact("dgemv " + t(trans), Lib.NOLAPACK.label, m + "×" + n, ref, y);
    }

    private void sgemv(boolean trans, int m, int n) {
        float[] a = ReferenceMatrices.floats(ref.ints(m * n, 2)), x = ReferenceMatrices.floats(ref.ints(trans ? m : n, 2)), y0 = ReferenceMatrices.floats(ref.ints(trans ? n : m, 2));
        double[] ref = new double[y0.length];
        for (int i = 0; i < ref.length; i++) {
            double s = 0;
            for (int j = 0; j < (trans ? m : n); j++) s += (double) (trans ? a[j * n + i] : a[i * n + j]) * x[j];
            ref[i] = s + y0[i];
        }
        int tr = trans ? CblasTrans : CblasNoTrans;
        float[] y = y0.clone();
        openblas.cblas_sgemv(CblasRowMajor, tr, m, n, 1f, a, n, x, 1, 1f, y, 1);
        exact("sgemv " + t(trans), Lib.FULL.label, m + "×" + n, ref, ReferenceMatrices.doubles(y));
        y = y0.clone();
        openblas_nolapack.cblas_sgemv(CblasRowMajor, tr, m, n, 1f, a, n, x, 1, 1f, y, 1);
        exact("sgemv " + t(trans), Lib.NOLAPACK.label, m + "×" + n, ref, ReferenceMatrices.doubles(y));
    }

    private void saxpyScopy(int n) {
        float[] x = ReferenceMatrices.floats(ref.ints(n, 50)), y0 = ReferenceMatrices.floats(ref.ints(n, 50));
        double[] ref = new double[n];
        for (int i = 0; i < n; i++) ref[i] = y0[i] - 3.0 * x[i];
        float[] y = y0.clone(), z = new float[n];
        openblas.cblas_saxpy(n, -3f, x, 1, y, 1);
        openblas.cblas_scopy(n, y, 1, z, 1);
        exact("saxpy+scopy", Lib.FULL.label, Integer.toString(n), ref, ReferenceMatrices.doubles(z));
        y = y0.clone();
        z = new float[n];
        openblas_nolapack.cblas_saxpy(n, -3f, x, 1, y, 1);
        openblas_nolapack.cblas_scopy(n, y, 1, z, 1);
        exact("saxpy+scopy", Lib.NOLAPACK.label, Integer.toString(n), ref, ReferenceMatrices.doubles(z));
    }

    private void dsyrk(int m, int n) {
        double[] a = ref.ints(m * n, 3), ref = new double[n * n];
        ReferenceMatrices.naiveGemm(true, false, n, n, m, 1, a, a, 0, ref);
        for (Lib lib : Lib.values()) {
            double[] c = new double[n * n];
            if (lib == Lib.FULL) openblas.cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, n, m, 1, a, n, 0, c, n);
            else openblas_nolapack.cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, n, m, 1, a, n, 0, c, n);
            for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) c[i * n + j] = ref[i * n + j]; // only the upper triangle is written
            exact("dsyrk", lib.label, m + "×" + n, ref, c);
        }
    }

    /** B ← op(T)·B or B·op(T) for an integer triangle T (n × n) and B (n × m or m × n): exact. */
    private void dtrmm(boolean left, boolean upper, boolean trans, int n, int m) {
        double[] tri = ref.triangle(n, upper, false);
        int rows = left ? n : m, cols = left ? m : n;
        double[] b0 = ref.ints(rows * cols, 3), ref = new double[rows * cols];
        double[] op = trans ? ReferenceMatrices.transpose(tri, n) : tri;
        if (left) ReferenceMatrices.naiveGemm(false, false, n, m, n, 1, op, b0, 0, ref);
        else ReferenceMatrices.naiveGemm(false, false, m, n, n, 1, b0, op, 0, ref);
        int s = left ? CblasLeft : CblasRight, u = upper ? CblasUpper : CblasLower, tr = trans ? CblasTrans : CblasNoTrans;
        for (Lib lib : Lib.values()) {
            double[] b = b0.clone();
            if (lib == Lib.FULL) openblas.cblas_dtrmm(CblasRowMajor, s, u, tr, CblasNonUnit, rows, cols, 1, tri, n, b, cols);
            else openblas_nolapack.cblas_dtrmm(CblasRowMajor, s, u, tr, CblasNonUnit, rows, cols, 1, tri, n, b, cols);
            exact("dtrmm " + (left ? "L" : "R") + (upper ? "U" : "L") + t(trans), lib.label, rows + "×" + cols, ref, b);
        }
    }

    /** Solves op(T)·X = B or X·op(T) = B with B formed exactly from an integer X₀; T has condition number < 3. */
    private void dtrsm(boolean left, boolean upper, boolean trans, int n, int m) {
        double[] tri = ref.triangle(n, upper, true);
        int rows = left ? n : m, cols = left ? m : n;
        double[] x0 = ref.ints(rows * cols, 3), b0 = new double[rows * cols];
        double[] op = trans ? ReferenceMatrices.transpose(tri, n) : tri;
        if (left) ReferenceMatrices.naiveGemm(false, false, n, m, n, 1, op, x0, 0, b0);
        else ReferenceMatrices.naiveGemm(false, false, m, n, n, 1, x0, op, 0, b0);
        int s = left ? CblasLeft : CblasRight, u = upper ? CblasUpper : CblasLower, tr = trans ? CblasTrans : CblasNoTrans;
        for (Lib lib : Lib.values()) {
            double[] b = b0.clone();
            if (lib == Lib.FULL) openblas.cblas_dtrsm(CblasRowMajor, s, u, tr, CblasNonUnit, rows, cols, 1, tri, n, b, cols);
            else openblas_nolapack.cblas_dtrsm(CblasRowMajor, s, u, tr, CblasNonUnit, rows, cols, 1, tri, n, b, cols);
            relative("dtrsm " + (left ? "L" : "R") + (upper ? "U" : "L") + t(trans), lib.label, rows + "×" + cols, x0, b, SOLVE_TOLERANCE);
        }
    }

    // ---- LAPACK against known factors (full copy)

    /** A = MᵀM + n·I (integer, condition ≲ 10), X₀ integer, B = A·X₀ exact; dposv must return X₀. */
    private void dposv(int n, int nrhs) {
        double[] mm = ref.ints(n * n, 1), a = new double[n * n];
        ReferenceMatrices.naiveGemm(true, false, n, n, n, 1, mm, mm, 0, a);
        for (int i = 0; i < n; i++) a[i * n + i] += n;
        double[] x0 = ref.ints(n * nrhs, 5), b = new double[n * nrhs];
        ReferenceMatrices.naiveGemm(false, false, n, nrhs, n, 1, a, x0, 0, b);
        double[] x;
        try {
            x = Lapack.solveSpd(n, a, nrhs, b);
        } catch (ArithmeticException e) {
            fail("dposv (dpotrf+dpotrs)", "libopenblas", n + "×" + n, e.getMessage());
            return;
        }
        relative("dposv (dpotrf+dpotrs)", "libopenblas", n + "×" + n, x0, x, DECOMPOSITION_TOLERANCE);
    }

    /** R of A = QR (dgelqf on the row-major layout): upper triangular and RᵀR = AᵀA. */
    private void qrR(int m, int n) {
        double[] a = ref.ints(m * n, 3);
        double[] r = Lapack.qrR(m, n, a);
        int k = Math.min(m, n);
        double[] rr = new double[n * n], ata = new double[n * n];
        ReferenceMatrices.naiveGemm(true, false, n, n, k, 1, r, r, 0, rr);
        ReferenceMatrices.naiveGemm(true, false, n, n, m, 1, a, a, 0, ata);
        double lower = 0;
        for (int i = 0; i < k; i++) for (int j = 0; j < Math.min(i, n); j++) lower = Math.max(lower, Math.abs(r[i * n + j]));
        if (lower != 0) {
            fail("dgelqf (QR)", "libopenblas", m + "×" + n, "R has nonzero entries below the diagonal (" + lower + ")");
            return;
        }
        relative("dgelqf (QR) RᵀR = AᵀA", "libopenblas", m + "×" + n, ata, rr, DECOMPOSITION_TOLERANCE);
    }

    /** dtpqrt appends rows to a triangular factor: [R₀; rows] must keep RᵀR = R₀ᵀR₀ + rowsᵀrows. */
    private void dtpqrt(int n, int first, int more) {
        double[] a = ref.ints(first * n, 3), rows = ref.ints(more * n, 3);
        UpdatableQr qr = new UpdatableQr(n);
        qr.append(first, a.clone());
        qr.append(more, rows.clone());
        double[] r = qr.r(), rr = new double[n * n], gram = new double[n * n];
        ReferenceMatrices.naiveGemm(true, false, n, n, n, 1, r, r, 0, rr);
        ReferenceMatrices.naiveGemm(true, false, n, n, first, 1, a, a, 0, gram);
        ReferenceMatrices.naiveGemm(true, false, n, n, more, 1, rows, rows, 1, gram);
        relative("dtpqrt (QR update)", "libopenblas", (first + more) + "×" + n, gram, rr, DECOMPOSITION_TOLERANCE);
    }

    /** A = U₀·diag(s₀)·V₀ᵀ with known s₀ ∈ [1, 10]: dgesdd's values, its reconstruction and U's orthogonality. */
    private void dgesdd(int m, int n) {
        int k = Math.min(m, n);
        double[] u0 = ref.orthonormalColumns(m, k), v0 = ref.orthonormalColumns(n, k), s0 = new double[k];
        for (int i = 0; i < k; i++) s0[i] = 10.0 - 9.0 * i / Math.max(1, k - 1);
        double[] us = new double[m * k];
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) us[i * k + j] = u0[i * k + j] * s0[j];
        double[] a = new double[m * n];
        ReferenceMatrices.naiveGemm(false, true, m, n, k, 1, us, v0, 0, a);
        ThinSvd svd = Lapack.thinSvd(m, n, a);
        String shape = m + "×" + n;
        if (!relative("dgesdd singular values", "libopenblas", shape, s0, svd.s(), DECOMPOSITION_TOLERANCE)) return;
        double[] back = new double[m * n], usv = new double[m * k];
        for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) usv[i * k + j] = svd.u()[i * k + j] * svd.s()[j];
        ReferenceMatrices.naiveGemm(false, false, m, n, k, 1, usv, svd.vt(), 0, back);
        if (!relative("dgesdd U·S·Vᵀ = A", "libopenblas", shape, a, back, DECOMPOSITION_TOLERANCE)) return;
        double[] utu = new double[k * k];
        ReferenceMatrices.naiveGemm(true, false, k, k, m, 1, svd.u(), svd.u(), 0, utu);
        relative("dgesdd UᵀU = I", "libopenblas", shape, ReferenceMatrices.identity(k), utu, DECOMPOSITION_TOLERANCE);
        relative("dgesdd values only", "libopenblas", shape, s0, Lapack.singularValues(m, n, a), DECOMPOSITION_TOLERANCE);
    }

    /** A = Q·diag(λ)·Qᵀ with known λ ∈ [−5, 5]: dsyevd's eigenvalues and A·v = λ·v. */
    private void dsyevd(int n) {
        double[] q = ref.orthonormalColumns(n, n), lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = -5.0 + 10.0 * i / Math.max(1, n - 1);
        double[] ql = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) ql[i * n + j] = q[i * n + j] * lambda[j];
        double[] a = new double[n * n];
        ReferenceMatrices.naiveGemm(false, true, n, n, n, 1, ql, q, 0, a);
        Lapack.SymmetricEigen e = Lapack.symmetricEigen(n, a);
        if (!relative("dsyevd eigenvalues", "libopenblas", n + "×" + n, lambda, e.values(), DECOMPOSITION_TOLERANCE)) return;
        double[] av = new double[n * n], vl = new double[n * n];
        ReferenceMatrices.naiveGemm(false, false, n, n, n, 1, a, e.vectors(), 0, av);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) vl[i * n + j] = e.vectors()[i * n + j] * e.values()[j];
        relative("dsyevd A·V = V·Λ", "libopenblas", n + "×" + n, vl, av, DECOMPOSITION_TOLERANCE);
    }

    // ---- ND4J's GEMM binding

    private void nd4jGemm(DataType type, int m, int n, int k) {
        double[] a = ref.ints(m * k, 2), b = ref.ints(k * n, 2), ref = new double[m * n];
        ReferenceMatrices.naiveGemm(false, false, m, n, k, 1, a, b, 0, ref);
        INDArray x = Nd4j.createFromArray(a).reshape(m, k).castTo(type), y = Nd4j.createFromArray(b).reshape(k, n).castTo(type);
        INDArray out = Nd4j.create(type, m, n);
        Nd4j.gemm(x, y, out, false, false, 1.0, 0.0);
        exact("Nd4j.gemm " + type.name().toLowerCase(Locale.ROOT), "nd4j", m + "×" + n + "×" + k, ref,
                out.castTo(DataType.DOUBLE).data().asDouble());
        exact("INDArray.mmul " + type.name().toLowerCase(Locale.ROOT), "nd4j", m + "×" + n + "×" + k, ref,
                x.mmul(y).castTo(DataType.DOUBLE).data().asDouble());
    }

    // ---- recording

    private void exact(String routine, String library, String shape, double[] expected, double[] got) {
        if (fault != null) fault.corrupt(routine, got);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - got[i]);
            if (!(d <= worst)) worst = Double.isNaN(d) ? Double.NaN : d;
            if (Double.isNaN(worst)) break;
        }
        checks.add(new SelfCheckReport.Check(routine, library, shape, worst, 0, worst == 0, ""));
    }

    /** max |got − expected| / max |expected| ≤ tolerance; returns whether it held. */
    private boolean relative(String routine, String library, String shape, double[] expected, double[] got, double tolerance) {
        if (fault != null) fault.corrupt(routine, got);
        double scale = 0, worst = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - got[i]);
            if (!(d <= worst)) worst = Double.isNaN(d) ? Double.NaN : d;
            if (Double.isNaN(worst)) break;
        }
        double err = worst / (scale == 0 ? 1 : scale);
        boolean ok = err <= tolerance;
        checks.add(new SelfCheckReport.Check(routine, library, shape, err, tolerance, ok, ""));
        return ok;
    }

    private void fail(String routine, String library, String shape, String why) {
        checks.add(new SelfCheckReport.Check(routine, library, shape, Double.NaN, 0, false, why));
    }

    private static String t(boolean trans) {
        return trans ? "T" : "N";
    }

    /** Prints the report (for a check by hand: {@code java … cheaplab.linalg.NumericalSelfCheck}). */
    public static void main(String[] args) {
        SelfCheckReport r = run();
        System.out.println(r.describe(true));
        System.exit(r.passed() ? 0 : 1);
    }
}
