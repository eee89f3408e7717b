package cheaplab.lab.ridge;

import cheaplab.core.ConfigException;
import cheaplab.core.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every field's bad values are refused with a ConfigException naming that field. */
class RidgeConfigTest {

    /** The defaults as a mutable JSON-like map, so one field at a time can be spoiled. */
    static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        RidgeConfig d = RidgeConfig.defaults();
        m.put("dataset", d.dataset());
        m.put("features", d.features());
        m.put("instances", new ArrayList<>(d.instances()));
        m.put("lambdas", new ArrayList<>(d.lambdas()));
        m.put("lambdaScaling", d.lambdaScaling());
        m.put("repeats", d.repeats());
        m.put("noise", d.noise());
        m.put("signal", d.signal());
        m.put("decay", d.decay());
        m.put("correlation", d.correlation());
        m.put("target", d.target());
        m.put("focusInstances", d.focusInstances());
        m.put("cvFolds", d.cvFolds());
        m.put("classify", d.classify());
        m.put("seed", d.seed());
        return m;
    }

    @SuppressWarnings("unchecked")
    static RidgeConfig build(Map<String, Object> m) {
        return new RidgeConfig((String) m.get("dataset"), (Integer) m.get("features"), (List<Integer>) m.get("instances"),
                (List<Double>) m.get("lambdas"), (String) m.get("lambdaScaling"), (Integer) m.get("repeats"),
                (Double) m.get("noise"), (Double) m.get("signal"), (Double) m.get("decay"), (Double) m.get("correlation"),
                (String) m.get("target"), (Integer) m.get("focusInstances"), (Integer) m.get("cvFolds"),
                (Boolean) m.get("classify"), (Long) m.get("seed"));
    }

    static void rejects(String field, Object bad) {
        rejects(field, m -> m.put(field, bad), field + "=" + bad);
    }

    static void rejects(String field, Function<Map<String, Object>, Object> spoil, String what) {
        Map<String, Object> m = defaults();
        spoil.apply(m);
        ConfigException e = assertThrows(ConfigException.class, () -> build(m), what);
        assertEquals(field, e.field(), what + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    }

    @Test
    void defaultsAreValidAndRoundTripThroughJson() throws Exception {
        RidgeConfig d = RidgeConfig.defaults();
        assertEquals(d, build(defaults()));
        assertEquals(d, Json.MAPPER.readValue(Json.write(d), RidgeConfig.class));
        assertTrue(d.instances().contains(200) && d.instances().size() == 20, "dense around N = p = 200");
        assertEquals(200, d.focus(), "ratio closest to 1");
    }

    @Test
    void scalarFields() {
        rejects("dataset", "gaussian");
        rejects("dataset", null);
        rejects("features", 0);
        rejects("features", 4097);
        rejects("lambdaScaling", "median");
        rejects("repeats", 0);
        rejects("repeats", 201);
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, -0.1, 1e3 + 1}) rejects("noise", bad);
        for (double bad : new double[]{Double.NaN, Double.NEGATIVE_INFINITY, 0.0, -1, 1e4}) rejects("signal", bad);
        for (double bad : new double[]{Double.NaN, -0.5, 4.5}) rejects("decay", bad);
        for (double bad : new double[]{Double.NaN, -0.1, 1.0, 0.9991}) rejects("correlation", bad);
        rejects("target", "digit-10");
        rejects("target", "Digit");
        rejects("target", null);
        rejects("focusInstances", -1);
        rejects("focusInstances", 20_001);
        rejects("cvFolds", 1);
        rejects("cvFolds", 21);
        rejects("focusInstances", 4);  // below the default cvFolds = 5: a fold would be empty
        rejects("focusInstances", m -> {
            m.put("cvFolds", 10);
            return m.put("focusInstances", 9);
        }, "fewer focus instances than folds");
    }

    @Test
    void focusIsTheConfiguredSetOrTheSweepValueWithRatioNearestOne() {
        Map<String, Object> m = defaults();
        m.put("focusInstances", 5);
        assertEquals(5, build(m).focus(), "an explicit focus set, cvFolds = 5 instances suffice");
        m.put("focusInstances", 0);
        m.put("features", 100);
        // |p/N − 1|: N = 60 → 0.667, N = 260 → 0.615 (on log p/N the nearer one would be 60: 0.51 vs 0.96)
        m.put("instances", List.of(260, 60));
        assertEquals(260, build(m).focus());
        m.put("instances", List.of(200, 67)); // 0.5 vs 0.4925
        assertEquals(67, build(m).focus());
        m.put("features", 6);
        m.put("instances", List.of(12, 4)); // an exact tie, |6/12 − 1| = |6/4 − 1| = 0.5: the smaller N
        assertEquals(4, build(m).focus());
    }

    @Test
    void listFields() {
        rejects("instances", null);
        rejects("instances", List.of());
        rejects("instances", List.of(0));
        rejects("instances", List.of(100, 20_001));
        rejects("instances", new ArrayList<>(Collections.nCopies(61, 100)));
        rejects("instances", Arrays.asList(100, null));
        rejects("lambdas", null);
        rejects("lambdas", List.of());
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, -1e-9, 1e6 + 1}) rejects("lambdas", List.of(0.1, bad));
        rejects("lambdas", new ArrayList<>(Collections.nCopies(13, 0.1)));
    }

    @Test
    void mnistRules() {
        rejects("features", m -> m.put("dataset", "mnist"), "mnist with 200 features");
        Map<String, Object> ok = defaults();
        ok.put("dataset", "mnist");
        ok.put("features", 784);
        ok.put("instances", List.of(100, 60_000));
        ok.put("focusInstances", 700); // the focus set is decomposed directly (DecompositionCost)
        assertEquals(60_000, build(ok).sweep()[1], "mnist allows up to 60 000 instances");
        rejects("instances", m -> {
            m.put("dataset", "mnist");
            m.put("features", 784);
            return m.put("instances", List.of(60_001));
        }, "more images than mnist has");
        rejects("target", m -> {
            m.put("dataset", "mnist");
            m.put("features", 784);
            return m.put("target", "digit-x");
        }, "bad digit");
    }

    @Test
    void memoryBudget() {
        // 4096 features × 20 000 instances × 8 bytes × 4 copies = 2.6 GB > 2 GiB
        rejects("instances", m -> {
            m.put("features", 4096);
            return m.put("instances", List.of(20_000));
        }, "over the memory budget");
        rejects("focusInstances", m -> {
            m.put("features", 4096);
            m.put("instances", List.of(100));
            return m.put("focusInstances", 20_000);
        }, "focus set over the memory budget");
        Map<String, Object> ok = defaults();
        ok.put("features", 4096);
        ok.put("instances", List.of(300));
        build(ok); // wide training sets are cheap to decompose: accepted
    }

    @Test
    void oneDecompositionMayNotOutlastACancel() {
        // 12,500 × 200: 4·12,500·200² = 2·10⁹ operations, the bound
        Map<String, Object> ok = defaults();
        ok.put("instances", List.of(100, 12_500));
        ok.put("focusInstances", 12_500);
        build(ok);
        rejects("instances", m -> m.put("instances", List.of(100, 12_501)), "one instance more");
        rejects("instances", m -> {
            m.put("features", 1000);
            return m.put("instances", List.of(800));
        }, "wide: 4·1000·800² is over the bound");
        assertEquals(12_500, DecompositionCost.largestInstances(200));
        assertEquals(707, DecompositionCost.largestInstances(1000), "wide sets: 4·1000·707² ≤ 2·10⁹ < 4·1000·708²");
        ConfigException e = assertThrows(ConfigException.class, () -> new RidgeConfig("isotropic", 1000, List.of(800),
                List.of(1.0), "mean", 1, 0.5, 1.0, 1.0, 0.9, "digit", 0, 5, false, 1));
        assertTrue(e.getMessage().contains("at most 707 instances"), e.getMessage());
        rejects("focusInstances", m -> {
            m.put("dataset", "mnist");
            m.put("features", 784);
            return m.put("instances", List.of(100, 60_000));
        }, "the automatic focus set of 60 000 images");
        assertTrue(DecompositionCost.svdFlops(200, 20_000) == DecompositionCost.svdFlops(20_000, 200), "symmetric in n and p");
    }

    @Test
    void unknownJsonKeysAreRejected() {
        String json = Json.write(RidgeConfig.defaults()).replace("\"seed\"", "\"sede\"");
        assertThrows(Exception.class, () -> Json.MAPPER.readValue(json, RidgeConfig.class));
    }

    @Test
    void lambdaScalings() {
        RidgeConfig mean = RidgeConfig.defaults();
        assertEquals(50.0, mean.scaling().penalty(0.5, 100));
        assertEquals(0.5, mean.scaling().mean(0.5, 100));
        Map<String, Object> m = defaults();
        m.put("lambdaScaling", "sum");
        RidgeConfig sum = build(m);
        assertEquals(0.5, sum.scaling().penalty(0.5, 100));
        assertEquals(0.005, sum.scaling().mean(0.5, 100));
    }
}
