package cheaplab.linalg;

import static java.lang.ref.Reference.reachabilityFence;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_scopy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

/**
 * Row-major CBLAS calls on ND4J native buffers, through the OpenBLAS copy ND4J's Java side uses
 * ({@code openblas_nolapack}; see {@link OpenBlasLibraries}). Calling CBLAS directly instead of
 * {@code Nd4j.gemm} lets a product read or write a sub-block of a larger buffer (leading dimension ≠ width),
 * which the RBM's bias-unit layout relies on, and saves ND4J's per-call bookkeeping (≈ 10 µs, a tenth of a
 * 10×784×500 product).
 *
 * <p>Ownership: every operand is a {@link NativeSlice} — its buffer's owner plus an offset. The JavaCPP pointer
 * lives only inside the call, each operand's extent is checked against its buffer first, and the slices are
 * fenced after the call, so no buffer can be collected (and freed) while OpenBLAS uses it.
 */
public final class Blas {
    private Blas() {}

    /** C[m×n] = alpha · op(A) · op(B) + beta · C, all row-major with leading dimensions lda, ldb, ldc. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, NativeSlice a, int lda,
                             NativeSlice b, int ldb, float beta, NativeSlice c, int ldc) {
        if (m == 0 || n == 0) return;
        matrix(a, transA ? k : m, transA ? m : k, lda, "A");
        matrix(b, transB ? n : k, transB ? k : n, ldb, "B");
        matrix(c, m, n, ldc, "C");
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k,
                alpha, a.owner().floatPointer(a.offset()), lda, b.owner().floatPointer(b.offset()), ldb, beta,
                c.owner().floatPointer(c.offset()), ldc);
        reachabilityFence(a);
        reachabilityFence(b);
        reachabilityFence(c);
    }

    /** y[m] = alpha · A[m×n] · x + beta · y (row-major A with leading dimension lda; float). */
    public static void sgemv(int m, int n, float alpha, NativeSlice a, int lda, NativeSlice x, int incx, float beta,
                             NativeSlice y, int incy) {
        if (m == 0) return;
        matrix(a, m, n, lda, "A");
        vector(x, n, incx, "x");
        vector(y, m, incy, "y");
        cblas_sgemv(CblasRowMajor, CblasNoTrans, m, n, alpha, a.owner().floatPointer(a.offset()), lda,
                x.owner().floatPointer(x.offset()), incx, beta, y.owner().floatPointer(y.offset()), incy);
        reachabilityFence(a);
        reachabilityFence(x);
        reachabilityFence(y);
    }

    /** y[m] = alpha · A[m×n] · x + beta · y in double precision. */
    public static void dgemv(int m, int n, double alpha, NativeSlice a, int lda, NativeSlice x, int incx, double beta,
                             NativeSlice y, int incy) {
        if (m == 0) return;
        matrix(a, m, n, lda, "A");
        vector(x, n, incx, "x");
        vector(y, m, incy, "y");
        cblas_dgemv(CblasRowMajor, CblasNoTrans, m, n, alpha, a.owner().doublePointer(a.offset()), lda,
                x.owner().doublePointer(x.offset()), incx, beta, y.owner().doublePointer(y.offset()), incy);
        reachabilityFence(a);
        reachabilityFence(x);
        reachabilityFence(y);
    }

    /** y += alpha · x over n elements with strides. */
    public static void saxpy(int n, float alpha, NativeSlice x, int incx, NativeSlice y, int incy) {
        if (n == 0) return;
        vector(x, n, incx, "x");
        vector(y, n, incy, "y");
        cblas_saxpy(n, alpha, x.owner().floatPointer(x.offset()), incx, y.owner().floatPointer(y.offset()), incy);
        reachabilityFence(x);
        reachabilityFence(y);
    }

    public static void scopy(int n, NativeSlice x, int incx, NativeSlice y, int incy) {
        if (n == 0) return;
        vector(x, n, incx, "x");
        vector(y, n, incy, "y");
        cblas_scopy(n, x.owner().floatPointer(x.offset()), incx, y.owner().floatPointer(y.offset()), incy);
        reachabilityFence(x);
        reachabilityFence(y);
    }

    /** Copies {@code count} floats from the slice to {@code out[from …]} (checked, fenced). */
    public static void get(NativeSlice s, float[] out, int from, int count) {
        s.owner().require(s.offset(), count, "get");
        s.owner().floatPointer(s.offset()).get(out, from, count);
        reachabilityFence(s);
    }

    /** Copies {@code count} doubles from the slice to {@code out[from …]}. */
    public static void get(NativeSlice s, double[] out, int from, int count) {
        s.owner().require(s.offset(), count, "get");
        s.owner().doublePointer(s.offset()).get(out, from, count);
        reachabilityFence(s);
    }

    /** Copies {@code count} floats from {@code in[from …]} into the slice. */
    public static void put(NativeSlice s, float[] in, int from, int count) {
        s.owner().require(s.offset(), count, "put");
        s.owner().floatPointer(s.offset()).put(in, from, count);
        reachabilityFence(s);
    }

    private static void matrix(NativeSlice s, int rows, int cols, int ld, String name) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) throw new IllegalArgumentException(name + ": leading dimension " + ld + " < " + cols + " columns");
        s.owner().require(s.offset(), (long) (rows - 1) * ld + cols, name);
    }

    private static void vector(NativeSlice s, int n, int inc, String name) {
        if (n == 0) return;
        if (inc < 1) throw new IllegalArgumentException(name + ": increment must be ≥ 1, was " + inc);
        s.owner().require(s.offset(), (long) (n - 1) * inc + 1, name);
    }
}
