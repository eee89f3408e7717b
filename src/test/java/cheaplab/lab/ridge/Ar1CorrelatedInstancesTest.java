package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code correlated} dataset: AR(1) rows and noise along the instance index, and what it does to CV and GCV. */
class Ar1CorrelatedInstancesTest {

    @Test
    void rowsAndNoiseAreStationaryAr1WithUnitMarginals() {
        double rho = 0.7;
        Ar1CorrelatedInstances model = new Ar1CorrelatedInstances(3, rho, 2.0, 1.0, 4);
        int n = 100_000, p = 3;
        GaussianLinearModel.Sample s = model.sample(0, n);
        for (int j = 0; j < p; j++) {
            double v = 0, c1 = 0, c3 = 0, m = 0;
            for (int i = 0; i < n; i++) m += s.x()[i * p + j] / n;
            for (int i = 0; i < n; i++) v += s.x()[i * p + j] * s.x()[i * p + j] / n;
            for (int i = 1; i < n; i++) c1 += s.x()[i * p + j] * s.x()[(i - 1) * p + j] / (n - 1);
            for (int i = 3; i < n; i++) c3 += s.x()[i * p + j] * s.x()[(i - 3) * p + j] / (n - 3);
            assertEquals(0.0, m, 0.03, "mean of feature " + j);
            assertEquals(1.0, v, 0.03, "variance of feature " + j);
            assertEquals(rho, c1, 0.02, "lag-1 correlation of feature " + j);
            assertEquals(rho * rho * rho, c3, 0.02, "lag-3 correlation of feature " + j);
        }
        double cross = 0; // features stay independent of each other
        for (int i = 0; i < n; i++) cross += s.x()[i * p] * s.x()[i * p + 1] / n;
        assertEquals(0.0, cross, 0.03);
        // training sets are nested: the first 50 instances do not depend on how many are drawn
        GaussianLinearModel.Sample small = model.sample(0, 50);
        assertArrayEquals(small.x(), Arrays.copyOf(s.x(), 50 * p));
        assertArrayEquals(small.y(), Arrays.copyOf(s.y(), 50));
    }

    @Test
    void pointsCarryNoTheoryRisk() {
        RidgeConfig c = config("correlated", 1);
        RidgeResult r = new RidgeLab().run(c, new RecordingContext(1, null), 1);
        for (RidgePoint pt : r.points()) assertNull(pt.theoryRisk(), "the HMRT law assumes independent rows");
    }

    /**
     * The lab's own diagnostics (p = 100, focus N = 400, σ = 1, ρ = 0.9; 8 seeds): on the correlated dataset the CV
     * and GCV marks choose a λ several times smaller than on the isotropic dataset with the same σ, and they are
     * fooled: the excess risk at their choice is well above the best on the L-curve grid, while on isotropic data
     * they land within a few percent of it. (The old generator, AR(1) noise with iid rows, moves neither: held-out
     * noise is then uncorrelated with anything the fit can follow; see CrossValidationTest.) The L-curve corner is
     * no reference here: these designs are well-conditioned and their L-curves have no convex corner; its
     * insensitivity to correlated noise is tested on a discrete ill-posed problem in CrossValidationTest.
     */
    @Test
    void crossValidationAndGcvAreFooledOnTheCorrelatedDataset() {
        int seeds = 8;
        double[][] shift = new double[2][seeds];          // log10 λ(correlated)/λ(isotropic): gcv, cv
        double[][][] cost = new double[2][2][seeds];      // [dataset][gcv, cv] risk at the mark / best risk on the grid
        for (int seed = 0; seed < seeds; seed++) {
            double[][] lambda = new double[2][2];
            for (int d = 0; d < 2; d++) {
                RidgeConfig c = config(d == 0 ? "isotropic" : "correlated", seed + 1);
                RidgeDiagnostics diag = new RidgeLab().run(c, new RecordingContext(c.seed(), null), 1).diagnostics();
                TrainingSet set = TrainingSet.of(c, null, 0, diag.instances());
                SpectralRidge ridge = new SpectralRidge(Lapack.thinSvd(set.n(), set.p(), set.x()), set.y(), c.lambdaScaling());
                double best = Double.POSITIVE_INFINITY;
                for (LCurvePoint pt : diag.lcurve()) best = Math.min(best, excessRisk(ridge.solution(pt.lambda()), set.wStar()));
                for (int k = 0; k < 2; k++) {
                    String kind = k == 0 ? "gcv" : "cv";
                    LCurveMark m = diag.marks().stream().filter(x -> x.kind().equals(kind)).findFirst().orElseThrow();
                    lambda[d][k] = m.lambda();
                    cost[d][k][seed] = excessRisk(ridge.solution(m.lambda()), set.wStar()) / best;
                }
            }
            for (int k = 0; k < 2; k++) shift[k][seed] = Math.log10(lambda[1][k] / lambda[0][k]);
        }
        System.out.printf("correlated vs isotropic (p=100, N=400, σ=1, ρ=0.9), median of %d seeds: log10 λ shift GCV %.2f, CV %.2f; "
                        + "risk at the mark / best risk: isotropic GCV %.3f CV %.3f, correlated GCV %.3f CV %.3f%n", seeds,
                median(shift[0]), median(shift[1]), median(cost[0][0]), median(cost[0][1]), median(cost[1][0]), median(cost[1][1]));
        for (int k = 0; k < 2; k++) {
            String kind = k == 0 ? "GCV" : "CV";
            assertTrue(median(shift[k]) < -0.5, kind + " should pick a λ over 3× smaller on correlated data: " + Arrays.toString(shift[k]));
            assertTrue(median(cost[0][k]) < 1.05, kind + " on isotropic data lands near the best λ: " + Arrays.toString(cost[0][k]));
            assertTrue(median(cost[1][k]) > 1.15, kind + " on correlated data costs excess risk: " + Arrays.toString(cost[1][k]));
        }
    }

    static RidgeConfig config(String dataset, long seed) {
        return new RidgeConfig(dataset, 100, List.of(400), List.of(0.01), "mean", 1, 1.0, 1.0, 1.0, 0.9, "digit", 0, 5,
                false, seed);
    }

    static double excessRisk(double[] w, double[] wStar) {
        return Math.pow(Dense.norm(Dense.minus(w, wStar)), 2);
    }

    static double median(double[] v) {
        return CrossValidationTest.median(v);
    }
}
