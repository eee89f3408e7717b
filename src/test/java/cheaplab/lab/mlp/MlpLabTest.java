package cheaplab.lab.mlp;

import cheaplab.testlabs.RecordingContext;
import cheaplab.testlabs.MnistFixture;

import cheaplab.App;
import cheaplab.core.ConfigException;
import cheaplab.core.DivergedException;
import cheaplab.core.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpLabTest {
    /** A clock that advances one second per reading: no throttle drops a point, and seconds are deterministic. */
    static MlpLab lab(int threads) {
        AtomicLong t = new AtomicLong();
        return new MlpLab(() -> t.addAndGet(1_000_000_000L), threads);
    }

    /** 784-32-10 on the fixture: 900 training, 100 validation, 500 test digits. */
    static MlpConfig small(long seed, int epochs, boolean distortion, double lr, double decay, double lrMin, String activation) {
        return new MlpConfig("mnist", List.of(32), activation, "uniform", 30, lr, decay, lrMin, 0.0, 0.0, epochs, 900,
                100, 500, distortion, 5.0, 20.0, 8.0, 0.1, "unit", 0, seed);
    }

    @Test
    void registeredInTheCatalogue() {
        assertTrue(App.labs().find("mlp").isPresent());
        assertEquals(List.of("mnist"), new MlpLab().datasets(small(1, 1, false, 0.1, 1, 0, "tanh")));
    }

    /** 8 epochs of 30 updates (240 steps of 30 digits). A chance net has 90% error. */
    @Test
    void aSmallNetReachesAFixedAccuracyInAFixedNumberOfSteps() throws Exception {
        RecordingContext ctx = new RecordingContext(1);
        MlpResult r = lab(1).run(small(1, 8, false, 0.2, 1, 0, "scaled-tanh"), ctx);
        System.out.println("fixed-steps test error: " + r.testError());
        assertEquals(8, r.history().size());
        assertTrue(r.testError() <= 0.20, "test error " + r.testError()); // measured 0.158
        assertTrue(r.history().get(0).trainLoss() > r.history().get(7).trainLoss(), "loss falls");
        long total = 0;
        for (long[] row : r.confusion()) for (long c : row) total += c;
        assertEquals(500, total);
        long wrong = total;
        for (int i = 0; i < 10; i++) wrong -= r.confusion()[i][i];
        assertEquals(r.testError(), wrong / 500.0, 1e-12);
        assertEquals(8, ctx.series("epoch").size());
        assertEquals(8 * 2, ctx.series("layers").size());
        assertEquals(8, ctx.series("misclassified").size());
        assertTrue(ctx.series("loss").size() >= 8);
    }

    /**
     * The whole run by the fused engine and by DL4J's fit() (what the CUDA build uses): the same curves to float
     * rounding, the same layer statistics to rounding, the same test error within a few digits.
     */
    @Test
    void theFusedEngineAndDl4jFitMakeTheSameRun() throws Exception {
        MlpConfig c = small(5, 3, true, 0.1, 0.9, 0.001, "scaled-tanh");
        AtomicLong t1 = new AtomicLong(), t2 = new AtomicLong();
        RecordingContext fusedCtx = new RecordingContext(5), fitCtx = new RecordingContext(5);
        MlpResult fused = new MlpLab(() -> t1.addAndGet(1_000_000_000L), 1, false).run(c, fusedCtx);
        MlpResult fit = new MlpLab(() -> t2.addAndGet(1_000_000_000L), 1, true).run(c, fitCtx);
        assertTrue(fusedCtx.logs.stream().anyMatch(l -> l.contains("updates by the fused engine")), "CPU: fused");
        assertTrue(fitCtx.logs.stream().anyMatch(l -> l.contains("updates by DL4J fit()")));
        for (int e = 0; e < 3; e++) {
            MlpResult.Epoch a = fused.history().get(e), b = fit.history().get(e);
            assertEquals(b.trainLoss(), a.trainLoss(), 2e-4 * b.trainLoss(), "train loss of epoch " + (e + 1));
            assertEquals(b.testError(), a.testError(), 0.006, "test error of epoch " + (e + 1)); // ≤ 3 of 500 digits
        }
        List<Map<String, Object>> la = fusedCtx.series("layers"), lb = fitCtx.series("layers");
        assertEquals(lb.size(), la.size());
        for (int i = 0; i < la.size(); i++)
            for (String k : List.of("gradientNorm", "updateRatio")) {
                double x = ((Number) la.get(i).get(k)).doubleValue(), y = ((Number) lb.get(i).get(k)).doubleValue();
                assertEquals(y, x, 2e-3 * y, k + " of " + la.get(i));
            }
    }

    @Test
    void seededRunsAreReproducibleWhateverTheAugmentationThreads() throws Exception {
        MlpConfig c = small(3, 2, true, 0.05, 0.9, 0.001, "scaled-tanh");
        RecordingContext c1 = new RecordingContext(3), c2 = new RecordingContext(3);
        MlpResult a = lab(1).run(c, c1);
        MlpResult b = lab(3).run(c, c2);
        assertEquals(Json.write(a), Json.write(b));
        assertEquals(Json.write(c1.series("layers")), Json.write(c2.series("layers")));
        assertEquals(Json.write(c1.series("distortions")), Json.write(c2.series("distortions")));
        MlpResult other = lab(1).run(small(4, 2, true, 0.05, 0.9, 0.001, "scaled-tanh"), new RecordingContext(4));
        assertNotEquals(a.history().get(1).trainLoss(), other.history().get(1).trainLoss());
    }

    /** η_e = max(lrMin, η₀·decay^(e−1)), as DL4J's updater reports it, and the size of an actual SGD step. */
    @Test
    void theLearningRateScheduleIsExactlyAsConfigured() throws Exception {
        MlpConfig c = new MlpConfig("mnist", List.of(16), "tanh", "uniform", 30, 0.08, 0.5, 0.004, 0.0, 0.0, 6, 300,
                100, 100, false, 5.0, 20.0, 8.0, 0.1, "unit", 0, 5);
        MlpResult r = lab(1).run(c, new RecordingContext(5));
        double[] expected = {0.08, 0.04, 0.02, 0.01, 0.005, 0.004};
        for (int e = 0; e < 6; e++) assertEquals(expected[e], r.history().get(e).learningRate(), 1e-9, "epoch " + (e + 1));

        // One SGD step at η changes the parameters by exactly −η·gradient.
        MultiLayerNetwork net = MlpNetwork.build(c, 9, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        net.setLearningRate(0.02);
        org.nd4j.linalg.api.ndarray.INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 784);
        org.nd4j.linalg.api.ndarray.INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 10);
        for (int i = 0; i < 4; i++) y.putScalar(i, i, 1.0);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        org.nd4j.linalg.api.ndarray.INDArray g = net.gradient().gradient().dup();
        org.nd4j.linalg.api.ndarray.INDArray before = net.params().dup();
        net.fit(x, y);
        org.nd4j.linalg.api.ndarray.INDArray step = before.sub(net.params());
        // DL4J's gradient is the batch's sum; its updater divides by the batch size (4): the mean loss's gradient.
        assertEquals(0.0, step.sub(g.mul(0.02 / 4)).norm2Number().doubleValue(), 1e-10 * g.norm2Number().doubleValue() + 1e-14);
        assertTrue(step.sub(g.mul(0.02)).norm2Number().doubleValue() > 1e-3 * g.norm2Number().doubleValue(), "the test can tell");
    }

    @Test
    void aConfigKnownToDivergeEndsAsDivergedWithItsHistoryKept() {
        RecordingContext ctx = new RecordingContext(1);
        MlpConfig c = new MlpConfig("mnist", List.of(64, 64, 64), "tanh", "uniform", 30, 10.0, 1, 0, 0.0, 0.0, 3, 900, 100,
                500, false, 5, 20, 0, 0, "unit", 0, 1);
        DivergedException e = assertThrows(DivergedException.class, () -> lab(1).run(c, ctx));
        assertTrue(e.getMessage().contains("epoch 1"), e.getMessage());
        assertTrue(!ctx.series("loss").isEmpty(), "the loss points before the blow-up stay");
        // The same net with a sane step trains.
        MlpConfig sane = new MlpConfig("mnist", List.of(64, 64, 64), "tanh", "uniform", 30, 0.05, 1, 0, 0.0, 0.0, 1, 900, 100,
                500, false, 5, 20, 0, 0, "unit", 0, 1);
        assertDoesNotDiverge(sane);
    }

    private static void assertDoesNotDiverge(MlpConfig c) {
        try {
            MlpResult r = lab(1).run(c, new RecordingContext(1));
            assertTrue(r.history().get(0).trainLoss() < MlpLab.BLOWUP_LOSS, "loss " + r.history().get(0).trainLoss());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theModelFileIsDl4jsOwnAndRestoresTheTrainedNetwork() throws Exception {
        MlpResult r = lab(1).run(small(2, 1, false, 0.1, 1, 0, "scaled-tanh"), new RecordingContext(2));
        Map<String, Object> f = r.files().get("model.zip");
        byte[] bytes = Base64.getDecoder().decode((String) f.get("data"));
        assertEquals(bytes.length, f.get("bytes"));
        MultiLayerNetwork net = ModelFile.restore(bytes);
        MlpData.Split test = MlpData.split(MnistFixture.INSTANCE.images("mnist").test(), 0, 500);
        assertEquals(r.testError(), Evaluation.of(net, test, 500, false, () -> {}).error(), 1e-12);
        assertTrue(net.getLayerWiseConfigurations().getConf(0).getLayer().toString().contains("ScaledTanh")
                || net.getLayerWiseConfigurations().toJson().contains("ScaledTanh"));
    }

    @Test
    void earlyStoppingEndsARunWhoseValidationErrorStopsImproving() throws Exception {
        MlpConfig c = new MlpConfig("mnist", List.of(16), "tanh", "uniform", 50, 0.5, 1, 0, 0.0, 0.0, 30, 200, 100, 100,
                false, 5, 20, 0, 0, "unit", 2, 1);
        MlpResult r = lab(1).run(c, new RecordingContext(1));
        assertTrue(r.stoppedEarly());
        assertEquals(r.bestEpoch() + 2, r.epochsTrained());
        assertEquals(r.epochsTrained(), r.history().size());
        double best = r.history().stream().mapToDouble(MlpResult.Epoch::validationError).min().orElseThrow();
        assertEquals(best, r.bestValidationError());
    }

    @Test
    void refusesUpFrontWhatWouldNotFitTheMemoryBudget() {
        List<Integer> huge = java.util.Collections.nCopies(12, 4096);
        ConfigException e = assertThrows(ConfigException.class, () -> new MlpConfig("mnist", huge, "relu", "he", 100, 0.1,
                1, 0, 0, 0, 1, 1000, 100, 100, false, 5, 20, 0, 0, "unit", 0, 1));
        assertEquals("hidden", e.field());
        // The paper's largest net fits.
        new MlpConfig("mnist", List.of(2500, 2000, 1500, 1000, 500), "scaled-tanh", "uniform", 1, 0.001, 0.97, 1e-6, 0, 0,
                800, 50_000, 10_000, 10_000, true, 6, 36, 15, 0.15, "unit", 0, 1);
        assertEquals("lrMin", assertThrows(ConfigException.class, () -> small(1, 1, false, 0.1, 1, 0.2, "tanh")).field());
        assertEquals("hidden", assertThrows(ConfigException.class, () -> new MlpConfig("mnist", List.of(), "relu", "he",
                10, 0.1, 1, 0, 0, 0, 1, 1000, 100, 100, false, 5, 20, 0, 0, "unit", 0, 1)).field());
    }
}
