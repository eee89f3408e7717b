package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.ToDoubleFunction;

/**
 * A number a finished run of a lab is summed up by — what a workshop step asks participants to predict and then
 * sets beside their predictions (where the test risk peaks, the Binder-crossing T_c, the test error). Read from
 * the run's stored result JSON, so it works for any past run; NaN when the result does not have it (a run that
 * ended early, a sweep that never crossed).
 *
 * @param name  stable key, e.g. {@code criticalTemperature}
 * @param label what a person reads, e.g. "Binder-crossing T_c"
 * @param of    the value, from the result JSON
 */
public record Outcome(String name, String label, ToDoubleFunction<JsonNode> of) {
    public Outcome {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9]*")) throw new IllegalArgumentException("outcome name: " + name);
    }

    /** This outcome of a result; NaN for no result or one without it. */
    public double valueOf(JsonNode result) {
        if (result == null || result.isNull() || result.isMissingNode()) return Double.NaN;
        try {
            return of.applyAsDouble(result);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** An outcome that is one numeric field of the result, given as a JSON pointer such as {@code /testError}. */
    public static Outcome field(String name, String label, String pointer) {
        return new Outcome(name, label, r -> {
            JsonNode v = r.at(pointer);
            return v.isNumber() ? v.asDouble() : Double.NaN;
        });
    }
}
