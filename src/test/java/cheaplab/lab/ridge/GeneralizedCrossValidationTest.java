package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneralizedCrossValidationTest {

    @Test
    void equalsTheHatMatrixDefinitionWithoutIntercept() {
        int n = 30, p = 12;
        SplittableRandom rng = new SplittableRandom(21);
        double[] x = Dense.gaussian(rng, n, p), y = Dense.gaussian(rng, n, 1);
        GeneralizedCrossValidation gcv = new GeneralizedCrossValidation(new SpectralRidge(Lapack.thinSvd(n, p, x), y, "mean"));
        for (double lambda : new double[] {1e-4, 0.01, 0.3, 5}) {
            double expected = bruteForce(x, y, n, p, n * lambda, false);
            assertEquals(expected, gcv.score(lambda), 1e-10 * expected, "λ=" + lambda);
        }
    }

    @Test
    void interceptCountsAsOneMoreDegreeOfFreedomExactly() {
        int n = 25, p = 8;
        SplittableRandom rng = new SplittableRandom(22);
        double[] x = Dense.gaussian(rng, n, p), y = Dense.gaussian(rng, n, 1);
        for (int i = 0; i < n; i++) {
            y[i] += 3.0;                                     // a real offset for the intercept to absorb
            for (int j = 0; j < p; j++) x[i * p + j] += 0.5 * j;
        }
        double[] xc = centredColumns(x, n, p), yc = centred(y);
        GeneralizedCrossValidation gcv = new GeneralizedCrossValidation(new SpectralRidge(Lapack.thinSvd(n, p, xc), yc, "sum", true));
        for (double lambda : new double[] {1e-3, 0.1, 1, 40}) {
            double expected = bruteForce(x, y, n, p, lambda, true);
            assertEquals(expected, gcv.score(lambda), 1e-9 * expected, "λ=" + lambda);
        }
    }

    @Test
    void minimiserBeatsEveryGridPointAndMatchesAFineScan() {
        int n = 60, p = 20;
        SplittableRandom rng = new SplittableRandom(23);
        double[] x = Dense.gaussian(rng, n, p), w = Dense.gaussian(rng, p, 1), y = Dense.timesVector(x, n, p, w);
        for (int i = 0; i < n; i++) y[i] += 2.0 * rng.nextGaussian();
        SpectralRidge ridge = new SpectralRidge(Lapack.thinSvd(n, p, x), y, "mean");
        GeneralizedCrossValidation gcv = new GeneralizedCrossValidation(ridge);
        double[] grid = LCurve.grid(ridge, 60);
        double best = gcv.minimiser(grid);
        for (double l : grid) assertTrue(gcv.score(best) <= gcv.score(l) + 1e-15, "grid point " + l + " beats the minimiser");
        double fine = Double.NaN, fineScore = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 20000; i++) {
            double l = grid[0] * Math.pow(grid[grid.length - 1] / grid[0], i / 20000.0);
            if (gcv.score(l) < fineScore) { fineScore = gcv.score(l); fine = l; }
        }
        assertEquals(Math.log(fine), Math.log(best), 2e-3, "refined minimiser vs scan: " + best + " vs " + fine);
        assertTrue(best > grid[0] && best < grid[grid.length - 1], "an interior optimum for this noisy problem");
    }

    @Test
    void interpolationLimitIsInfiniteNotNaN() {
        int n = 10, p = 20;
        SplittableRandom rng = new SplittableRandom(24);
        double[] x = Dense.gaussian(rng, n, p), y = Dense.gaussian(rng, n, 1);
        GeneralizedCrossValidation gcv = new GeneralizedCrossValidation(new SpectralRidge(Lapack.thinSvd(n, p, x), y, "mean"));
        assertEquals(Double.POSITIVE_INFINITY, gcv.score(0));
        assertTrue(Double.isFinite(gcv.score(1e-3)));
    }

    /** n‖(I − H)y‖²/(n − tr H)² with H the hat matrix of [1 X] (intercept unpenalised) or of X. */
    static double bruteForce(double[] x, double[] y, int n, int p, double lambdaEffective, boolean intercept) {
        int q = p + (intercept ? 1 : 0);
        double[] a = new double[n * q];
        for (int i = 0; i < n; i++) {
            if (intercept) a[i * q] = 1;
            System.arraycopy(x, i * p, a, i * q + (intercept ? 1 : 0), p);
        }
        double[] at = Dense.transpose(a, n, q), g = Dense.times(at, q, n, a, q);
        for (int j = intercept ? 1 : 0; j < q; j++) g[j * q + j] += lambdaEffective;
        double[] coef = Dense.solve(g, Dense.timesVector(at, q, n, y), q);
        double[] r = Dense.minus(y, Dense.timesVector(a, n, q, coef));
        double tr = 0;
        for (int i = 0; i < n; i++) {
            double[] row = new double[q];
            System.arraycopy(a, i * q, row, 0, q);
            double[] s = Dense.solve(g, row, q);
            for (int j = 0; j < q; j++) tr += row[j] * s[j];
        }
        double rss = Dense.norm(r) * Dense.norm(r);
        return n * rss / ((n - tr) * (n - tr));
    }

    static double[] centredColumns(double[] x, int n, int p) {
        double[] c = x.clone();
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) m += x[i * p + j];
            m /= n;
            for (int i = 0; i < n; i++) c[i * p + j] -= m;
        }
        return c;
    }

    static double[] centred(double[] y) {
        double m = 0;
        for (double v : y) m += v;
        m /= y.length;
        double[] c = y.clone();
        for (int i = 0; i < c.length; i++) c[i] -= m;
        return c;
    }
}
