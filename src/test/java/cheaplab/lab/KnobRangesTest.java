package cheaplab.lab;

import cheaplab.App;
import cheaplab.core.ConfigException;
import cheaplab.core.Lab;
import cheaplab.core.Json;
import cheaplab.core.KnobSpec;
import cheaplab.lab.hopfield.HopfieldConfig;
import cheaplab.lab.ising.IsingConfig;
import cheaplab.lab.rbm.RbmConfig;
import cheaplab.lab.ridge.RidgeConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The range a real lab's form shows is the range its config record enforces: for every scalar numeric knob of
 * every lab in App.labs(), with the other fields at their defaults (and the fields that bound it by a cross-field rule moved out
 * of the way), max is accepted and max + step refused, and the lowest value the form offers is accepted and one
 * step below it refused (a field whose lowest value is refused by an extra rule, e.g. a learning rate of 0, says so).
 */
class KnobRangesTest {

    /** Every lab the product offers (App.labs()): a new lab is checked without an edit here. */
    static Stream<Lab<?, ?>> labs() {
        return App.labs().all().stream();
    }

    @ParameterizedTest
    @MethodSource("labs")
    void everyNumericKnobsRenderedRangeIsWhatTheRecordEnforces(Lab<?, ?> lab) {
        // At least this many knobs of the first two labs (a regression guard); any number for later labs.
        int atLeast = switch (lab.id()) { case "ridge" -> 8; case "rbm" -> 14; case "ising" -> 6; default -> 0; };
        check(lab.configType(), lab.defaults(), atLeast);
    }

    @org.junit.jupiter.api.Test
    void theFirstTwoLabsAreAmongThoseChecked() {
        assertTrue(labs().map(Lab::id).toList().containsAll(java.util.List.of("ridge", "rbm")));
    }

    private static <C extends Record> void check(Class<C> type, Record defaults, int atLeast) {
        int checked = 0;
        for (KnobSpec k : KnobSpec.of(type).values()) {
            if (!k.kind().equals("integer") && !k.kind().equals("number")) continue;
            if (k.name().equals("seed")) continue;
            double step = k.integral() ? 1 : Math.max(Math.ulp(k.hasMax() ? k.max() : 1) * 4, 1e-9);
            if (k.hasMax()) {
                assertAccepted(type, defaults, k.name(), k.max(), k);
                assertRefused(type, defaults, k.name(), k.max() + step, k);
            }
            double lo = k.lowest();
            assertTrue(!Double.isNaN(lo), k.name() + " has a lower bound");
            if (positiveOnly(k.name())) {
                assertRefused(type, defaults, k.name(), lo, k);
            } else {
                assertAccepted(type, defaults, k.name(), lo, k);
            }
            assertRefused(type, defaults, k.name(), lo - step, k);
            assertEquals(lo, Double.parseDouble(k.minAttr()), k.name() + ": the form's min");
            if (k.hasMax()) assertEquals(k.max(), Double.parseDouble(k.maxAttr()), k.name() + ": the form's max");
            checked++;
        }
        assertTrue(checked >= atLeast, "checked " + checked);
    }

    /** Knobs whose range starts at 0 but whose record refuses 0 (a rule in code on top of the range). */
    private static boolean positiveOnly(String name) {
        return name.equals("signal") || name.equals("learningRate");
    }

    private static <C extends Record> void assertAccepted(Class<C> type, Record defaults, String name, double v, KnobSpec k) {
        assertDoesNotThrow(() -> make(type, defaults, name, v, k), name + " = " + v + " is in its knob's range");
    }

    private static <C extends Record> void assertRefused(Class<C> type, Record defaults, String name, double v, KnobSpec k) {
        ConfigException e = assertThrows(ConfigException.class, () -> make(type, defaults, name, v, k), name + " = " + v);
        assertEquals(name, e.field(), e.getMessage());
    }

    /** The defaults with {@code name = v}, and what cross-field rules need moved so that only the range decides. */
    private static <C extends Record> C make(Class<C> type, Record defaults, String name, double v, KnobSpec k) {
        ObjectNode o = (ObjectNode) Json.tree(defaults);
        if (k.integral()) o.put(name, (long) v);
        else o.put(name, v);
        if (type == RbmConfig.class) {
            // Small splits and tiny models keep the memory budget and train + validation ≤ 60 000 out of the way.
            if (!name.equals("trainImages")) o.put("trainImages", name.equals("batchSize") ? 10_000 : 1_000);
            if (!name.equals("validationImages")) o.put("validationImages", name.equals("trainImages") ? 1 : 100);
            if (!name.equals("batchSize")) o.put("batchSize", 1);
            if (!name.equals("testImages")) o.put("testImages", 100);
        } else if (type == HopfieldConfig.class) {
            // At N = 16 the default smallest load (0.02) would store no pattern: one load that does.
            if (name.equals("neurons")) o.putArray("alphas").add(0.1);
        } else if (type == IsingConfig.class) {
            // One small lattice keeps the work cap out of the way; 512 = 2⁹ leaves room for 8 levels of b = 2.
            o.putArray("sizes").add(name.equals("blockLevels") ? 512 : 16);
            o.putArray("temperatures").add(2.0);
            if (name.equals("blockSize")) o.put("blockLevels", 0);
            if (name.equals("blockLevels")) o.put("blockSize", 2);
        } else if (type == cheaplab.lab.mlp.MlpConfig.class) {
            // batchSize ≤ trainImages, trainImages + validationImages ≤ 60 000, lrMin ≤ learningRate.
            if (!name.equals("trainImages")) o.put("trainImages", name.equals("batchSize") ? 10_000 : 1_000);
            if (!name.equals("validationImages")) o.put("validationImages", name.equals("trainImages") ? 1 : 100);
            if (!name.equals("batchSize")) o.put("batchSize", 1);
            if (!name.equals("testImages")) o.put("testImages", 100);
            if (!name.equals("lrMin")) o.put("lrMin", 0.0);
            if (name.equals("lrMin")) o.put("learningRate", 10.0);
        } else if (type == RidgeConfig.class) {
            // A small sweep keeps the SVD cap and memory budget out of the way of the features knob.
            o.putArray("instances").add(name.equals("focusInstances") ? 20 : 10);
            if (name.equals("features")) o.put("focusInstances", 10);
        }
        return cheaplab.core.ConfigBinder.instantiate(type, o);
    }
}
