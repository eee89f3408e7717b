package cheaplab.lab.ridge;

import cheaplab.data.ImageSet;
import cheaplab.linalg.Lapack;

/**
 * Test-set mean squared error of linear predictors x ↦ xᵀw + b without touching the test images again: from the
 * centred test Gram matrix G = X̃ᵀX̃ (X̃ = X − 1mᵀ, m the test pixel means), the cross products X̃ᵀỹ and ỹᵀỹ,
 * <pre>  MSE(w, b) = (wᵀGw − 2wᵀX̃ᵀỹ + ỹᵀỹ)/n + (mᵀw + b − ȳ)²,</pre>
 * which costs O(q²) per weight vector (q = retained pixels) instead of O(nq). Centring first keeps the sum free
 * of the large cancelling mean terms. Only pixels listed in {@code columns} enter G; weights must vanish on the
 * others (they do for pixels constant over the training images, whose centred column is zero).
 * Build it on a compute thread (it calls BLAS).
 */
final class HeldOutMse {
    private final int n;
    private final int p;
    private final int t;
    private final int[] columns;
    private final int q;
    private final double[] gram;
    private final double[] cross;
    private final double[] yy;
    private final double[] xMean;
    private final double[] yMean;

    /**
     * @param test    the held-out images (pixels scaled to [0, 1])
     * @param y       targets, row-major test.count() × t
     * @param columns pixel indices to retain (ascending or not)
     */
    HeldOutMse(ImageSet test, double[] y, int t, int[] columns) {
        this.n = test.count();
        this.p = test.dim();
        this.t = t;
        this.columns = columns.clone();
        this.q = columns.length;
        xMean = new double[q];
        yMean = new double[t];
        byte[] px = test.pixels();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < q; c++) xMean[c] += px[i * p + columns[c]] & 0xFF;
            for (int k = 0; k < t; k++) yMean[k] += y[i * t + k];
        }
        for (int c = 0; c < q; c++) xMean[c] /= 255.0 * n;
        for (int k = 0; k < t; k++) yMean[k] /= n;
        double[] xc = new double[n * q];
        double[] yc = new double[n * t];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < q; c++) xc[i * q + c] = (px[i * p + columns[c]] & 0xFF) / 255.0 - xMean[c];
            for (int k = 0; k < t; k++) yc[i * t + k] = y[i * t + k] - yMean[k];
        }
        gram = Lapack.gram(n, q, xc);
        cross = new double[q * t];
        Lapack.gemm(true, false, q, t, n, 1.0, xc, yc, 0.0, cross);
        yy = new double[t];
        for (int i = 0; i < n; i++) for (int k = 0; k < t; k++) yy[k] += yc[i * t + k] * yc[i * t + k];
    }

    int count() {
        return n;
    }

    /**
     * Test MSEs of K predictors: {@code w} row-major K × p (full pixel vectors), intercepts {@code b}, and for
     * each the target column it predicts.
     */
    double[] mse(int count, double[] w, double[] b, int[] target) {
        double[] sub = gather(count, w);
        double[] gw = new double[q * count];
        Lapack.gemm(false, false, q, count, q, 1.0, gram, sub, 0.0, gw);
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            int tk = target[k];
            double quad = 0, lin = 0, shift = b[k] - yMean[tk];
            for (int c = 0; c < q; c++) {
                double wc = sub[c * count + k];
                quad += wc * gw[c * count + k];
                lin += wc * cross[c * t + tk];
                shift += xMean[c] * wc;
            }
            out[k] = Math.max(0, (quad - 2 * lin + yy[tk]) / n) + shift * shift;
        }
        return out;
    }

    /** Weights restricted to the retained columns, transposed to q × K for one GEMM. */
    private double[] gather(int count, double[] w) {
        if (w.length != count * p) throw new IllegalArgumentException("w is not " + count + "×" + p);
        double[] sub = new double[q * count];
        for (int k = 0; k < count; k++) for (int c = 0; c < q; c++) sub[c * count + k] = w[k * p + columns[c]];
        return sub;
    }
}
