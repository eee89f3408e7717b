package cheaplab.web;

import cheaplab.core.FilledForm;
import cheaplab.core.KnobSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each config field's {@link KnobSpec} with what the form shows now, as {@code templates/fragments/knobs.html}
 * reads it: the control to draw ({@code checkbox}, {@code select}, {@code textarea}, {@code number}, {@code
 * text}), its id ({@code f-<name>}), value, range attributes, hint and error ids, and whether it is hidden (another
 * dataset's knob) or fixed (read-only) for the values shown.
 */
final class KnobModel {
    private KnobModel() {}

    /** Field name → its control, in declaration order. */
    static Map<String, Map<String, Object>> of(Class<? extends Record> type, FilledForm<?> form) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (KnobSpec k : KnobSpec.of(type).values()) out.put(k.name(), of(k, form));
        return out;
    }

    private static Map<String, Object> of(KnobSpec k, FilledForm<?> form) {
        Map<String, String> values = form.values();
        String value = values.getOrDefault(k.name(), "");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", k.name());
        m.put("id", "f-" + k.name());
        m.put("kind", k.kind());
        m.put("control", control(k));
        m.put("label", k.label());
        m.put("unit", k.unit());
        m.put("value", value);
        m.put("checked", "true".equals(value));
        m.put("min", k.minAttr());
        m.put("max", k.maxAttr());
        m.put("step", k.stepAttr());
        m.put("integral", k.integral());
        m.put("rows", k.rows());
        m.put("maxValues", k.maxValues());
        m.put("range", k.kind().equals("list") ? k.rangeText() : "");
        m.put("hint", k.hint());
        boolean described = !k.hint().isEmpty() || k.kind().equals("list") && !k.rangeText().isEmpty();
        m.put("hintId", described ? k.name() + "-hint" : "");
        m.put("errorId", k.name() + "-error");
        m.put("invalid", form.errors().containsKey(k.name()));
        List<Map<String, Object>> choices = new ArrayList<>();
        k.choices().forEach((v, label) -> choices.add(Map.of("value", v, "label", label, "selected", v.equals(value))));
        m.put("choices", choices);
        m.put("datasetSelect", k.name().equals("dataset") && !choices.isEmpty());
        String dataset = values.get("dataset");
        m.put("showFor", String.join(" ", k.showFor()));
        m.put("hidden", !k.showFor().isEmpty() && dataset != null && !k.showFor().contains(dataset));
        m.put("fixedWhen", k.fixedWhen());
        m.put("fixedValue", k.fixedValue());
        boolean fixed = false;
        int eq = k.fixedWhen().indexOf('=');
        if (eq > 0) fixed = k.fixedWhen().substring(eq + 1).equals(values.get(k.fixedWhen().substring(0, eq)));
        m.put("fixed", fixed);
        return m;
    }

    private static String control(KnobSpec k) {
        if (k.kind().equals("boolean")) return "checkbox";
        if (!k.choices().isEmpty() && !k.kind().equals("list")) return "select";
        if (k.kind().equals("list")) return k.rows() > 0 ? "textarea" : "text";
        if (k.kind().equals("integer") || k.kind().equals("number")) return "number";
        return "text";
    }
}
