package cheaplab.lab.ridge;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;

/**
 * Dense products through OpenBLAS on Java arrays (JavaCPP copies the arrays in and out, which is O(size) against
 * the O(size·k) product, so it only pays for matrix–matrix products; repeated matrix–vector products over one
 * matrix go through {@link NativeMatrix}).
 */
final class MatrixProducts {
    private MatrixProducts() {}

    /** A (m × k, row-major) times Bᵀ where B is the first {@code n} rows of a row-major matrix with k columns. */
    static double[] timesTransposed(double[] a, int m, int k, double[] b, int n) {
        double[] c = new double[m * n];
        if (m == 0 || n == 0) return c;
        if (k == 0) return c;
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1.0, a, k, b, k, 0.0, c, n);
        return c;
    }
}
