package cheaplab.lab.partition;

import cheaplab.core.CancelledException;
import cheaplab.core.ConfigBinder;
import cheaplab.core.ConfigException;
import cheaplab.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab end to end on small chains: what it streams, what it returns, reproducibility, cancellation, config checks. */
class PartitionLabTest {
    private static final double EPS = 1e-12;

    private static PartitionConfig config(String json) {
        return ConfigBinder.bind(new PartitionLab(), parse(json));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static double d(Map<String, Object> v, String key) {
        return ((Number) v.get(key)).doubleValue();
    }

    @Test
    void streamsTheAnalysisEveryStateRankedAndASweepThatKeepsZWhileKlGrows() {
        PartitionConfig c = config("{\"spins\": 5, \"couplings\": [0.8], \"fields\": [0.1], \"kappa\": 1.5, \"kappas\": [2, 0, 0.5, 0.5, 3]}");
        RecordingContext ctx = new RecordingContext(c.seed());
        PartitionResult r = new PartitionLab().run(c, ctx);

        List<Map<String, Object>> analysis = ctx.series("analysis"), states = ctx.series("states"), sweep = ctx.series("sweep");
        assertEquals(1, analysis.size());
        assertEquals(32, states.size());
        assertEquals(List.of(0.0, 0.5, 1.5, 2.0, 3.0), sweep.stream().map(v -> d(v, "kappa")).toList(), "sorted, distinct, κ added");
        assertEquals(ctx.points.size(), 1 + 32 + 5, "nothing else streamed");
        assertEquals(1.0, ctx.progress.get(ctx.progress.size() - 1));

        // States: ranks 1…32 over every state once, p non-increasing, both distributions normalised.
        double sumP = 0, sumQ = 0, last = Double.POSITIVE_INFINITY;
        HashSet<Integer> seen = new HashSet<>();
        for (int i = 0; i < states.size(); i++) {
            Map<String, Object> s = states.get(i);
            assertEquals(i + 1, ((Number) s.get("rank")).intValue());
            assertTrue(seen.add(((Number) s.get("state")).intValue()));
            assertTrue(d(s, "p") <= last);
            last = d(s, "p");
            sumP += d(s, "p");
            sumQ += d(s, "pTilde");
            int state = ((Number) s.get("state")).intValue();
            assertEquals(IsingChain.text(state, 5), s.get("spins"));
            double m = IsingChain.magnetization(state, 5);
            assertEquals(m * m / 5, d(s, "kernelShape"), EPS);
            assertEquals(1.5 * m * m / 5, d(s, "kernel"), EPS);
        }
        assertEquals(1, sumP, EPS);
        assertEquals(1, sumQ, EPS);

        // Z stays, KL grows strictly with κ ≥ 0 (d KL(p‖p_κ)/dκ = E_p k − E_{p_κ} k > 0), and vanishes at κ = 0.
        double lastKl = -1;
        for (Map<String, Object> v : sweep) {
            assertEquals(d(v, "logZ"), d(v, "logZJoint"), EPS);
            assertEquals(0, d(v, "logZJointMinusLogZ"), EPS);
            assertTrue(d(v, "klForward") > lastKl, "KL grows: " + v);
            lastKl = d(v, "klForward");
        }
        assertEquals(0, d(sweep.get(0), "klForward"), 1e-15); // K ≡ 0: rounding only (~1e-32)
        assertEquals(0, d(sweep.get(0), "klReverse"), 1e-15);
        assertTrue(d(sweep.get(0), "traceDeviation") <= EPS);
        assertTrue(d(sweep.get(1), "traceDeviation") > 0.01);

        // The result is the analysis at κ, and the same numbers as the sweep's point there.
        Map<String, Object> a = analysis.get(0), atKappa = sweep.get(2);
        assertEquals(32, r.states());
        assertEquals(d(a, "logZ"), r.logZ());
        assertEquals(d(a, "logZJoint"), r.logZJoint());
        assertEquals(d(a, "klForward"), r.klDivergence().forward());
        assertEquals(d(a, "klReverse"), r.klDivergence().reverse());
        assertEquals(d(a, "traceDeviation"), r.traceDeviation());
        assertEquals(d(atKappa, "klForward"), r.klDivergence().forward());
        assertEquals(32, r.distribution().size());
        assertEquals(5, r.sweep().size());
        assertEquals(c, r.config());
        assertTrue(r.klDivergence().forward() > 0 && r.klDivergence().reverse() > 0 && r.traceDeviation() > 0);
    }

    @Test
    void aSeededRunIsReproducibleAndTheSeedPicksTheRandomKernel() {
        PartitionConfig c = config("{\"spins\": 6, \"kernel\": \"random\", \"kappas\": [0, 1], \"seed\": 42}");
        String first = Json.write(new PartitionLab().run(c, new RecordingContext(42)));
        String again = Json.write(new PartitionLab().run(c, new RecordingContext(42)));
        assertEquals(first, again, "byte-identical result JSON");
        PartitionConfig other = config("{\"spins\": 6, \"kernel\": \"random\", \"kappas\": [0, 1], \"seed\": 43}");
        PartitionResult r43 = new PartitionLab().run(other, new RecordingContext(43));
        assertNotEquals(Json.write(r43.distribution()), Json.write(new PartitionLab().run(c, new RecordingContext(42)).distribution()));
        // Independently of the seed, the random kernel has the Gaussian's moments (64 values: loose bounds).
        double[] k = KernelShape.of(c, 42);
        double mean = 0, sq = 0;
        for (double v : k) { mean += v / k.length; sq += v * v / k.length; }
        assertTrue(Math.abs(mean) < 0.5 && sq > 0.5 && sq < 1.6, mean + " " + sq);
    }

    @Test
    void aConstantCustomKernelLeavesPUnchanged() {
        List<Double> values = new ArrayList<>(Collections.nCopies(16, 0.75));
        PartitionConfig c = new PartitionConfig(4, List.of(1.0, -0.5, 0.3), List.of(0.2, 0.0, -0.1, 0.4), false, "custom",
                2.0, List.of(0.0, 1.0, 5.0), values, 1);
        PartitionResult r = new PartitionLab().run(c, new RecordingContext(1));
        assertEquals(0, r.kernelSpread());
        assertTrue(r.klDivergence().forward() <= 1e-15 && r.klDivergence().reverse() <= 1e-15, r.klDivergence().toString());
        assertTrue(r.traceDeviation() <= EPS, "" + r.traceDeviation());
        for (SweepPoint p : r.sweep()) {
            assertTrue(p.klForward() <= 1e-15 && p.traceDeviation() <= EPS, p.toString());
            assertEquals(p.logZ() - 0.75 * p.kappa(), p.logZTilde(), EPS);
        }
        // A custom kernel that is not constant: state 0 alone raised.
        values.set(0, 3.0);
        PartitionResult bumped = new PartitionLab().run(new PartitionConfig(4, c.couplings(), c.fields(), false, "custom",
                2.0, List.of(0.0), values, 1), new RecordingContext(1));
        assertTrue(bumped.klDivergence().forward() > 1e-6 && bumped.traceDeviation() > 1e-3);
    }

    @Test
    void aCancelledRunStops() {
        RecordingContext ctx = new RecordingContext(1);
        ctx.cancel = true;
        assertThrows(CancelledException.class, () -> new PartitionLab().run(PartitionConfig.defaults(), ctx));
    }

    @Test
    void theDefaultsAreValidAndTheirSweepIncludesKappa() {
        PartitionConfig c = PartitionConfig.defaults();
        assertEquals(c, ConfigBinder.bind(new PartitionLab(), null));
        double[] sweep = c.sweep();
        assertEquals(31, sweep.length);
        assertTrue(java.util.Arrays.stream(sweep).anyMatch(k -> k == c.kappa()));
    }

    @Test
    void badConfigsNameTheirField() {
        assertField("couplings", "{\"spins\": 5, \"periodic\": false, \"couplings\": [1, 1, 1, 1, 1]}");
        assertField("couplings", "{\"spins\": 5, \"periodic\": true, \"couplings\": [1, 1, 1, 1]}");
        assertField("couplings", "{\"couplings\": []}");
        assertField("couplings", "{\"couplings\": [101]}");
        assertField("fields", "{\"spins\": 4, \"fields\": [0, 0]}");
        assertField("kernel", "{\"kernel\": \"quartic\"}");
        assertField("kernelValues", "{\"spins\": 3, \"kernel\": \"custom\"}");
        assertField("kernelValues", "{\"spins\": 3, \"kernel\": \"custom\", \"kernelValues\": [1, 2, 3]}");
        assertField("spins", "{\"spins\": 13}");
        assertField("kappas", "{\"kappas\": [1, 1000]}");
        assertField("kappa", "{\"kappa\": -101}");
        // Per-bond couplings are accepted with their exact count, and a custom kernel with 2^n values.
        config("{\"spins\": 4, \"periodic\": false, \"couplings\": [1, 2, 3]}");
        config("{\"spins\": 4, \"periodic\": true, \"couplings\": [1, 2, 3, 4], \"fields\": [0, 1, 0, 1]}");
        config("{\"spins\": 2, \"kernel\": \"custom\", \"kernelValues\": [0, 1, 2, 3]}");
    }

    private static void assertField(String field, String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> config(json), json);
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void perBondCouplingsAndPerSpinFieldsAreWhereTheConfigSaysThey() {
        PartitionConfig c = config("{\"spins\": 3, \"periodic\": true, \"couplings\": [1, 2, 4], \"fields\": [0.5, 0, 0]}");
        IsingChain chain = IsingChain.of(c);
        // State 0b001: y = (+, −, −): bonds (0,1) −1·1, (1,2) +1·2, (2,0) −1·4; field +0.5 on spin 0.
        assertEquals(-(-1 + 2 - 4) - 0.5, chain.energy(1), 0);
        assertEquals("+--", IsingChain.text(1, 3));
        ObjectNode json = (ObjectNode) Json.tree(c);
        assertEquals(c, ConfigBinder.bind(new PartitionLab(), json), "round trip through JSON");
    }
}
