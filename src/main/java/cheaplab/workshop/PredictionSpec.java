package cheaplab.workshop;

import cheaplab.core.ConfigException;

import java.util.List;

/**
 * What a step asks participants to predict before they run: a number (e.g. "at which N_f/N_i will the test error
 * peak?") or one of a few choices.
 *
 * @param kind    {@code number} or {@code choice}
 * @param label   the question
 * @param choices the answers of a {@code choice} question (2 to {@value #MAX_CHOICES}); empty for a number
 */
public record PredictionSpec(String kind, String label, List<String> choices) {
    public static final int MAX_CHOICES = 8;
    public static final int MAX_LABEL = 300;

    public PredictionSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** Checks the spec itself; {@code field} names it in messages, e.g. {@code steps[0].prediction}. */
    void check(String field) {
        if (!"number".equals(kind) && !"choice".equals(kind))
            throw new ConfigException(field + ".kind", "must be \"number\" or \"choice\", was " + kind);
        if (label == null || label.isBlank() || label.length() > MAX_LABEL)
            throw new ConfigException(field + ".label", "must be a question of 1 to " + MAX_LABEL + " characters");
        if ("number".equals(kind) && !choices.isEmpty())
            throw new ConfigException(field + ".choices", "a number prediction has no choices");
        if ("choice".equals(kind) && (choices.size() < 2 || choices.size() > MAX_CHOICES))
            throw new ConfigException(field + ".choices", "a choice prediction needs 2 to " + MAX_CHOICES + " choices, had " + choices.size());
        for (String c : choices)
            if (c == null || c.isBlank() || c.length() > 80) throw new ConfigException(field + ".choices", "each choice must be 1 to 80 characters");
        if (choices.stream().distinct().count() != choices.size()) throw new ConfigException(field + ".choices", "choices must differ");
    }

    /**
     * A participant's answer, checked: a finite number, or one of the choices (exactly as listed).
     *
     * @return the answer as stored (a number in its shortest form)
     * @throws ConfigException naming {@code value}
     */
    public String accept(String value) {
        String v = value == null ? "" : value.strip();
        if ("number".equals(kind)) {
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new ConfigException("value", "must be a number, was \"" + cheaplab.core.Excerpt.of(v) + "\"");
            }
            if (!Double.isFinite(d)) throw new ConfigException("value", "must be a finite number");
            return cheaplab.core.FormBinder.number(d);
        }
        if (!choices.contains(v)) throw new ConfigException("value", "must be one of " + String.join(", ", choices));
        return v;
    }
}
