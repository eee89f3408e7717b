package cheaplab.lab.rbm;

import cheaplab.testlabs.RecordingContext;
import cheaplab.testlabs.MnistFixture;

import cheaplab.core.CancelledException;
import cheaplab.core.ConfigException;
import cheaplab.core.DivergedException;
import cheaplab.core.Json;
import cheaplab.App;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RbmLabTest {
    /** A clock that advances one second per reading, so that no throttle ever drops a point. */
    private static RbmLab unthrottled() {
        AtomicLong t = new AtomicLong();
        return new RbmLab(() -> t.addAndGet(1_000_000_000L));
    }

    private static RbmConfig small(long seed, int epochs, int evalEvery) {
        return new RbmConfig("mnist", 16, 1, false, 0.05, 0.9, 0.0002, 0, 20, epochs, true, 500, 100, 200,
                20, 300, evalEvery, seed, null);
    }

    @Test
    void registeredInTheCatalogue() {
        assertTrue(App.labs().find("rbm").isPresent());
        assertEquals("RBMs and partition functions", new RbmLab().title());
    }

    @Test
    void declaresTheDataSetItsConfigReads() {
        assertEquals(List.of("mnist"), new RbmLab().datasets(small(1, 1, 1)));
        RbmConfig fashion = new RbmConfig("fashion-mnist", 16, 1, false, 0.05, 0.9, 0.0002, 0, 20, 1, true, 500, 100, 200,
                20, 300, 1, 1L, null);
        assertEquals(List.of("fashion-mnist"), new RbmLab().datasets(fashion));
    }

    @Test
    void sameConfigSameJsonOtherSeedOtherNumbers() {
        RecordingContext c1 = new RecordingContext(3), c2 = new RecordingContext(3);
        RbmResult a = unthrottled().run(small(3, 3, 2), c1);
        RbmResult b = unthrottled().run(small(3, 3, 2), c2);
        assertEquals(Json.write(a), Json.write(b));
        assertEquals(Json.write(c1.series("train")), Json.write(c2.series("train")));
        assertEquals(Json.write(c1.series("logz")), Json.write(c2.series("logz")));
        RbmResult c = unthrottled().run(small(4, 3, 2), new RecordingContext(4));
        assertNotEquals(a.freeEnergyTrain(), c.freeEnergyTrain());
        assertNotEquals(a.logZAis(), c.logZAis());
        // A throttled run reports the same result.
        assertEquals(Json.write(a), Json.write(new RbmLab().run(small(3, 3, 2), new RecordingContext(3))));
    }

    @Test
    void seriesHaveTheDocumentedShapes() {
        RecordingContext ctx = new RecordingContext(1);
        RbmResult r = unthrottled().run(small(1, 2, 1), ctx);
        List<Map<String, Object>> train = ctx.series("train");
        assertEquals(List.of("epoch", "updates", "reconstructionError", "freeEnergyTrain", "freeEnergyValidation",
                "freeEnergyGap", "pseudoLogLikelihood"), List.copyOf(train.get(0).keySet()));
        assertEquals(0.0, train.get(0).get("epoch"));
        assertEquals(2.0, train.get(train.size() - 1).get("epoch"));
        List<Map<String, Object>> logz = ctx.series("logz");
        assertEquals(2, logz.size());
        assertEquals(List.of("epoch", "logZ", "logZAis", "logZAisLow", "logZAisHigh", "testFreeEnergy",
                "testLogLikelihood", "aisEffectiveRuns"), List.copyOf(logz.get(0).keySet()));
        Map<String, Object> end = logz.get(1);
        double exact = (Double) end.get("logZ");
        assertEquals(exact, r.logZ());
        assertEquals(-r.testFreeEnergy() - exact, r.testLogLikelihood(), 1e-9);
        assertEquals(exact, (Double) end.get("logZAis"), 0.5);
        for (String s : List.of("filters", "samples", "reconstructions")) {
            List<Map<String, Object>> frames = ctx.series(s);
            assertTrue(frames.size() >= 2, s);
            Map<String, Object> f = frames.get(frames.size() - 1);
            int count = (Integer) f.get("count");
            assertEquals(28, f.get("tileWidth"));
            assertEquals(28, f.get("tileHeight"));
            assertEquals(ImageTiles.ENCODING, f.get("encoding"));
            assertEquals(count * 28 * 28, Base64.getDecoder().decode((String) f.get("data")).length, s);
        }
        assertEquals(16, last(ctx, "filters").get("count"));
        assertEquals(24, last(ctx, "reconstructions").get("count"));
        assertEquals(12, last(ctx, "reconstructions").get("columns"));
        assertEquals("gibbs", last(ctx, "samples").get("source"));
    }

    private static Map<String, Object> last(RecordingContext ctx, String series) {
        List<Map<String, Object>> l = ctx.series(series);
        return l.get(l.size() - 1);
    }

    @Test
    void reconstructionsShowTheTestDigitsAboveTheirReconstructions() {
        RecordingContext ctx = new RecordingContext(1);
        RbmConfig cfg = small(1, 1, 0);
        unthrottled().run(cfg, ctx);
        byte[] px = Base64.getDecoder().decode((String) last(ctx, "reconstructions").get("data"));
        VisibleRows test = RbmData.load(MnistFixture.INSTANCE.images("mnist"), cfg).test;
        float[] first = test.values().getRow(0).dup().toFloatVector();
        for (int i = 0; i < 784; i++) assertEquals(first[i] == 1f ? 255 : 0, px[i] & 0xFF, "pixel " + i);
    }

    @Test
    void freeEnergyGapGrowsWhenATinyTrainingSetIsMemorised() {
        RecordingContext ctx = new RecordingContext(2);
        RbmConfig cfg = new RbmConfig("mnist", 200, 1, false, 0.1, 0.5, 0.0, 0, 10, 150, true, 30, 300, 100,
                0, 100, 0, 2L, null);
        RbmResult r = unthrottled().run(cfg, ctx);
        List<Map<String, Object>> train = ctx.series("train");
        double start = (Double) train.get(0).get("freeEnergyGap");
        double middle = (Double) train.get(train.size() / 3).get("freeEnergyGap");
        double end = r.freeEnergyGap();
        System.out.printf("free-energy gap (30 images, 200 hidden): epoch 0 %.2f, epoch %s %.2f, epoch 150 %.2f%n",
                start, train.get(train.size() / 3).get("epoch"), middle, end);
        assertTrue(middle > start + 5, "gap should grow: " + start + " → " + middle);
        assertTrue(end > middle + 5, "gap should keep growing: " + middle + " → " + end);
    }

    @Test
    void savedWeightsCanBeEvaluated() {
        RbmResult trained = new RbmLab().run(small(6, 2, 0), new RecordingContext(6));
        RbmConfig eval = new RbmConfig("mnist", 16, 1, false, 0.05, 0.9, 0.0002, 0, 20, 0, true, 500, 100, 200,
                20, 300, 0, 99L, trained.weights());
        RbmResult again = new RbmLab().run(eval, new RecordingContext(99));
        assertEquals(0, again.updates());
        assertEquals(trained.logZ(), again.logZ());
        assertEquals(trained.testLogLikelihood(), again.testLogLikelihood());
        assertEquals(trained.freeEnergyTrain(), again.freeEnergyTrain());
        assertEquals(Json.write(trained.weights()), Json.write(again.weights()));
    }

    @Test
    void overflowingFreeEnergiesEndTheRunAsDiverged() {
        float[][] w = new float[784][2];
        for (float[] row : w) java.util.Arrays.fill(row, 1e37f);
        RbmWeights huge = new RbmWeights(w, new float[784], new float[2]);
        RbmConfig cfg = new RbmConfig("mnist", 2, 1, false, 0.05, 0.9, 0, 0, 20, 1, true, 500, 100, 200, 0, 100, 0, 1L, huge);
        assertThrows(DivergedException.class, () -> new RbmLab().run(cfg, new RecordingContext(1)));
    }

    @Test
    void cancellationStopsTheRun() {
        RecordingContext ctx = new RecordingContext(1);
        ctx.cancel = true;
        assertThrows(CancelledException.class, () -> new RbmLab().run(small(1, 2, 0), ctx));
    }

    @Test
    void splitsLargerThanTheDataSetAreRefusedNamingTheField() {
        RbmConfig cfg = new RbmConfig("mnist", 16, 1, false, 0.05, 0.9, 0, 0, 20, 1, true, 950, 100, 200, 0, 100, 0, 1L, null);
        ConfigException e = assertThrows(ConfigException.class, () -> new RbmLab().run(cfg, new RecordingContext(1)));
        assertEquals("trainImages", e.field());
    }

    @Test
    void persistentRunsShowTheirChains() {
        RecordingContext ctx = new RecordingContext(1);
        RbmConfig cfg = new RbmConfig("mnist", 30, 1, true, 0.05, 0.9, 0.0002, 0, 20, 1, true, 500, 100, 200,
                0, 100, 0, 1L, null);
        RbmResult r = unthrottled().run(cfg, ctx);
        assertEquals("persistent", last(ctx, "samples").get("source"));
        assertNull(r.logZ());
        assertNull(r.logZAis());
        assertNull(r.testLogLikelihood());
        assertNotNull(ctx.series("logz").get(0).get("testFreeEnergy"));
    }
}
