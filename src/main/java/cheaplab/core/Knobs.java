package cheaplab.core;

import java.util.List;

/**
 * Range checks that read their bounds from the field's {@link Knob} (through {@link KnobSpec}), so the range a
 * compact constructor enforces is the one the form shows. Each check fails as the matching {@link Check} does,
 * with the same message; a field without the bounds a check needs is a programming error
 * ({@link IllegalStateException}).
 */
public final class Knobs {
    private Knobs() {}

    /** {@link Check#range(String, int, int, int)} with the knob's [min, max]; its {@link Knob#also} values pass too. */
    public static int range(Class<? extends Record> type, String field, int v) {
        KnobSpec k = bounded(type, field);
        for (double a : k.also()) if (a == v) return v;
        return Check.range(field, v, (int) k.min(), (int) k.max());
    }

    /**
     * {@link Check#range(String, int, int, int)} with the knob's min and {@code max} as the largest value (a bound
     * that depends on another field, so the knob gives none).
     */
    public static int rangeUpTo(Class<? extends Record> type, String field, int v, int max) {
        KnobSpec k = KnobSpec.of(type, field);
        if (!k.hasMin()) throw new IllegalStateException(type.getSimpleName() + "." + field + " has no @Knob min");
        return Check.range(field, v, (int) k.min(), max);
    }

    /** {@link Check#range(String, double, double, double)} with the knob's [min, max]; its {@link Knob#also} values pass too. */
    public static double range(Class<? extends Record> type, String field, double v) {
        KnobSpec k = bounded(type, field);
        for (double a : k.also()) if (a == v) return v;
        return Check.range(field, v, k.min(), k.max());
    }

    /** {@link Check#oneOf} with the knob's choices. */
    public static String oneOf(Class<? extends Record> type, String field, String v) {
        KnobSpec k = KnobSpec.of(type, field);
        if (k.choices().isEmpty()) throw new IllegalStateException(type.getSimpleName() + "." + field + " has no @Knob choices");
        return Check.oneOf(field, v, k.choices().keySet().toArray(String[]::new));
    }

    /** {@link Check#doubles} with the knob's [min, max] and {@link Knob#maxValues}. */
    public static List<Double> doubles(Class<? extends Record> type, String field, List<Double> v) {
        KnobSpec k = bounded(type, field);
        return Check.doubles(field, v, maxValues(k, type), k.min(), k.max());
    }

    /**
     * {@link Check#ints} with the knob's min and {@link Knob#maxValues}, and {@code max} as the largest value (a
     * bound that depends on another field; pass the knob's {@link KnobSpec#max} when it does not).
     */
    public static List<Integer> ints(Class<? extends Record> type, String field, List<Integer> v, int max) {
        KnobSpec k = KnobSpec.of(type, field);
        if (!k.hasMin()) throw new IllegalStateException(type.getSimpleName() + "." + field + " has no @Knob min");
        return Check.ints(field, v, maxValues(k, type), (int) k.min(), max);
    }

    private static int maxValues(KnobSpec k, Class<?> type) {
        if (k.maxValues() <= 0) throw new IllegalStateException(type.getSimpleName() + "." + k.name() + " has no @Knob maxValues");
        return k.maxValues();
    }

    private static KnobSpec bounded(Class<? extends Record> type, String field) {
        KnobSpec k = KnobSpec.of(type, field);
        if (!k.hasMin() || !k.hasMax())
            throw new IllegalStateException(type.getSimpleName() + "." + field + " has no @Knob min and max");
        return k;
    }
}
