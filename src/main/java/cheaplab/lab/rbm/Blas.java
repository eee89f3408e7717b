package cheaplab.lab.rbm;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

/**
 * Row-major CBLAS calls on the native buffers of ND4J arrays, through the same OpenBLAS library ND4J itself
 * loads ({@code openblas_nolapack}). Calling CBLAS directly instead of {@code Nd4j.gemm} lets a product read or
 * write a sub-block of a larger buffer (leading dimension ≠ width), which the bias-unit layout of
 * {@link BernoulliRbm} relies on, and saves ND4J's per-call bookkeeping (≈ 10 µs, a tenth of a 10×784×500
 * product). Every pointer is taken from a <em>base</em> (non-view) array plus an explicit element offset.
 */
final class Blas {
    private Blas() {}

    /** A float pointer to element {@code offset} of the base array {@code a} (which must be C-ordered, not a view). */
    static FloatPointer floats(INDArray a, long offset) {
        requireBase(a, DataType.FLOAT);
        Pointer p = a.data().addressPointer();
        return new FloatPointer(p).position(offset);
    }

    static DoublePointer doubles(INDArray a, long offset) {
        requireBase(a, DataType.DOUBLE);
        Pointer p = a.data().addressPointer();
        return new DoublePointer(p).position(offset);
    }

    private static void requireBase(INDArray a, DataType type) {
        if (a.dataType() != type) throw new IllegalArgumentException("expected " + type + ", was " + a.dataType());
        if (a.isView() || a.ordering() != 'c')
            throw new IllegalArgumentException("BLAS pointers are taken from C-ordered base arrays, not views");
    }

    /** C[m×n] = alpha · op(A) · op(B) + beta · C, all row-major with leading dimensions lda, ldb, ldc. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a, int lda,
                      FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
                transB ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, DoublePointer a, int lda,
                      DoublePointer b, int ldb, double beta, DoublePointer c, int ldc) {
        org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
                transB ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /** y[m] = alpha · A[m×n] · x + beta · y (row-major A with leading dimension lda). */
    static void sgemv(int m, int n, float alpha, FloatPointer a, int lda, FloatPointer x, int incx, float beta,
                      FloatPointer y, int incy) {
        org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv(CblasRowMajor, CblasNoTrans, m, n, alpha, a, lda,
                x, incx, beta, y, incy);
    }

    /** y[n] = alpha · A[m×n]ᵀ · x + beta · y: column sums weighted by x. */
    static void sgemvT(int m, int n, float alpha, FloatPointer a, int lda, FloatPointer x, int incx, float beta,
                       FloatPointer y, int incy) {
        org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv(CblasRowMajor, CblasTrans, m, n, alpha, a, lda,
                x, incx, beta, y, incy);
    }

    /** A[m×n] += alpha · x · yᵀ. */
    static void sger(int m, int n, float alpha, FloatPointer x, int incx, FloatPointer y, int incy, FloatPointer a,
                     int lda) {
        org.bytedeco.openblas.global.openblas_nolapack.cblas_sger(CblasRowMajor, m, n, alpha, x, incx, y, incy, a, lda);
    }

    /** y += alpha · x over n elements with strides. */
    static void saxpy(int n, float alpha, FloatPointer x, int incx, FloatPointer y, int incy) {
        org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy(n, alpha, x, incx, y, incy);
    }

    static void scopy(int n, FloatPointer x, int incx, FloatPointer y, int incy) {
        org.bytedeco.openblas.global.openblas_nolapack.cblas_scopy(n, x, incx, y, incy);
    }
}
