package cheaplab.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A toy config record's @Knob metadata becomes its spec, and the Knobs checks enforce exactly that spec. */
class KnobSpecTest {

    enum Mode { FAST, EXACT }

    record Toy(@Knob(label = "Points <var>n</var>", min = 2, max = 500, hint = "More is slower.", unit = "points") int points,
               @Knob(label = "Rate", min = 0, max = 0.5, step = 0.01) double rate,
               @Knob(label = "Runs", min = 2, max = 100, also = 0) int runs,
               @Knob(choices = {"a=Alpha", "b=Beta"}) String kind,
               @Knob(min = 0, max = 100_000, maxValues = 3, rows = 2) List<Integer> sizes,
               @Knob(showFor = "b", fixedWhen = "kind=a", fixedValue = "7", min = 1, max = 9) int width,
               boolean verbose, Mode mode, long seed) {
        Toy {
            Knobs.range(Toy.class, "points", points);
            Knobs.range(Toy.class, "rate", rate);
            Knobs.range(Toy.class, "runs", runs);
            Knobs.oneOf(Toy.class, "kind", kind);
            sizes = Knobs.ints(Toy.class, "sizes", sizes, 100_000);
            Knobs.range(Toy.class, "width", width);
        }
    }

    static Toy toy(int points, double rate, int runs, String kind, List<Integer> sizes) {
        return new Toy(points, rate, runs, kind, sizes, 7, false, Mode.FAST, 1);
    }

    @Test
    void theSpecCarriesEveryAttributeAndDefaultsForUnannotatedFields() {
        Map<String, KnobSpec> spec = KnobSpec.of(Toy.class);
        assertEquals(List.of("points", "rate", "runs", "kind", "sizes", "width", "verbose", "mode", "seed"), List.copyOf(spec.keySet()));
        KnobSpec points = spec.get("points");
        assertEquals("integer", points.kind());
        assertEquals("Points <var>n</var>", points.label());
        assertEquals("points", points.unit());
        assertEquals("More is slower.", points.hint());
        assertEquals("2", points.minAttr());
        assertEquals("500", points.maxAttr());
        assertEquals("1", points.stepAttr());
        assertEquals("0.01", spec.get("rate").stepAttr());
        assertEquals("0.5", spec.get("rate").maxAttr());
        assertEquals("0", spec.get("runs").minAttr(), "the form offers the 'off' value below the range");
        assertEquals(Map.of("a", "Alpha", "b", "Beta"), spec.get("kind").choices());
        assertEquals("each 0 to 100\u00a0000, at most 3 values", spec.get("sizes").rangeText());
        assertEquals("integer", spec.get("sizes").element());
        assertEquals(List.of("b"), spec.get("width").showFor());
        assertEquals("kind=a", spec.get("width").fixedWhen());
        KnobSpec verbose = spec.get("verbose");
        assertEquals("verbose", verbose.label());
        assertEquals("", verbose.minAttr());
        assertEquals(Map.of("FAST", "FAST", "EXACT", "EXACT"), spec.get("mode").choices(), "enum constants are the choices");
        assertEquals("any", new KnobSpec("x", "number", null, "x", "", "", Double.NaN, Double.NaN, new double[0], 0, 0,
                Map.of(), 0, List.of(), "", "").stepAttr());
    }

    @Test
    void theChecksEnforceTheSpecsRangeWithChecksMessages() {
        toy(2, 0, 0, "a", List.of(1));
        toy(500, 0.5, 100, "b", List.of(100_000, 0, 5));
        assertEquals("must be an integer in [2, 500], was 501", refused(() -> toy(501, 0, 2, "a", List.of(1)), "points"));
        assertEquals("must be an integer in [2, 500], was 1", refused(() -> toy(1, 0, 2, "a", List.of(1)), "points"));
        assertEquals("must be in [0.0, 0.5], was 0.51", refused(() -> toy(2, 0.51, 2, "a", List.of(1)), "rate"));
        assertEquals("must be an integer in [2, 100], was 1", refused(() -> toy(2, 0, 1, "a", List.of(1)), "runs"));
        assertEquals("must be one of a, b, was 'c'", refused(() -> toy(2, 0, 2, "c", List.of(1)), "kind"));
        assertEquals("must have 1 to 3 values, had 4", refused(() -> toy(2, 0, 2, "a", List.of(1, 2, 3, 4)), "sizes"));
        assertTrue(refused(() -> toy(2, 0, 2, "a", List.of(1, 100_001)), "sizes").startsWith("value #2 must be an integer in [0, 100000]"));
    }

    @Test
    void aCheckOfAFieldWithoutBoundsIsAProgrammingError() {
        assertThrows(IllegalStateException.class, () -> Knobs.range(Toy.class, "seed", 1.0));
        assertThrows(IllegalArgumentException.class, () -> Knobs.range(Toy.class, "nope", 1));
    }

    private static String refused(Runnable r, String field) {
        ConfigException e = assertThrows(ConfigException.class, r::run);
        assertEquals(field, e.field(), e.getMessage());
        return e.reason();
    }
}
