package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ridge from one SVD against the normal equations (XᵀX + λ'I)w = Xᵀy solved independently by Cholesky. */
class SpectralRidgeTest {

    static double[] gaussian(SplittableRandom rng, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = rng.nextGaussian();
        return a;
    }

    static double[] normalEquations(int n, int p, double[] x, double[] y, double lambda) {
        double[] g = Lapack.gram(n, p, x);
        for (int j = 0; j < p; j++) g[j * p + j] += lambda;
        double[] xty = new double[p];
        Lapack.gemm(true, false, p, 1, n, 1.0, x, y, 0.0, xty);
        return Lapack.solveSpd(p, g, 1, xty);
    }

    static double residual2(int n, int p, double[] x, double[] y, double[] w) {
        double r = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i];
            for (int j = 0; j < p; j++) e -= x[i * p + j] * w[j];
            r += e * e;
        }
        return r;
    }

    static void assertClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0, diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= rel * scale, what + ": max deviation " + diff + " vs scale " + scale);
    }

    @Test
    void everyLambdaFromOneSvdMatchesTheNormalEquations() {
        SplittableRandom rng = new SplittableRandom(42);
        int n = 30, p = 8;
        double[] x = gaussian(rng, n * p), y = gaussian(rng, n);
        SpectralRidge ridge = SpectralRidge.of(Lapack.thinSvd(n, p, x), 1, y, false);
        assertEquals(p, ridge.rank());
        for (double lambda : new double[]{0.0, 1e-3, 0.5, 10, 1e4}) {
            double[] expected = normalEquations(n, p, x, y, lambda);
            double[] f = ridge.filter(lambda);
            double[] w = ridge.weights(ridge.coefficients(f, 0));
            assertClose(expected, w, 1e-12, "weights at λ'=" + lambda);
            assertEquals(residual2(n, p, x, y, expected), ridge.residual2(f, 0), 1e-11 * residual2(n, p, x, y, expected));
            // GCV with df = tr H, H = X (XᵀX + λ'I)⁻¹ Xᵀ: tr H = Σ_j (XᵀX + λ'I)⁻¹XᵀX column solves
            double[] g = Lapack.gram(n, p, x), shifted = g.clone();
            for (int j = 0; j < p; j++) shifted[j * p + j] += lambda;
            double[] solved = Lapack.solveSpd(p, shifted, p, g);
            double df = 0;
            for (int j = 0; j < p; j++) df += solved[j * p + j];
            double gcv = residual2(n, p, x, y, expected) / n / Math.pow(1 - df / n, 2);
            assertEquals(gcv, ridge.gcv(f, 0), 1e-10 * gcv, "GCV at λ'=" + lambda);
        }
    }

    @Test
    void ridgelessUnderdeterminedIsTheMinimumNormInterpolant() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 6, p = 15;
        double[] x = gaussian(rng, n * p), y = gaussian(rng, n);
        SpectralRidge ridge = SpectralRidge.of(Lapack.thinSvd(n, p, x), 1, y, false);
        double[] f = ridge.filter(0);
        double[] w = ridge.weights(ridge.coefficients(f, 0));
        // w = Xᵀ (XXᵀ)⁻¹ y
        double[] xxt = new double[n * n];
        Lapack.gemm(false, true, n, n, p, 1.0, x, x, 0.0, xxt);
        double[] alpha = Lapack.solveSpd(n, xxt, 1, y);
        double[] expected = new double[p];
        Lapack.gemm(true, false, p, 1, n, 1.0, x, alpha, 0.0, expected);
        assertClose(expected, w, 1e-11, "minimum-norm solution");
        assertTrue(ridge.residual2(f, 0) < 1e-20, "interpolates");
        assertTrue(Double.isNaN(ridge.gcv(f, 0)), "GCV is 0/0 when df = n");
        // a tiny λ approaches the same solution
        double[] near = ridge.weights(ridge.coefficients(ridge.filter(1e-10), 0));
        assertClose(expected, near, 1e-6, "λ → 0 limit");
    }

    @Test
    void singularValuesBelowTheToleranceAreDropped() {
        // duplicated column: exact rank p − 1; λ = 0 must give the minimum-norm solution, not 1/s blow-up
        SplittableRandom rng = new SplittableRandom(9);
        int n = 20, p = 4;
        double[] x = gaussian(rng, n * p), y = gaussian(rng, n);
        for (int i = 0; i < n; i++) x[i * p + 3] = x[i * p + 2];
        SpectralRidge ridge = SpectralRidge.of(Lapack.thinSvd(n, p, x), 1, y, false);
        assertEquals(3, ridge.rank());
        double[] w = ridge.weights(ridge.coefficients(ridge.filter(0), 0));
        assertEquals(w[2], w[3], 1e-12, "minimum norm splits the weight equally between equal columns");
        double[] reduced = new double[n * 3];
        for (int i = 0; i < n; i++) for (int j = 0; j < 3; j++) reduced[i * 3 + j] = x[i * p + j];
        double[] ls = normalEquations(n, 3, reduced, y, 0);
        assertEquals(ls[2], w[2] + w[3], 1e-12);
        assertEquals(ls[0], w[0], 1e-12);
    }
}
