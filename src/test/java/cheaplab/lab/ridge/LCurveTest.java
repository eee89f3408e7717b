package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LCurveTest {

    /** Gravity problem with 1% white noise (a curve with a clear corner). */
    private static final int N = 200, P = 100;
    private static final double[] X = Dense.gravity(N, P, 0.25);
    private static final ThinSvd SVD = Lapack.thinSvd(N, P, X);

    private static double[] noisyGravity(long seed, double relativeNoise, double[] noiseOut) {
        double[] y = Dense.timesVector(X, N, P, Dense.gravitySolution(P));
        double sigma = relativeNoise * Dense.norm(y) / Math.sqrt(N);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < N; i++) {
            double e = sigma * rng.nextGaussian();
            if (noiseOut != null) noiseOut[i] = e;
            y[i] += e;
        }
        return y;
    }

    @Test
    void curvatureMatchesFiniteDifferencesOfTheCurve() {
        SplittableRandom rng = new SplittableRandom(41);
        double[] xa = Dense.gaussian(rng, 30, 12), ya = Dense.gaussian(rng, 30, 1);
        double[] xb = Dense.gaussian(rng, 12, 30), yb = Dense.gaussian(rng, 12, 1);
        SpectralRidge[] cases = {
                new SpectralRidge(SVD, noisyGravity(1, 0.01, null), "sum"),
                new SpectralRidge(Lapack.thinSvd(30, 12, xa), ya, "mean"),      // y partly outside range(X)
                new SpectralRidge(Lapack.thinSvd(12, 30, xb), yb, "mean"),      // interpolation regime
        };
        for (SpectralRidge ridge : cases) {
            LCurve curve = new LCurve(ridge);
            double[] grid = LCurve.grid(ridge, 25);
            for (int i = 2; i < grid.length - 2; i += 3) {
                double t = Math.log(grid[i]), h = 1e-3;
                double[] a = new double[5], b = new double[5];
                for (int j = -2; j <= 2; j++) {
                    double l = Math.exp(t + j * h);
                    a[j + 2] = Math.log(ridge.residualNorm(l));
                    b[j + 2] = Math.log(ridge.solutionNorm(l));
                }
                double a1 = (a[0] - 8 * a[1] + 8 * a[3] - a[4]) / (12 * h), b1 = (b[0] - 8 * b[1] + 8 * b[3] - b[4]) / (12 * h);
                double a2 = (-a[0] + 16 * a[1] - 30 * a[2] + 16 * a[3] - a[4]) / (12 * h * h);
                double b2 = (-b[0] + 16 * b[1] - 30 * b[2] + 16 * b[3] - b[4]) / (12 * h * h);
                double numeric = (a1 * b2 - a2 * b1) / Math.pow(a1 * a1 + b1 * b1, 1.5);
                double analytic = curve.curvature(grid[i]);
                assertEquals(numeric, analytic, 1e-4 * Math.max(1, Math.abs(numeric)), "λ=" + grid[i]);
            }
        }
    }

    @Test
    void cornerIsTheCurvatureMaximumAndSitsAtTheNoiseLevel() {
        double[] e = new double[N];
        SpectralRidge ridge = new SpectralRidge(SVD, noisyGravity(2, 0.01, e), "sum");
        LCurve curve = new LCurve(ridge);
        double[] grid = LCurve.grid(ridge, LCurve.DEFAULT_POINTS);
        double corner = curve.corner(grid).orElseThrow();
        double k = curve.curvature(corner);
        assertTrue(k > 0, "a convex corner has positive curvature: " + k);
        int i = 0;
        while (grid[i + 1] < corner) i++;
        for (int j = 0; j <= 400; j++) {
            double l = grid[Math.max(i - 1, 0)] * Math.pow(grid[Math.min(i + 2, grid.length - 1)] / grid[Math.max(i - 1, 0)], j / 400.0);
            assertTrue(curve.curvature(l) <= k * (1 + 1e-9), "curvature at " + l + " exceeds the corner's");
        }
        // At the corner the residual is of the size of the noise (the discrepancy level) and the solution error
        // is far below that of the under-regularised end of the curve.
        double residualOverNoise = ridge.residualNorm(corner) / Dense.norm(e);
        System.out.printf("gravity 1%%: corner λ = %.3g, ‖r‖/‖e‖ = %.3f%n", corner, residualOverNoise);
        assertTrue(residualOverNoise > 0.5 && residualOverNoise < 2, "‖r‖/‖e‖ at the corner: " + residualOverNoise);
        double[] wStar = Dense.gravitySolution(P);
        double errCorner = Dense.norm(Dense.minus(ridge.solution(corner), wStar));
        double errSmall = Dense.norm(Dense.minus(ridge.solution(grid[0]), wStar));
        assertTrue(errCorner < 0.01 * errSmall, "corner error " + errCorner + " vs λ→0 error " + errSmall);
    }

    @Test
    void cornerIsTheSamePenaltyUnderMeanAndSumScaling() {
        double[] y = noisyGravity(3, 0.01, null);
        SpectralRidge sum = new SpectralRidge(SVD, y, "sum"), mean = new SpectralRidge(SVD, y, "mean");
        double[] gridSum = LCurve.grid(sum, 60), gridMean = LCurve.grid(mean, 60);
        for (int i = 0; i < 60; i++) assertEquals(gridSum[i], N * gridMean[i], 1e-12 * gridSum[i]);
        double cs = new LCurve(sum).corner(gridSum).orElseThrow(), cm = new LCurve(mean).corner(gridMean).orElseThrow();
        assertEquals(cs, N * cm, 1e-6 * cs);
        assertEquals(new LCurve(sum).curvature(cs), new LCurve(mean).curvature(cm), 1e-9);
    }

    @Test
    void wellPosedProblemHasNoCorner() {
        // 200 × 20 iid Gaussian design: singular values within a factor 1.8 of each other, far above the noise.
        int n = 200, p = 20;
        SplittableRandom rng = new SplittableRandom(44);
        double[] x = Dense.gaussian(rng, n, p), y = Dense.timesVector(x, n, p, Dense.gaussian(rng, p, 1));
        for (int i = 0; i < n; i++) y[i] += 0.5 * rng.nextGaussian();
        SpectralRidge ridge = new SpectralRidge(Lapack.thinSvd(n, p, x), y, "mean");
        assertFalse(new LCurve(ridge).corner(LCurve.grid(ridge, 60)).isPresent());
    }

    @Test
    void gridSpansTheSpectrumWithMargins() {
        SpectralRidge ridge = new SpectralRidge(SVD, noisyGravity(4, 0.01, null), "sum");
        double[] grid = LCurve.grid(ridge, 60);
        assertEquals(60, grid.length);
        for (int i = 1; i < grid.length; i++) assertTrue(grid[i] > grid[i - 1]);
        double s1 = ridge.singularValue(0), sr = ridge.singularValue(ridge.rank() - 1);
        assertEquals(100 * s1 * s1, grid[59], 1e-9 * grid[59]);
        assertEquals(Math.max(sr * sr, 1e-16 * s1 * s1) / 100, grid[0], 1e-9 * grid[0]);
        double ratio = grid[1] / grid[0];
        for (int i = 2; i < grid.length; i++) assertEquals(ratio, grid[i] / grid[i - 1], 1e-9 * ratio);
    }
}
