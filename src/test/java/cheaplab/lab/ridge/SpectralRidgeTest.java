package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ridge from one SVD against independent references: the normal equations (XᵀX + λ'I)w = Xᵀy (Cholesky and
 * Gaussian elimination), the hat-matrix trace, the minimum-norm interpolant Xᵀ(XXᵀ)⁻¹y, and least squares on a
 * rank-deficient design.
 */
class SpectralRidgeTest {

    @Test
    void matchesTheNormalEquationsForEveryLambdaAndScaling() {
        int n = 40, p = 15;
        SplittableRandom rng = new SplittableRandom(11);
        double[] x = Dense.gaussian(rng, n, p), w = Dense.gaussian(rng, p, 1), y = Dense.timesVector(x, n, p, w);
        for (int i = 0; i < n; i++) y[i] += 0.3 * rng.nextGaussian();
        ThinSvd svd = Lapack.thinSvd(n, p, x);
        for (String scaling : new String[] {"mean", "sum"}) {
            SpectralRidge ridge = new SpectralRidge(svd, y, scaling);
            assertEquals(p, ridge.rank());
            for (double lambda : new double[] {0, 1e-6, 1e-3, 0.1, 2, 50, 1e4}) {
                double eff = scaling.equals("mean") ? n * lambda : lambda;
                assertEquals(eff, ridge.effectiveLambda(lambda), 0);
                assertEquals(lambda, ridge.userLambda(eff), 1e-15 * lambda);
                double[] expected = Dense.ridge(x, y, n, p, eff);
                double[] got = ridge.solution(lambda);
                assertArrayEquals(expected, got, 1e-10 * Dense.norm(expected), scaling + " λ=" + lambda);
                assertArrayEquals(Dense.ridgeCholesky(x, y, n, p, eff), got, 1e-10 * Dense.norm(expected), "Cholesky");
                assertEquals(Dense.norm(expected), ridge.solutionNorm(lambda), 1e-10 * Dense.norm(expected));
                double residual = Dense.norm(Dense.minus(y, Dense.timesVector(x, n, p, expected)));
                assertEquals(residual, ridge.residualNorm(lambda), 1e-10 * residual);
                double df = trace(x, n, p, eff);
                assertEquals(df, ridge.degreesOfFreedom(lambda), 1e-9);
                // GCV = (‖r‖²/n) / (1 − tr H/n)² with the independently computed trace
                double gcv = residual * residual / n / Math.pow(1 - df / n, 2);
                assertEquals(gcv, ridge.gcv(lambda), 1e-9 * gcv, "GCV at λ=" + lambda);
            }
        }
    }

    @Test
    void everyTargetOfAMultiTargetFitIsItsOwnSingleTargetFit() {
        int n = 25, p = 9, t = 3;
        SplittableRandom rng = new SplittableRandom(14);
        double[] x = Dense.gaussian(rng, n, p), ys = Dense.gaussian(rng, n, t);
        ThinSvd svd = Lapack.thinSvd(n, p, x);
        SpectralRidge all = SpectralRidge.of(svd, t, ys, false, LambdaScaling.SUM);
        for (int k = 0; k < t; k++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = ys[i * t + k];
            for (double lambda : new double[] {0, 0.3, 20}) {
                double[] expected = Dense.ridge(x, y, n, p, lambda);
                assertArrayEquals(expected, all.solution(lambda, k), 1e-10 * Dense.norm(expected), "target " + k);
                double residual = Dense.norm(Dense.minus(y, Dense.timesVector(x, n, p, expected)));
                assertEquals(residual * residual, all.residualSquared(lambda, k), 1e-10 * residual * residual);
                assertEquals(Dense.norm(expected), all.solutionNorm(lambda, k), 1e-10 * Dense.norm(expected));
            }
        }
    }

    @Test
    void zeroLambdaIsTheMinimumNormInterpolantWhenFeaturesOutnumberInstances() {
        int n = 12, p = 30;
        SplittableRandom rng = new SplittableRandom(12);
        double[] x = Dense.gaussian(rng, n, p), y = Dense.gaussian(rng, n, 1);
        SpectralRidge ridge = new SpectralRidge(Lapack.thinSvd(n, p, x), y, "mean");
        // w = Xᵀ(XXᵀ)⁻¹y
        double[] xt = Dense.transpose(x, n, p);
        double[] expected = Dense.timesVector(xt, p, n, Dense.solve(Dense.times(x, n, p, xt, n), y, n));
        assertEquals(n, ridge.rank());
        assertArrayEquals(expected, ridge.solution(0), 1e-10 * Dense.norm(expected));
        assertTrue(ridge.residualNorm(0) < 1e-12 * Dense.norm(y), "interpolates: " + ridge.residualNorm(0));
        assertTrue(ridge.outsideResidualSquared() < 1e-24 * Dense.norm(y) * Dense.norm(y));
        assertTrue(Double.isNaN(ridge.gcv(0)), "GCV is 0/0 when df = n");
        // The residual at tiny λ is not lost to cancellation: it scales like λ'.
        double r1 = ridge.residualNorm(1e-8), r2 = ridge.residualNorm(2e-8);
        assertEquals(2.0, r2 / r1, 1e-6);
        assertEquals(n, ridge.degreesOfFreedom(0), 1e-12);
        // a tiny λ approaches the same solution
        assertArrayEquals(expected, ridge.solution(1e-12), 1e-6 * Dense.norm(expected), "λ → 0 limit");
    }

    @Test
    void theResidualOutsideTheRangeKeepsItsDigitsWhenYIsAlmostInTheRange() {
        // y = Xw + δe with e ⟂ range(X) and ‖δe‖ = 1e-7‖y‖: ‖y‖² − ‖Uᵀy‖² would leave ~1e-2 relative error
        // in ρ₀² = δ²‖e‖² (its absolute error is ε‖y‖²); the projection itself keeps it to ~1e-9.
        int n = 40, p = 15;
        SplittableRandom rng = new SplittableRandom(15);
        double[] x = Dense.gaussian(rng, n, p), y = Dense.timesVector(x, n, p, Dense.gaussian(rng, p, 1));
        double[] e = Dense.gaussian(rng, n, 1);
        double[] xt = Dense.transpose(x, n, p);
        double[] coef = Dense.solve(Dense.times(xt, p, n, x, p), Dense.timesVector(xt, p, n, e), p);
        e = Dense.minus(e, Dense.timesVector(x, n, p, coef));   // e − P_X e: orthogonal to range(X)
        double delta = 1e-7 * Dense.norm(y) / Dense.norm(e);
        for (int i = 0; i < n; i++) y[i] += delta * e[i];
        double expected = Math.pow(delta * Dense.norm(e), 2);
        SpectralRidge ridge = new SpectralRidge(Lapack.thinSvd(n, p, x), y, "sum");
        assertEquals(expected, ridge.outsideResidualSquared(), 1e-6 * expected, "ρ₀²");
        assertEquals(Math.sqrt(expected), ridge.residualNorm(0), 1e-6 * Math.sqrt(expected), "least-squares residual");
    }

    @Test
    void rankDeficientDesignGivesTheMinimumNormLeastSquaresSolution() {
        int n = 20, p = 10, r = 5;
        SplittableRandom rng = new SplittableRandom(13);
        double[] a = Dense.gaussian(rng, n, r), b = Dense.gaussian(rng, r, p), x = Dense.times(a, n, r, b, p);
        double[] y = Dense.gaussian(rng, n, 1);
        SpectralRidge ridge = new SpectralRidge(Lapack.thinSvd(n, p, x), y, "sum");
        assertEquals(r, ridge.rank());
        double[] w = ridge.solution(0);
        // Least squares: Xᵀ(y − Xw) = 0.
        double[] normal = Dense.timesVector(Dense.transpose(x, n, p), p, n, Dense.minus(y, Dense.timesVector(x, n, p, w)));
        assertTrue(Dense.norm(normal) < 1e-10 * Dense.norm(y) * 10, "normal equations: " + Dense.norm(normal));
        // Minimum norm: w lies in the row space of B (= row space of X).
        double[] bbt = Dense.times(b, r, p, Dense.transpose(b, r, p), r);
        double[] z = Dense.solve(bbt, Dense.timesVector(b, r, p, w), r);
        double[] projected = Dense.timesVector(Dense.transpose(b, r, p), p, r, z);
        assertArrayEquals(projected, w, 1e-10 * Dense.norm(w));
        // The residual includes the part of y outside range(X) exactly.
        double residual = Dense.norm(Dense.minus(y, Dense.timesVector(x, n, p, w)));
        assertEquals(residual, ridge.residualNorm(0), 1e-12 * Dense.norm(y));
        assertEquals(residual * residual, ridge.outsideResidualSquared(), 1e-12 * Dense.norm(y) * Dense.norm(y));
    }

    @Test
    void singularValuesBelowTheToleranceAreDropped() {
        // duplicated column: exact rank p − 1; λ = 0 must give the minimum-norm solution, not 1/s blow-up
        SplittableRandom rng = new SplittableRandom(9);
        int n = 20, p = 4;
        double[] x = Dense.gaussian(rng, n, p), y = Dense.gaussian(rng, n, 1);
        for (int i = 0; i < n; i++) x[i * p + 3] = x[i * p + 2];
        SpectralRidge ridge = new SpectralRidge(Lapack.thinSvd(n, p, x), y, "sum");
        assertEquals(3, ridge.rank());
        double[] w = ridge.solution(0);
        assertEquals(w[2], w[3], 1e-12, "minimum norm splits the weight equally between equal columns");
        double[] reduced = new double[n * 3];
        for (int i = 0; i < n; i++) for (int j = 0; j < 3; j++) reduced[i * 3 + j] = x[i * p + j];
        double[] ls = Dense.ridgeCholesky(reduced, y, n, 3, 0);
        assertEquals(ls[2], w[2] + w[3], 1e-12);
        assertEquals(ls[0], w[0], 1e-12);
    }

    @Test
    void rejectsUnknownScalingAndMismatchedTarget() {
        ThinSvd svd = Lapack.thinSvd(2, 2, new double[] {1, 2, 3, 4});
        assertThrows(IllegalArgumentException.class, () -> new SpectralRidge(svd, new double[] {1, 2}, "median"));
        assertThrows(IllegalArgumentException.class, () -> new SpectralRidge(svd, new double[] {1, 2, 3}, "mean"));
    }

    /** tr X(XᵀX + λ'I)⁻¹Xᵀ by solving for every column of Xᵀ. */
    static double trace(double[] x, int n, int p, double lambdaEffective) {
        double[] xt = Dense.transpose(x, n, p), g = Dense.times(xt, p, n, x, p);
        for (int j = 0; j < p; j++) g[j * p + j] += lambdaEffective;
        double t = 0;
        for (int i = 0; i < n; i++) {
            double[] row = new double[p];
            System.arraycopy(x, i * p, row, 0, p);
            double[] a = Dense.solve(g, row, p);
            for (int j = 0; j < p; j++) t += row[j] * a[j];
        }
        return t;
    }
}
