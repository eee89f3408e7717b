package cheaplab.lab.ridge;

import cheaplab.linalg.ThinSvd;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpectralRidgeTest {

    @Test
    void matchesTheNormalEquationsForEveryLambdaAndScaling() {
        int n = 40, p = 15;
        SplittableRandom rng = new SplittableRandom(11);
        double[] x = Dense.gaussian(rng, n, p), w = Dense.gaussian(rng, p, 1), y = Dense.timesVector(x, n, p, w);
        for (int i = 0; i < n; i++) y[i] += 0.3 * rng.nextGaussian();
        ThinSvd svd = TestSvd.of(x, n, p);
        for (String scaling : new String[] {"mean", "sum"}) {
            SpectralRidge ridge = new SpectralRidge(svd, y, scaling);
            for (double lambda : new double[] {0, 1e-6, 1e-3, 0.1, 2, 50}) {
                double eff = scaling.equals("mean") ? n * lambda : lambda;
                assertEquals(eff, ridge.effectiveLambda(lambda), 0);
                double[] expected = Dense.ridge(x, y, n, p, eff);
                double[] got = ridge.solution(lambda);
                assertArrayEquals(expected, got, 1e-10 * Dense.norm(expected), scaling + " λ=" + lambda);
                assertEquals(Dense.norm(expected), ridge.solutionNorm(lambda), 1e-10 * Dense.norm(expected));
                double residual = Dense.norm(Dense.minus(y, Dense.timesVector(x, n, p, expected)));
                assertEquals(residual, ridge.residualNorm(lambda), 1e-10 * residual);
                assertEquals(trace(x, n, p, eff), ridge.degreesOfFreedom(lambda), 1e-9);
            }
        }
    }

    @Test
    void zeroLambdaIsTheMinimumNormInterpolantWhenFeaturesOutnumberInstances() {
        int n = 12, p = 30;
        SplittableRandom rng = new SplittableRandom(12);
        double[] x = Dense.gaussian(rng, n, p), y = Dense.gaussian(rng, n, 1);
        SpectralRidge ridge = new SpectralRidge(TestSvd.of(x, n, p), y, "mean");
        // w = Xᵀ(XXᵀ)⁻¹y
        double[] xt = Dense.transpose(x, n, p);
        double[] expected = Dense.timesVector(xt, p, n, Dense.solve(Dense.times(x, n, p, xt, n), y, n));
        assertEquals(n, ridge.rank());
        assertArrayEquals(expected, ridge.solution(0), 1e-10 * Dense.norm(expected));
        assertTrue(ridge.residualNorm(0) < 1e-12 * Dense.norm(y), "interpolates: " + ridge.residualNorm(0));
        assertTrue(ridge.outsideResidualSquared() < 1e-24 * Dense.norm(y) * Dense.norm(y));
        // The residual at tiny λ is not lost to cancellation: it scales like λ'.
        double r1 = ridge.residualNorm(1e-8), r2 = ridge.residualNorm(2e-8);
        assertEquals(2.0, r2 / r1, 1e-6);
        assertEquals(n, ridge.degreesOfFreedom(0), 1e-12);
    }

    @Test
    void rankDeficientDesignGivesTheMinimumNormLeastSquaresSolution() {
        int n = 20, p = 10, r = 5;
        SplittableRandom rng = new SplittableRandom(13);
        double[] a = Dense.gaussian(rng, n, r), b = Dense.gaussian(rng, r, p), x = Dense.times(a, n, r, b, p);
        double[] y = Dense.gaussian(rng, n, 1);
        SpectralRidge ridge = new SpectralRidge(TestSvd.of(x, n, p), y, "sum");
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
    void rejectsUnknownScalingAndMismatchedTarget() {
        ThinSvd svd = TestSvd.of(new double[] {1, 2, 3, 4}, 2, 2);
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
