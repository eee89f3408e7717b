package cheaplab.core;

import java.util.List;
import java.util.Map;

/**
 * A config form as a page shows it again: what each field shows, the config when every value is right, and
 * why each wrong field is wrong. Made by {@link FormBinder#fill} (a URL query or form, bound leniently) and
 * {@link FormBinder#show} (a stored config).
 *
 * @param values  every field of the config record, in declaration order: the string its input shows (the
 *                canonical form of a valid value, e.g. {@code "0.001, 0.1"}; the text as given for a wrong one, so
 *                it can be fixed)
 * @param config  the bound config, or null when any field is wrong
 * @param errors  field → reason, in the order found (parsing, then the record's own checks); empty when valid
 * @param ignored parameters that name no field of the config (a permalink from another version, a tracking
 *                parameter); they are left out, not refused
 */
public record FilledForm<C extends Record>(Map<String, String> values, C config, Map<String, String> errors,
                                           List<String> ignored) {
    public FilledForm {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        errors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(errors));
        ignored = List.copyOf(ignored);
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
