package cheaplab.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named setting of some of a lab's knobs (e.g. "CD-10": {@code k=10, persistent=false}); the lab page offers
 * each in a preset selector that sets those fields and leaves the others as they are.
 *
 * @param name   URL-safe identifier, e.g. {@code cd10}
 * @param label  what the selector shows
 * @param values field → value as a form field takes it (a form's text: {@code "10"}, {@code "false"})
 */
public record Preset(String name, String label, Map<String, String> values) {
    public Preset {
        if (values.isEmpty()) throw new IllegalArgumentException("preset " + name + " sets no field");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A preset from alternating field names and values: {@code of("cd10", "CD-10", "k", "10", "persistent", "false")}. */
    public static Preset of(String name, String label, String... fieldsAndValues) {
        if (fieldsAndValues.length % 2 != 0) throw new IllegalArgumentException("odd number of field/value strings");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) m.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        return new Preset(name, label, m);
    }

    /** {@code data-set} of the selector's option: {@code "k=10 persistent=false"} (main.js reads it). */
    public String dataSet() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }
}
