package cheaplab.lab.ridge;

import cheaplab.data.ImageSet;
import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;

/**
 * An immutable snapshot of one MNIST training prefix, ready to be decomposed on any compute thread: either the
 * triangle T_xx and the projected targets of the updated QR factor (see {@link PrefixRidgePath}), or, for
 * prefixes with fewer rows than active pixels, a reference to the rows to centre and decompose directly.
 */
final class PrefixProblem {
    final int n;
    final int p;
    final int t;
    final int[] columns;
    final double[] xMean;
    final double[] yMean;
    private final double[] txx;
    private final double[] tyTop;
    private final double[] outside2;
    private final ImageSet train;
    private final int[] order;
    private final double[] y;

    private PrefixProblem(int n, int p, int t, int[] columns, double[] xMean, double[] yMean, double[] txx,
                          double[] tyTop, double[] outside2, ImageSet train, int[] order, double[] y) {
        this.n = n;
        this.p = p;
        this.t = t;
        this.columns = columns;
        this.xMean = xMean;
        this.yMean = yMean;
        this.txx = txx;
        this.tyTop = tyTop;
        this.outside2 = outside2;
        this.train = train;
        this.order = order;
        this.y = y;
    }

    static PrefixProblem triangular(int n, int p, int t, int[] columns, double[] xMean, double[] yMean,
                                    double[] txx, double[] tyTop, double[] outside2) {
        return new PrefixProblem(n, p, t, columns, xMean, yMean, txx, tyTop, outside2, null, null, null);
    }

    static PrefixProblem direct(int n, int p, int t, int[] columns, double[] xMean, double[] yMean, ImageSet train,
                                int[] order, double[] y) {
        return new PrefixProblem(n, p, t, columns, xMean, yMean, null, null, null, train, order, y);
    }

    /** Whether this prefix comes from the updated QR factor (else it is decomposed directly). */
    boolean triangular() {
        return txx != null;
    }

    /** ONE thin SVD: of the a × a triangle, or of the centred n × a design. Run on a compute thread. */
    PrefixFit decompose() {
        int a = columns.length;
        SpectralRidge ridge;
        if (txx != null) {
            ThinSvd svd = Lapack.thinSvd(a, a, txx);
            double[] z = new double[a * t];
            Lapack.gemm(true, false, a, t, a, 1.0, svd.u(), tyTop, 0.0, z);
            ridge = new SpectralRidge(n, a, svd.s(), svd.vt(), SpectralRidge.rank(svd.s(), n, p), t, z,
                    outside2.clone(), true);
        } else {
            byte[] px = train.pixels();
            double[] xc = new double[n * a];
            double[] yc = new double[n * t];
            for (int i = 0; i < n; i++) {
                int r = order == null ? i : order[i], o = r * p;
                for (int c = 0; c < a; c++) xc[i * a + c] = (px[o + columns[c]] & 0xFF) / 255.0 - xMean[columns[c]];
                for (int k = 0; k < t; k++) yc[i * t + k] = y[r * t + k] - yMean[k];
            }
            ridge = SpectralRidge.of(Lapack.thinSvd(n, a, xc), t, yc, true, p);
        }
        return new PrefixFit(ridge, columns, xMean, yMean, p);
    }
}
