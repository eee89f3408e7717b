package cheaplab.lab.ridge;

import cheaplab.data.ImageDataset;
import cheaplab.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MNIST with several repeats: each repeat's random subset is fitted explicitly (centred normal equations,
 * Cholesky) and scored by direct prediction on the fixture's test images; the lab's testRisk must be the mean
 * test MSE, bias2 the MSE of the repeat-averaged predictor and variance the rest.
 */
class MnistRepeatsTest {

    @Test
    void biasAndVarianceAcrossRepeatsMatchExplicitFits() {
        int reps = 3;
        double lambda = 2.0;
        List<Integer> ns = List.of(150, 400);
        RidgeConfig c = new RidgeConfig("mnist", 784, ns, List.of(lambda), "sum", reps, 0.5, 1.0, 1.0, 0.9, "digit-7", 0, 5,
                false, 11);
        RidgeResult r = new RidgeLab().run(c, new RecordingContext(11, FixtureMnist.INSTANCE), 2);
        ImageDataset data = FixtureMnist.INSTANCE.images("mnist");
        ImageSet train = data.train(), test = data.test();
        double[] yTrain = MnistTargets.of(train, 7), yTest = MnistTargets.of(test, 7);
        int p = 784;
        for (int idx = 0; idx < ns.size(); idx++) {
            int n = ns.get(idx);
            double[] meanPrediction = new double[test.count()];
            double meanMse = 0, meanNorm = 0;
            for (int rep = 0; rep < reps; rep++) {
                int[] order = MnistSweep.randomOrder(11, rep, train.count(), n);
                double[] fit = explicit(train, order, yTrain, n, lambda);
                double mse = 0, norm2 = 0;
                for (int j = 0; j < p; j++) norm2 += fit[j] * fit[j];
                for (int i = 0; i < test.count(); i++) {
                    double pred = fit[p];
                    for (int j = 0; j < p; j++) pred += test.pixel(i, j) * fit[j];
                    meanPrediction[i] += pred / reps;
                    mse += (pred - yTest[i]) * (pred - yTest[i]) / test.count();
                }
                meanMse += mse / reps;
                meanNorm += Math.sqrt(norm2) / reps;
            }
            double bias2 = 0;
            for (int i = 0; i < test.count(); i++) bias2 += Math.pow(meanPrediction[i] - yTest[i], 2) / test.count();
            RidgePoint pt = r.points().get(idx);
            assertEquals(n, pt.instances());
            assertEquals(meanMse, pt.testRisk(), 1e-9 * meanMse, "mean test MSE, N=" + n);
            assertEquals(bias2, pt.bias2(), 1e-9 * bias2, "averaged predictor, N=" + n);
            assertEquals(meanMse - bias2, pt.variance(), 1e-8 * meanMse, "spread across repeats, N=" + n);
            assertTrue(pt.variance() > 0);
            assertEquals(meanNorm, pt.solutionNorm(), 1e-9 * meanNorm);
            assertTrue(pt.testRiskSem() > 0 && pt.theoryRisk() == null);
        }
    }

    /** Centred ridge on 784 pixels for the rows {@code order[0..n)}: 784 weights, then the intercept. */
    static double[] explicit(ImageSet set, int[] order, double[] y, int n, double lambda) {
        int p = set.dim();
        double[] mean = new double[p];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) mean[j] += set.pixel(order[i], j) / n;
            yMean += y[order[i]] / n;
        }
        double[] xc = new double[n * p], yc = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) xc[i * p + j] = set.pixel(order[i], j) - mean[j];
            yc[i] = y[order[i]] - yMean;
        }
        double[] w = SpectralRidgeTest.normalEquations(n, p, xc, yc, lambda);
        double b = yMean;
        for (int j = 0; j < p; j++) b -= mean[j] * w[j];
        double[] out = java.util.Arrays.copyOf(w, p + 1);
        out[p] = b;
        return out;
    }
}
