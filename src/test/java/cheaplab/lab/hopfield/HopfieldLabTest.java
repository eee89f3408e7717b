package cheaplab.lab.hopfield;

import cheaplab.core.CancelledException;
import cheaplab.core.ConfigException;
import cheaplab.core.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab end to end, against what the theory says a Hopfield network does. */
class HopfieldLabTest {

    private static HopfieldConfig config(int n, List<Double> alphas, int trials, String rule, double t) {
        return new HopfieldConfig(n, alphas, 0.1, trials, rule, t, 100, 1L);
    }

    @Test
    void fewPatternsAreRecalledPerfectly() {
        // P = 5 ≪ N = 500: crosstalk noise ~ √(P/N) = 0.1 against a signal of 1 − 2f = 0.8.
        RecordingContext ctx = new RecordingContext(1);
        HopfieldResult r = new HopfieldLab().run(config(500, List.of(0.01), 4, "hebb", 0), ctx, 2);
        HopfieldPoint p = r.points().get(0);
        assertEquals(5, p.patterns());
        assertEquals(20, p.recalls(), "4 networks × all 5 patterns");
        assertEquals(1.0, p.overlap(), 0, "every bit right in every recall");
        assertEquals(0.0, p.errorFraction(), 0);
        assertEquals(1.0, p.retrievalFraction(), 0);
        assertEquals(1.0, p.stableFraction(), 0);
        assertEquals(1.0, p.fixedPointFraction(), 0);
        assertEquals(0, p.spurious());
        assertEquals(1.0, p.overlapTheory(), 1e-12);
        Map<String, Object> recall = ctx.series("recall").get(0);
        assertEquals(0.8, (double) recall.get("cueOverlap"), 1e-12, "50 of 500 bits flipped");
        assertEquals(1.0, (double) recall.get("recallOverlap"), 0);
        assertEquals(3, recall.get("count"));
        assertEquals(25, recall.get("tileWidth"), "⌈√500⌉ and a one-pixel frame");
    }

    @Test
    void overlapCollapsesNearTheAgsCapacityAtTwoThousandNeurons() {
        RecordingContext ctx = new RecordingContext(1);
        long start = System.nanoTime();
        HopfieldResult r = new HopfieldLab().run(config(2000, List.of(0.10, 0.12, 0.14, 0.16, 0.18), 3, "hebb", 0), ctx, 2);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertNotNull(r.alphaC(), "the retrieval fraction falls through ½ inside the sweep");
        assertTrue(r.alphaC() >= 0.12 && r.alphaC() <= 0.16, "measured α_c = " + r.alphaC());
        HopfieldPoint low = r.points().get(0), high = r.points().get(4);
        assertTrue(low.overlap() > 0.98, "retrieval at α = 0.10: m = " + low.overlap());
        assertEquals(low.overlapTheory(), low.overlap(), 0.01, "AGS m(0.10) = " + low.overlapTheory());
        assertTrue(high.overlap() < 0.7, "collapse at α = 0.18: m = " + high.overlap());
        assertTrue(high.spurious() > high.recalls() / 2, "most recalls end in spurious states: " + high.spurious());
        // One-step stability of the stored bits: the Gaussian tail Φ(−√((N−1)/(P−1))), at every load.
        for (HopfieldPoint p : r.points()) {
            double bits = (double) p.patterns() * 2000 * 3, expected = p.unstableBitTheory() * bits;
            assertEquals(expected, p.unstableBitFraction() * bits, 6 * Math.sqrt(expected) + 0.03 * expected,
                    "unstable bits at α = " + p.alpha());
        }
        assertTrue(ctx.logs.stream().anyMatch(l -> l.contains("updates/s")), ctx.logs.toString());
        System.out.printf("N=2000 collapse: alpha_c = %.4f, %s, %.2f s%n", r.alphaC(), ctx.logs.get(ctx.logs.size() - 1), seconds);
        for (HopfieldPoint p : r.points()) System.out.println("  " + p);
    }

    @Test
    void aSweepIsExactlyReproducibleForAnyThreadCount() {
        HopfieldConfig c = new HopfieldConfig(400, List.of(0.05, 0.14, 0.2), 0.15, 3, "hebb", 0.1, 20, 42L);
        String one = Json.write(new HopfieldLab().run(c, new RecordingContext(42), 1));
        String two = Json.write(new HopfieldLab().run(c, new RecordingContext(42), 2));
        String again = Json.write(new HopfieldLab().run(c, new RecordingContext(42), 3));
        assertEquals(one, two);
        assertEquals(one, again);
        HopfieldConfig other = new HopfieldConfig(400, List.of(0.05, 0.14, 0.2), 0.15, 3, "hebb", 0.1, 20, 43L);
        assertTrue(!one.equals(Json.write(new HopfieldLab().run(other, new RecordingContext(43), 2))), "the seed matters");
    }

    @Test
    void storkeyStoresMorePatternsThanHebb() {
        List<Double> alphas = List.of(0.2);
        HopfieldPoint hebb = new HopfieldLab().run(config(300, alphas, 3, "hebb", 0), new RecordingContext(1), 2).points().get(0);
        HopfieldPoint storkey = new HopfieldLab().run(config(300, alphas, 3, "storkey", 0), new RecordingContext(1), 2).points().get(0);
        assertTrue(hebb.stableFraction() < 0.05, "Hebb at α = 0.2: " + hebb.stableFraction());
        assertTrue(storkey.stableFraction() > hebb.stableFraction() + 0.3, "Storkey " + storkey.stableFraction() + " vs Hebb " + hebb.stableFraction());
        assertTrue(storkey.overlap() > hebb.overlap(), storkey.overlap() + " vs " + hebb.overlap());
        assertEquals(null, storkey.overlapTheory(), "AGS is the Hebbian theory");
    }

    @Test
    void theSymmetricThreeMixtureIsAStableSpuriousState() {
        RecordingContext ctx = new RecordingContext(1);
        new HopfieldLab().run(config(1000, List.of(0.01, 0.1), 1, "hebb", 0), ctx, 2);
        List<Map<String, Object>> mixtures = ctx.series("mixture");
        assertEquals(1, mixtures.size(), "once, at the smallest load");
        Map<String, Object> m = mixtures.get(0);
        assertEquals(0.01, m.get("alpha"));
        assertEquals(5, m.get("count"), "three patterns, their mixture, the relaxed state");
        @SuppressWarnings("unchecked") List<Double> overlaps = (List<Double>) m.get("overlaps");
        for (double q : overlaps) assertEquals(0.5, q, 0.1, "m = ½ with each component: " + overlaps);
        assertEquals(true, m.get("endFixedPoint"));
    }

    @Test
    void theStreamCarriesTheoryEnergyAndTransition() {
        RecordingContext ctx = new RecordingContext(1);
        new HopfieldLab().run(config(256, List.of(0.05, 0.3), 2, "hebb", 0), ctx, 2);
        Map<String, Object> theory = ctx.series("theory").get(0);
        assertEquals(AgsTheory.criticalAlpha(), (double) theory.get("alphaC"), 0);
        assertEquals(HopfieldLab.THEORY_POINTS, ((List<?>) theory.get("alpha")).size());
        assertEquals(2, ctx.series("alpha").size());
        List<Map<String, Object>> energy = ctx.series("energy");
        assertEquals(2, energy.size());
        for (Map<String, Object> e : energy) {
            @SuppressWarnings("unchecked") List<Double> es = (List<Double>) e.get("energy");
            for (int i = 1; i < es.size(); i++) assertTrue(es.get(i) <= es.get(i - 1), "streamed E falls");
        }
        assertEquals(1, ctx.series("transition").size());
        assertEquals("theory", ctx.points.get(0).series(), "the theory first");
        assertEquals("transition", ctx.points.get(ctx.points.size() - 1).series(), "the transition last");
    }

    @Test
    void aCancelledRunStops() {
        RecordingContext ctx = new RecordingContext(1);
        ctx.cancel = true;
        assertThrows(CancelledException.class, () -> new HopfieldLab().run(config(300, List.of(0.1), 2, "hebb", 0), ctx, 2));
    }

    @Test
    void aRunCancelledMidwayStopsWithoutFinishingTheSweep() {
        RecordingContext ctx = new RecordingContext(1) {
            @Override
            public void point(String series, Map<String, ?> values) {
                super.point(series, values);
                if (series.equals("alpha")) cancel = true; // cancel as soon as the first load is in
            }
        };
        HopfieldConfig c = config(800, List.of(0.02, 0.2, 0.2, 0.2, 0.2, 0.2), 4, "hebb", 0);
        assertThrows(CancelledException.class, () -> new HopfieldLab().run(c, ctx, 2));
        assertEquals(1, ctx.series("alpha").size(), "no load after the cancel");
        assertTrue(ctx.series("transition").isEmpty());
    }

    @Test
    void configsNameTheFieldTheyBreak() {
        ConfigException e = assertThrows(ConfigException.class, () -> config(100, List.of(0.001), 1, "hebb", 0));
        assertEquals("alphas", e.field());
        assertEquals("rule", assertThrows(ConfigException.class, () -> config(100, List.of(0.1), 1, "oja", 0)).field());
        assertEquals("alphas", assertThrows(ConfigException.class, () -> config(100, List.of(0.6), 1, "hebb", 0)).field());
        assertTrue(HopfieldConfig.defaults().memoryBytes() < cheaplab.core.Check.MEMORY_BUDGET_BYTES);
        new HopfieldConfig(4096, List.of(0.5), 0.5, 1000, "storkey", 2, 10_000, 1L); // the largest config fits the budget
    }
}
