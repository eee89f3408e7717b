package cheaplab.lab.rbm;

import cheaplab.testlabs.RecordingContext;
import cheaplab.testlabs.MnistFixture;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AnnealedImportanceSamplerTest {

    private static double[] logOdds(double[] means) {
        double[] b = new double[means.length];
        for (int i = 0; i < b.length; i++) b[i] = BernoulliRbm.logOdds(means[i]);
        return b;
    }

    @Test
    void targetEqualToTheBaseModelIsEstimatedExactly() {
        double[] base = new double[784];
        double[][] w = new double[784][10];
        for (int i = 0; i < 784; i++) base[i] = (float) (-3 + 6.0 * i / 783);
        BernoulliRbm rbm = BernoulliRbm.of(w, base, new double[10]);
        AnnealedImportanceSampler.Estimate est;
        try (AnnealedImportanceSampler ais = new AnnealedImportanceSampler(784, 10, 20)) {
            est = ais.estimate(rbm, base, BetaSchedule.salakhutdinovMurray(100), 1, () -> {});
        }
        double exact = ExactPartitionFunction.logZ(rbm);
        assertEquals(exact, est.logZBase(), 1e-9);
        assertEquals(exact, est.logZ(), 1e-6);
        assertEquals(est.logZ(), est.logZLow(), 1e-6);
        assertEquals(est.logZ(), est.logZHigh(), 1e-6);
        assertEquals(20, est.effectiveRuns(), 1e-6);
    }

    @Test
    void smallRandomModelMatchesEnumeration() {
        BernoulliRbm rbm = Enumeration.random(6, 4, 1.0, 51);
        double exact = Enumeration.of(rbm).logZ();
        AnnealedImportanceSampler.Estimate est;
        try (AnnealedImportanceSampler ais = new AnnealedImportanceSampler(6, 4, 500)) {
            est = ais.estimate(rbm, new double[6], BetaSchedule.salakhutdinovMurray(1000), 2, () -> {});
        }
        assertEquals(exact, est.logZ(), 0.02);
        assertTrue(est.logZLow() <= exact + 0.02 && exact - 0.02 <= est.logZHigh(), est.toString());
    }

    @Test
    void bothFormsOfTheSoftplusDifferenceGiveTheSameWeights() {
        // Same seed → same chains (the transition does not depend on the weight formula), so the log weights of
        // the direct form (factors from the fused kernel) and of the difference of two softplus values in double
        // must agree.
        BernoulliRbm rbm = Enumeration.random(30, 12, 0.5, 52);
        double[] base = new double[30];
        BetaSchedule s = BetaSchedule.salakhutdinovMurray(400);
        double[] a, b;
        try (AnnealedImportanceSampler direct = new AnnealedImportanceSampler(30, 12, 50);
             AnnealedImportanceSampler difference = new AnnealedImportanceSampler(30, 12, 50)) {
            difference.directDifferenceLimit = 0;
            a = direct.estimate(rbm, base, s, 3, () -> {}).logWeights();
            b = difference.estimate(rbm, base, s, 3, () -> {}).logWeights();
        }
        assertArrayEquals(a, b, 2e-4);
        double spread = 0;
        for (int i = 1; i < a.length; i++) spread = Math.max(spread, Math.abs(a[i] - a[0]));
        assertTrue(spread > 0.05, "the runs should differ, spread " + spread);
    }

    @Test
    void theHalvesGiveTheSameEstimateOnOneThreadOrTwo() {
        BernoulliRbm rbm = Enumeration.random(30, 12, 0.5, 53);
        double[] base = new double[30];
        BetaSchedule s = BetaSchedule.salakhutdinovMurray(400);
        AnnealedImportanceSampler.Estimate[] out = new AnnealedImportanceSampler.Estimate[2];
        long concurrent = 0;
        for (int run = 0; run < 2; run++) {
            try (AnnealedImportanceSampler ais = new AnnealedImportanceSampler(30, 12, 51)) {
                if (run == 1) ais.worker().sequentialFor(Integer.MAX_VALUE);
                out[run] = ais.estimate(rbm, base, s, 4, () -> {});
                if (run == 1) assertEquals(0, ais.worker().calls()[0], "forced onto one thread");
                else concurrent = ais.worker().calls()[0];
                assertEquals(1 + 399 + 398, ais.worker().calls()[0] + ais.worker().calls()[1], "one hand-off per layer and step");
            }
        }
        assertArrayEquals(out[0].logWeights(), out[1].logWeights(), 0.0);
        assertEquals(out[0].logZ(), out[1].logZ(), 0.0);
        assertEquals(out[0].logZLow(), out[1].logZLow(), 0.0);
        assertEquals(out[0].logZHigh(), out[1].logZHigh(), 0.0);
        double spread = 0;
        for (double w : out[0].logWeights()) spread = Math.max(spread, Math.abs(w - out[0].logWeights()[0]));
        assertTrue(spread > 0.05, "the runs should differ, spread " + spread);
        // Equal numbers above compare two threads with one only if the first estimate really used two.
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "one processor: both estimates ran on one thread, so one vs two threads was not compared");
        assertTrue(concurrent > 0, "the two halves of the units on two threads");
    }

    @Test
    void boundsFollowTheThreeSigmaRule() {
        double[] logW = {0.0, Math.log(2), Math.log(3), Math.log(6)};
        AnnealedImportanceSampler.Estimate e = AnnealedImportanceSampler.summarise(logW, 10.0, 5);
        double mean = 3.0, sd = Math.sqrt(((1 - 3) * (1 - 3) + 1 + 0 + 9) / 3.0), se = sd / 2;
        assertEquals(10 + Math.log(mean), e.logZ(), 1e-12);
        assertEquals(10 + Math.log(mean + 3 * se), e.logZHigh(), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, e.logZLow()); // 3 − 3·1.08 < 0
        assertEquals(144.0 / 50.0, e.effectiveRuns(), 1e-12);
    }

    /**
     * The check: a 784-visible RBM with 16 hidden units trained briefly on the MNIST fixture; AIS with
     * 100 runs and 3,000 β (the paper's three phases scaled down) lands within 0.2 nats of the enumerated log Z.
     */
    @Test
    void trainedMnistModelWithinTwoTenthsOfANatOfExact() {
        RbmConfig cfg = new RbmConfig("mnist", 16, 1, false, 0.05, 0.9, 0.0002, 0, 20, 15, true, 900, 100, 500,
                0, 100, 0, 5L, null);
        RbmResult trained = new RbmLab().run(cfg, new RecordingContext(5));
        BernoulliRbm rbm = BernoulliRbm.of(trained.weights());
        double[] base = logOdds(RbmData.load(MnistFixture.INSTANCE.images("mnist"), cfg).means);
        double exact = ExactPartitionFunction.logZ(rbm);
        try (AnnealedImportanceSampler ais = new AnnealedImportanceSampler(784, 16, 100)) {
          for (long seed = 1; seed <= 2; seed++) {
            AnnealedImportanceSampler.Estimate est = ais.estimate(rbm, base, BetaSchedule.salakhutdinovMurray(3000), seed, () -> {});
            System.out.printf("AIS vs exact (784-16, fixture, 15 epochs): exact %.4f, AIS %.4f [%.4f, %.4f], diff %+.4f, ESS %.1f%n",
                    exact, est.logZ(), est.logZLow(), est.logZHigh(), est.logZ() - exact, est.effectiveRuns());
            assertEquals(exact, est.logZ(), 0.2, "seed " + seed);
          }
        }
    }
}
