package cheaplab.lab.ridge;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analytic bias²/variance split for a FIXED design against Monte Carlo over noise draws: the mean of the
 * measured risk over many noise draws must approach bias² + variance, within a few standard errors.
 */
class BiasVarianceTest {
    static final int DRAWS = 2000;

    /** Mean measured risk over noise draws and its standard error, plus the analytic parts (constant over draws). */
    static double[] monteCarlo(GaussianLinearModel model, int n, double sumLambda, long seed) {
        GaussianLinearModel.Sample base = model.sample(0, n);
        int p = base.p();
        double[] signal = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) s += base.x()[i * p + j] * base.wStar()[j];
            signal[i] = s;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double sum = 0, sum2 = 0, bias2 = 0, variance = 0;
        for (int d = 0; d < DRAWS; d++) {
            double[] eps = model.noiseSequence(rng, n);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = signal[i] + eps[i];
            RepeatOutcome o = SyntheticTrial.evaluate(new GaussianLinearModel.Sample(n, p, base.x(), y, base.wStar()),
                    model.covariance(), model.noiseCorrelation(), model.noise(), new double[]{sumLambda});
            sum += o.testRisk()[0];
            sum2 += o.testRisk()[0] * o.testRisk()[0];
            bias2 = o.bias2()[0];
            variance = o.variance()[0];
        }
        double mean = sum / DRAWS, sd = Math.sqrt(Math.max(0, sum2 / DRAWS - mean * mean));
        return new double[]{mean, sd / Math.sqrt(DRAWS), bias2, variance};
    }

    static void check(GaussianLinearModel model, int n, double sumLambda) {
        double[] mc = monteCarlo(model, n, sumLambda, 99);
        double expected = mc[2] + mc[3];
        assertTrue(mc[2] > 0 && mc[3] > 0, "both parts present");
        assertEquals(expected, mc[0], 4 * mc[1] + 1e-12,
                model.getClass().getSimpleName() + " n=" + n + " λ'=" + sumLambda + ": MC " + mc[0] + " ± " + mc[1]
                        + " vs bias² " + mc[2] + " + variance " + mc[3]);
    }

    @Test
    void isotropicOverAndUnderDetermined() {
        IsotropicGaussian model = new IsotropicGaussian(12, 0.7, 1.5, 3);
        check(model, 30, 2.0);
        check(model, 8, 0.0);   // ridgeless, p > n: bias from the unseen directions of w*
        check(model, 8, 0.5);
    }

    @Test
    void decayingSpectrumIsSigmaWeighted() {
        check(new DecayingSpectrum(10, 2.0, 0.5, 1.0, 4), 25, 1.0);
        check(new DecayingSpectrum(10, 1.0, 0.5, 1.0, 4), 7, 0.0);
    }

    @Test
    void ar1NoiseUsesTheCorrelationMatrix() {
        check(new Ar1CorrelatedNoise(10, 0.8, 0.6, 1.0, 5), 24, 1.0);
        // A design with slowly varying columns (a time-series-like design): AR(1) noise along the index
        // piles onto exactly those directions, so its variance is several times the independent-noise one.
        int n = 40, p = 3;
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) x[i * p + j] = Math.cos(Math.PI * (j + 1) * i / n);
        double[] w = {0.5, -1, 0.25};
        Ar1CorrelatedNoise noise = new Ar1CorrelatedNoise(p, 0.8, 0.6, 1.0, 5);
        SplittableRandom rng = new SplittableRandom(12);
        double sum = 0, sum2 = 0, analytic = 0, iid = 0;
        for (int d = 0; d < DRAWS; d++) {
            double[] eps = noise.noiseSequence(rng, n), y = new double[n];
            for (int i = 0; i < n; i++) y[i] = x[i * p] * w[0] + x[i * p + 1] * w[1] + x[i * p + 2] * w[2] + eps[i];
            GaussianLinearModel.Sample s = new GaussianLinearModel.Sample(n, p, x, y, w);
            RepeatOutcome o = SyntheticTrial.evaluate(s, null, 0.8, 0.6, new double[]{0.0});
            sum += o.testRisk()[0];
            sum2 += o.testRisk()[0] * o.testRisk()[0];
            analytic = o.bias2()[0] + o.variance()[0];
            iid = SyntheticTrial.evaluate(s, null, 0.0, 0.6, new double[]{0.0}).variance()[0];
        }
        double mean = sum / DRAWS, se = Math.sqrt((sum2 / DRAWS - mean * mean) / DRAWS);
        assertEquals(analytic, mean, 4 * se, "AR(1) analytic " + analytic + " vs MC " + mean + " ± " + se);
        assertTrue(analytic > 2 * iid, "AR(1) variance " + analytic + " vs independent-noise " + iid);
    }

    @Test
    void ar1CorrelateIsTheToeplitzProduct() {
        double rho = 0.6;
        double[] u = {1, -2, 0.5, 3, 0};
        double[] ku = Ar1CorrelatedNoise.correlate(rho, u, 0, 1, 5);
        for (int s = 0; s < 5; s++) {
            double e = 0;
            for (int t = 0; t < 5; t++) e += Math.pow(rho, Math.abs(s - t)) * u[t];
            assertEquals(e, ku[s], 1e-14);
        }
    }

    @Test
    void ar1NoiseHasTheStationaryCovariance() {
        Ar1CorrelatedNoise model = new Ar1CorrelatedNoise(1, 0.7, 2.0, 1.0, 1);
        SplittableRandom rng = new SplittableRandom(2);
        int n = 200_000;
        double[] e = model.noiseSequence(rng, n);
        double v = 0, c1 = 0, c3 = 0;
        for (int i = 0; i < n; i++) v += e[i] * e[i] / n;
        for (int i = 1; i < n; i++) c1 += e[i] * e[i - 1] / (n - 1);
        for (int i = 3; i < n; i++) c3 += e[i] * e[i - 3] / (n - 3);
        assertEquals(4.0, v, 0.08);
        assertEquals(0.7, c1 / v, 0.01);
        assertEquals(0.343, c3 / v, 0.015);
    }
}
