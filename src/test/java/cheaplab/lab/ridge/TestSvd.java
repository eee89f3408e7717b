package cheaplab.lab.ridge;

import cheaplab.linalg.ThinSvd;

import static org.bytedeco.openblas.global.openblas.LAPACKE_dgesdd;
import static org.bytedeco.openblas.global.openblas.LAPACK_ROW_MAJOR;

/** Thin SVDs for the tests, straight from LAPACKE_dgesdd (the engine's own wrapper lives on another branch). */
final class TestSvd {
    private TestSvd() {}

    /** Thin SVD of the row-major m × n matrix a (a is not modified). */
    static ThinSvd of(double[] a, int m, int n) {
        int k = Math.min(m, n);
        double[] copy = a.clone(), s = new double[k], u = new double[m * k], vt = new double[k * n];
        if (k > 0) {
            int info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, (byte) 'S', m, n, copy, n, s, u, k, vt, n);
            if (info != 0) throw new IllegalStateException("dgesdd failed: info = " + info);
        }
        return new ThinSvd(m, n, u, s, vt);
    }

    /** As a {@link ThinSvdSolver}. */
    static final ThinSvdSolver SOLVER = TestSvd::of;
}
