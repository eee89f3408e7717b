package cheaplab.core;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One config field as its form control and its range check see it: {@link ConfigField}'s name and kind with
 * the {@link Knob} metadata of the record component (defaults when it has none: label = name, no range). Built
 * by reflection and cached per record type.
 *
 * @param choices value → label, in declaration order (enum constants when the field is an enum and no choices are given)
 */
public record KnobSpec(String name, String kind, String element, String label, String hint, String unit,
                       double min, double max, double[] also, double step, int maxValues,
                       Map<String, String> choices, int rows, List<String> showFor, String fixedWhen,
                       String fixedValue) {

    private static final ClassValue<Map<String, KnobSpec>> CACHE = new ClassValue<>() {
        @Override
        protected Map<String, KnobSpec> computeValue(Class<?> type) {
            Map<String, ConfigField> fields = ConfigField.of(type);
            Map<String, KnobSpec> m = new LinkedHashMap<>();
            for (RecordComponent c : type.getRecordComponents())
                m.put(c.getName(), of(fields.get(c.getName()), c.getAnnotation(Knob.class)));
            return Collections.unmodifiableMap(m);
        }
    };

    /** The knobs of a config record, in declaration order. */
    public static Map<String, KnobSpec> of(Class<? extends Record> type) {
        return CACHE.get(type);
    }

    /** The knob {@code name} of {@code type}; an {@link IllegalArgumentException} when there is none. */
    public static KnobSpec of(Class<? extends Record> type, String name) {
        KnobSpec k = of(type).get(name);
        if (k == null) throw new IllegalArgumentException(type.getSimpleName() + " has no component " + name);
        return k;
    }

    private static KnobSpec of(ConfigField f, Knob k) {
        String kind = LabInfo.kind(f.kind());
        String element = f.kind() == ConfigField.Kind.LIST ? LabInfo.kind(f.element()) : null;
        Map<String, String> choices = new LinkedHashMap<>();
        if (k != null) {
            for (String c : k.choices()) {
                int eq = c.indexOf('=');
                if (eq < 0) choices.put(c, c);
                else choices.put(c.substring(0, eq), c.substring(eq + 1));
            }
        }
        if (choices.isEmpty() && f.kind() == ConfigField.Kind.ENUM) for (String n : f.enumNames()) choices.put(n, n);
        if (k == null)
            return new KnobSpec(f.name(), kind, element, f.name(), "", "", Double.NaN, Double.NaN, new double[0], 0, 0,
                    Collections.unmodifiableMap(choices), 0, List.of(), "", "");
        return new KnobSpec(f.name(), kind, element, k.label().isEmpty() ? f.name() : k.label(), k.hint(), k.unit(),
                k.min(), k.max(), k.also().clone(), k.step(), k.maxValues(), Collections.unmodifiableMap(choices), k.rows(), List.of(k.showFor()),
                k.fixedWhen(), k.fixedValue());
    }

    /** Whether the values are integers (an integer field or a list of them). */
    public boolean integral() {
        return "integer".equals(kind) || "integer".equals(element);
    }

    public boolean hasMin() {
        return !Double.isNaN(min);
    }

    public boolean hasMax() {
        return !Double.isNaN(max);
    }

    /** The smallest value a form may offer: {@link #min} or a smaller {@link #also} value. */
    public double lowest() {
        double lo = min;
        for (double a : also) lo = Double.isNaN(lo) ? a : Math.min(lo, a);
        return lo;
    }

    /** The HTML {@code min} attribute ("" when unbounded). */
    public String minAttr() {
        return Double.isNaN(lowest()) ? "" : number(lowest());
    }

    /** The HTML {@code max} attribute ("" when unbounded). */
    public String maxAttr() {
        return hasMax() ? number(max) : "";
    }

    /** The HTML {@code step} attribute: the step, 1 for integers, {@code any} for numbers. */
    public String stepAttr() {
        if (step > 0) return number(step);
        return integral() ? "1" : "any";
    }

    /**
     * The range in words for a list field, whose text input has no min/max ("each 1 to 20000, at most 60
     * values"); "" when the spec gives none.
     */
    public String rangeText() {
        List<String> parts = new ArrayList<>();
        if (hasMin() && hasMax()) parts.add("each " + grouped(min) + " to " + grouped(max));
        else if (hasMin()) parts.add("each ≥ " + grouped(min));
        else if (hasMax()) parts.add("each ≤ " + grouped(max));
        if (maxValues > 0) parts.add("at most " + maxValues + " values");
        return String.join(", ", parts);
    }

    /** {@link #number} with thousands separated by a no-break space when it has five digits or more: "20 000". */
    static String grouped(double v) {
        String s = number(v);
        if (!s.matches("-?\\d{5,}")) return s;
        return String.format(Locale.ROOT, "%,d", (long) v).replace(',', '\u00a0');
    }

    /** Shortest form of a bound: {@code 4096}, {@code 0.999}, {@code 1e6} → "1000000". */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = Double.toString(v);
        return s.toLowerCase(Locale.ROOT);
    }
}
