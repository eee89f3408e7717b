package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RidgeVsLogisticTest {
    private static final int P = 100, TEST = 2000, REPEATS = 5;

    /** Gaussian features, w* on the unit sphere, labels sign(xᵀw* + 0.5·noise) — the lab's synthetic classify data. */
    private static double[][] data(SplittableRandom rng, double[] wStar, int n) {
        double[] x = Dense.gaussian(rng, n, P), m = Dense.timesVector(x, n, P, wStar), y = new double[n];
        for (int i = 0; i < n; i++) y[i] = m[i] + 0.5 * rng.nextGaussian() > 0 ? 1 : -1;
        return new double[][] {x, y};
    }

    /**
     * The seed post's claim, measured: with λ → 0 the ridge classifier's test accuracy collapses towards chance at
     * the interpolation threshold n ≈ p (+1 for the intercept), below its value at n = p/2 and n = 2p, while
     * logistic regression's accuracy has no such dip.
     */
    @Test
    void ridgeClassifierDipsAtTheInterpolationThresholdAndLogisticRegressionDoesNot() {
        int[] sizes = {50, 101, 200};
        double[] ridge = new double[sizes.length], logistic = new double[sizes.length], mse = new double[sizes.length];
        RidgeVsLogistic compare = new RidgeVsLogistic(1e-6, "mean", new LogisticRegression());
        for (int r = 0; r < REPEATS; r++) {
            SplittableRandom rng = new SplittableRandom(1000 + r);
            double[] wStar = Dense.gaussian(rng, P, 1);
            double norm = Dense.norm(wStar);
            for (int j = 0; j < P; j++) wStar[j] /= norm;
            double[][] test = data(rng, wStar, TEST);
            for (int s = 0; s < sizes.length; s++) {
                double[][] train = data(rng, wStar, sizes[s]);
                ClassificationPoint pt = compare.evaluate(train[0], train[1], sizes[s], P, test[0], test[1], TEST);
                assertEquals(sizes[s], pt.instances());
                assertEquals((double) P / sizes[s], pt.ratio(), 1e-15);
                assertTrue(Double.isFinite(pt.logisticLogLoss()) && pt.logisticLogLoss() > 0);
                ridge[s] += pt.ridgeAccuracy() / REPEATS;
                logistic[s] += pt.logisticAccuracy() / REPEATS;
                mse[s] += pt.ridgeTestMse() / REPEATS;
            }
        }
        for (int s = 0; s < sizes.length; s++)
            System.out.printf("classify p=%d n=%d: ridge accuracy %.3f (test MSE %.3g), logistic accuracy %.3f%n",
                    P, sizes[s], ridge[s], mse[s], logistic[s]);
        double ridgeDip = Math.min(ridge[0], ridge[2]) - ridge[1];
        double logisticDip = Math.min(logistic[0], logistic[2]) - logistic[1];
        assertTrue(ridgeDip > 0.08, "ridge accuracy dips at n ≈ p by " + ridgeDip);
        assertTrue(logisticDip < 0.02, "logistic accuracy does not dip at n ≈ p: " + logisticDip);
        assertTrue(logistic[1] - ridge[1] > 0.1, "at n ≈ p logistic beats ridge: " + logistic[1] + " vs " + ridge[1]);
        assertTrue(mse[1] > 10 * mse[2], "the ridge decision function's variance explodes at n ≈ p: " + mse[1] + " vs " + mse[2]);
    }

    @Test
    void ridgeClassifierIsRidgeRegressionOfTheLabelsWithAnUnpenalisedIntercept() {
        int n = 80, p = 10, nTest = 300;
        SplittableRandom rng = new SplittableRandom(1100);
        double[] wStar = Dense.gaussian(rng, p, 1);
        double[] x = Dense.gaussian(rng, n, p), xt = Dense.gaussian(rng, nTest, p);
        double[] y = new double[n], yt = new double[nTest];
        double[] m = Dense.timesVector(x, n, p, wStar), mt = Dense.timesVector(xt, nTest, p, wStar);
        for (int i = 0; i < n; i++) y[i] = m[i] + 1 + rng.nextGaussian() > 0 ? 1 : -1;
        for (int i = 0; i < nTest; i++) yt[i] = mt[i] + 1 + rng.nextGaussian() > 0 ? 1 : -1;
        double lambda = 0.05;
        // Reference: normal equations of [1 X] with the intercept unpenalised, λ' = nλ.
        int q = p + 1;
        double[] a = new double[n * q];
        for (int i = 0; i < n; i++) { a[i * q] = 1; System.arraycopy(x, i * p, a, i * q + 1, p); }
        double[] at = Dense.transpose(a, n, q), g = Dense.times(at, q, n, a, q);
        for (int j = 1; j < q; j++) g[j * q + j] += n * lambda;
        double[] coef = Dense.solve(g, Dense.timesVector(at, q, n, y), q);
        int correct = 0;
        double mse = 0;
        for (int i = 0; i < nTest; i++) {
            double dec = coef[0];
            for (int j = 0; j < p; j++) dec += xt[i * p + j] * coef[j + 1];
            if ((dec > 0 ? 1 : -1) == yt[i]) correct++;
            mse += (dec - yt[i]) * (dec - yt[i]);
        }
        ClassificationPoint pt = new RidgeVsLogistic(lambda, "mean", new LogisticRegression())
                .evaluate(x, y, n, p, xt, yt, nTest);
        assertEquals((double) correct / nTest, pt.ridgeAccuracy(), 0);
        assertEquals(mse / nTest, pt.ridgeTestMse(), 1e-10 * mse / nTest);
        // Logistic: accuracy and clipped log-loss recomputed from an independent Newton fit.
        double[] th = LogisticRegressionTest.newton(x, y, n, p, LogisticRegression.DEFAULT_LAMBDA);
        int lc = 0;
        double loss = 0;
        for (int i = 0; i < nTest; i++) {
            double mm = th[p];
            for (int j = 0; j < p; j++) mm += xt[i * p + j] * th[j];
            if ((mm > 0 ? 1 : -1) == yt[i]) lc++;
            loss += Math.min(Math.log1p(Math.exp(-yt[i] * mm)), -Math.log(Math.ulp(1.0)));
        }
        assertEquals((double) lc / nTest, pt.logisticAccuracy(), 2.0 / nTest);
        assertEquals(loss / nTest, pt.logisticLogLoss(), 1e-3 * loss / nTest);
    }
}
