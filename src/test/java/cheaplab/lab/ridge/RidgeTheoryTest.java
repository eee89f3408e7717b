package cheaplab.lab.ridge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measured risks against Hastie, Montanari, Rosset &amp; Tibshirani: isotropic data, p = 200, 20 repeats, ratios
 * away from 1 (|γ − 1| &gt; 0.1): the median relative deviation of the measured mean risk from the asymptotic
 * curve must be at most 5%, for λ = 0 and for λ &gt; 0 (mean scaling, the theory's λ).
 */
class RidgeTheoryTest {
    static final List<Integer> AWAY_FROM_ONE = List.of(50, 70, 100, 130, 160, 240, 300, 400, 600, 1000);
    /** One isotropic run shared by the tests that read it (the class stays fast on a busy machine). */
    private static RecordingContext isotropicCtx;
    private static RidgeResult isotropic;

    @org.junit.jupiter.api.BeforeAll
    static void runIsotropic() {
        isotropicCtx = new RecordingContext(1, null);
        isotropic = new RidgeLab().run(config("isotropic", List.of(0.0, 0.1), "mean"), isotropicCtx);
    }

    static RidgeConfig config(String dataset, List<Double> lambdas, String scaling) {
        return new RidgeConfig(dataset, 200, AWAY_FROM_ONE, lambdas, scaling, 20, 0.5, 1.0, 1.0, 0.5, "digit", 0, 5,
                false, 1L);
    }

    /** Median relative deviation |measured − theory| / theory per λ, in config order. */
    static double[] medianDeviation(RidgeResult result) {
        List<Double> lambdas = result.config().lambdas();
        double[] out = new double[lambdas.size()];
        for (int l = 0; l < out.length; l++) {
            List<Double> dev = new ArrayList<>();
            for (RidgePoint pt : result.points()) {
                if (pt.lambda() != lambdas.get(l)) continue;
                assertTrue(Math.abs(pt.ratio() - 1) > 0.1);
                dev.add(Math.abs(pt.testRisk() - pt.theoryRisk()) / pt.theoryRisk());
            }
            double[] d = dev.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out[l] = d.length % 2 == 1 ? d[d.length / 2] : 0.5 * (d[d.length / 2 - 1] + d[d.length / 2]);
        }
        return out;
    }

    @Test
    void isotropicRiskSitsOnTheHmrtCurve() {
        RidgeResult r = isotropic;
        double[] dev = medianDeviation(r);
        System.out.printf("HMRT median relative deviation, isotropic p=200, R=20: λ=0 %.4f, λ=0.1 %.4f%n", dev[0], dev[1]);
        assertTrue(dev[0] <= 0.05, "ridgeless median deviation " + dev[0]);
        assertTrue(dev[1] <= 0.05, "ridge λ=0.1 median deviation " + dev[1]);
        // the analytic bias² + variance (exact for each design) averages to the same curve
        for (RidgePoint pt : r.points()) {
            double analytic = pt.bias2() + pt.variance();
            assertEquals(pt.testRisk(), analytic, 5 * pt.testRiskSem() + 0.02 * analytic, "N=" + pt.instances());
        }
    }

    @Test
    void sumScalingUsesLambdaOverN() {
        // sum-scaled λ = 20 at N = 200·k is the mean-scaled λ = 20/N: the theory column must follow that
        RidgeConfig c = new RidgeConfig("isotropic", 200, List.of(50, 100, 300, 1000), List.of(20.0), "sum", 20, 0.5, 1.0,
                1.0, 0.5, "digit", 0, 5, false, 1L);
        RidgeResult r = new RidgeLab().run(c, new RecordingContext(1, null));
        for (RidgePoint pt : r.points())
            assertEquals(HastieRidgeRisk.ridge(pt.ratio(), 20.0 / pt.instances(), 1.0, 0.5), pt.theoryRisk(), 1e-12);
        assertTrue(medianDeviation(r)[0] <= 0.05, "sum scaling deviation " + medianDeviation(r)[0]);
    }

    @Test
    void decayingSpectrumFollowsTheDeterministicEquivalent() {
        RidgeConfig c = config("spectrum", List.of(0.0, 0.1), "mean");
        double[] dev = medianDeviation(new RidgeLab().run(c, new RecordingContext(1, null)));
        System.out.printf("deterministic equivalent median relative deviation, spectrum decay 1: λ=0 %.4f, λ=0.1 %.4f%n", dev[0], dev[1]);
        assertTrue(dev[0] <= 0.08 && dev[1] <= 0.08, Arrays.toString(dev));
    }

    @Test
    void closedFormsAgree() {
        double[] ones = new double[300];
        Arrays.fill(ones, 1.0);
        for (int n : new int[]{100, 250, 600}) {
            double g = 300.0 / n;
            for (double lambda : new double[]{1e-3, 0.1, 2})
                assertEquals(HastieRidgeRisk.ridge(g, lambda, 1.3, 0.4),
                        HastieRidgeRisk.deterministicEquivalent(ones, n, lambda, 1.3, 0.4), 1e-9, "n=" + n + " λ=" + lambda);
            assertEquals(HastieRidgeRisk.ridgeless(g, 1.3, 0.4),
                    HastieRidgeRisk.deterministicEquivalent(ones, n, 0, 1.3, 0.4), 1e-9, "ridgeless n=" + n);
        }
        // λ → 0 continuity on both sides of γ = 1, and the cancellation-free κ for λ ≪ |γ − 1|
        for (double g : new double[]{0.5, 2.0})
            assertEquals(HastieRidgeRisk.ridgeless(g, 1, 0.5), HastieRidgeRisk.ridge(g, 1e-12, 1, 0.5), 1e-9);
        assertEquals(1e-14 / 0.5, HastieRidgeRisk.kappa(0.5, 1e-14), 1e-24);
    }

    @Test
    void optimallyTunedRidgeHasNoPeak() {
        double previous = 0;
        for (int i = 0; i <= 400; i++) {
            double g = Math.exp(Math.log(0.05) + i * Math.log(400) / 400); // 0.05 .. 20
            double opt = HastieRidgeRisk.optimal(g, 1, 0.5);
            assertTrue(Double.isFinite(opt) && opt >= previous - 1e-12, "monotone at γ=" + g);
            for (double lambda : new double[]{0, 1e-3, 0.1, 1, 10})
                assertTrue(opt <= HastieRidgeRisk.ridge(g, lambda, 1, 0.5) + 1e-12, "optimal ≤ λ=" + lambda + " at γ=" + g);
            previous = opt;
        }
        assertTrue(HastieRidgeRisk.optimal(1, 1, 0.5) < 1, "finite and below r² at γ = 1");
    }

    @Test
    void theorySeriesIsEmittedFirstForIsotropicData() {
        RecordingContext ctx = isotropicCtx;
        RidgeResult r = isotropic;
        int theory = r.theory().size();
        assertEquals(3 * TheoryCurves.POINTS, theory);
        for (int i = 0; i < theory; i++) assertEquals("theory", ctx.points.get(i).series());
        assertTrue(r.theory().stream().anyMatch(t -> t.curve().equals("optimal") && t.lambda() == null));
        assertTrue(r.theory().stream().anyMatch(t -> t.curve().equals("λ=0.1")));
        assertEquals(AWAY_FROM_ONE.size() * 2, ctx.series("risk").size());
    }
}
