package cheaplab.lab.vrg;

import cheaplab.core.ConfigException;
import cheaplab.core.Json;
import cheaplab.lab.rbm.ImageTiles;
import cheaplab.lab.rbm.RbmWeights;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stack against known limits: at T → ∞ the receptive fields are no more local than the shuffled-lattice
 * control; well below T_c one unit carries the magnetisation; near T_c the first layer's fields are local.
 * Seeded runs repeat exactly, and the fields the page shows are the product of the result's weights.
 */
class VrgLabTest {

    static VrgConfig config(int lattice, double t, int samples, List<Integer> layers, int epochs, long seed) {
        return new VrgConfig(lattice, t, samples, layers, 3e-3, 0.05, 0.5, 1, 16, epochs, seed);
    }

    static VrgResult run(VrgConfig cfg, Recorder rec) throws Exception {
        VrgResult r = new VrgLab().run(cfg, rec);
        rec.logs.forEach(s -> System.out.println("[vrg test] " + s));
        return r;
    }

    @Test
    void atInfiniteTemperatureTheFieldsCarryNoStructureAboveTheControl() throws Exception {
        VrgResult r = run(config(8, 100, 512, List.of(16, 4), 10, 1), new Recorder());
        for (VrgResult.Layer x : r.metrics()) {
            double err = Math.hypot(x.spreadSem(), x.controlSpreadSem());
            assertTrue(Math.abs(x.spread() - x.controlSpread()) < 3 * err + 0.05 * x.controlSpread(),
                    "layer " + x.layer() + ": " + x.spread() + " vs control " + x.controlSpread() + " ± " + err);
        }
    }

    @Test
    void wellBelowTcOneUnitCarriesTheMagnetisation() throws Exception {
        VrgResult r = run(config(8, 1.5, 512, List.of(16, 4), 10, 2), new Recorder());
        assertTrue(r.meanAbsMagnetization() > 0.95, "ordered samples: <|m|> = " + r.meanAbsMagnetization());
        for (VrgResult.Layer x : r.metrics())
            assertTrue(x.magnetizationCorrelation() > 0.9, "layer " + x.layer() + ": " + x.magnetizationCorrelation());
    }

    @Test
    void nearTcTheFirstLayerIsLocalAgainstTheControl() throws Exception {
        Recorder rec = new Recorder();
        VrgResult r = run(config(16, VrgConfig.PAPER_TEMPERATURE, 1024, List.of(64, 16), 15, 3), rec);
        VrgResult.Layer first = r.metrics().get(0);
        assertTrue(first.localityRatio() < 0.8, "layer 1 ratio " + first.localityRatio());
        assertEquals(2, r.metrics().size());
        assertEquals(2, rec.series("locality").size());
        assertEquals(2, rec.series("reconstructions").size());
    }

    @Test
    void aSeededRunRepeatsExactlyAndAnotherSeedDiffers() throws Exception {
        VrgConfig cfg = config(8, 2.45, 256, List.of(16, 4), 3, 5);
        String a = Json.write(new VrgLab().run(cfg, new Recorder()));
        String b = Json.write(new VrgLab().run(cfg, new Recorder()));
        assertEquals(a, b);
        String c = Json.write(new VrgLab().run(config(8, 2.45, 256, List.of(16, 4), 3, 6), new Recorder()));
        assertNotEquals(a, c);
    }

    @Test
    void theFieldsShownAreTheProductOfTheResultsWeights() throws Exception {
        Recorder rec = new Recorder();
        VrgResult r = run(config(8, 2.45, 256, List.of(16, 9, 4), 2, 7), rec);
        assertEquals(3, r.layers().size());
        RbmWeights w1 = r.layers().get(0), w2 = r.layers().get(1), w3 = r.layers().get(2);
        assertEquals(64, w1.visible());
        assertEquals(16, w2.visible());
        assertEquals(4, w3.hidden());
        // F = W1 W2 W3 by explicit loops over paths, drawn as the page's tiles.
        float[][] tiles = new float[4][64];
        for (int u = 0; u < 4; u++)
            for (int i = 0; i < 64; i++) {
                double s = 0;
                for (int a = 0; a < 16; a++)
                    for (int b = 0; b < 9; b++) s += (double) w1.W()[i][a] * w2.W()[a][b] * w3.W()[b][u];
                tiles[u][i] = (float) s;
            }
        Map<String, Object> expected = ImageTiles.ofSigned(tiles, 8, 8, 2);
        Map<String, Object> shown = rec.series("fields").stream()
                .filter(p -> p.get("stack").equals("lattice") && p.get("layer").equals(3)).reduce((x, y) -> y).orElseThrow();
        assertEquals(expected.get("data"), shown.get("data"));
        assertEquals(4, shown.get("count"));
        // The result JSON carries every layer as {W, b, c}.
        String json = Json.write(r);
        assertTrue(json.contains("\"layers\":[{\"W\":[["), json.substring(0, Math.min(200, json.length())));
    }

    @Test
    void aCancelDuringTrainingStopsTheRun() {
        Recorder rec = new Recorder() {
            @Override
            public void point(String series, java.util.Map<String, ?> values) {
                super.point(series, values);
                if (series.equals("train")) cancel = true; // after the first epoch of layer 1
            }
        };
        assertThrows(cheaplab.core.CancelledException.class,
                () -> new VrgLab().run(config(8, 2.45, 256, List.of(16, 4), 50, 9), rec));
        assertEquals(1, rec.series("train").size(), "stopped within the next epoch");
        assertEquals(0, rec.series("locality").size());
    }

    @Test
    void configsNameTheFieldTheyBreak() {
        assertEquals("layers", assertThrows(ConfigException.class,
                () -> config(8, 2.45, 256, List.of(), 3, 1)).field());
        assertEquals("layers", assertThrows(ConfigException.class,
                () -> config(8, 2.45, 256, List.of(16, 0), 3, 1)).field());
        assertEquals("learningRate", assertThrows(ConfigException.class,
                () -> new VrgConfig(8, 2.45, 256, List.of(4), 0, 0.0, 0.5, 1, 16, 3, 1)).field());
        assertEquals("samples", assertThrows(ConfigException.class,
                () -> config(64, 2.45, 100_000, List.of(4096, 4096, 4096), 3, 1)).field());
        VrgConfig.defaults();
    }
}
