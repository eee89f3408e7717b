package cheaplab.workshop;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One step of a workshop: a lab with a complete, validated config (a preset plus the instructor's changes), the
 * knobs participants may not change ({@code locked}: shown, not editable) or do not see ({@code hidden}), the
 * prompt, and optionally a prediction to record before running and the outcome it is set against.
 *
 * @param outcome the name of one of the lab's {@link cheaplab.core.Outcome}s, or null
 */
public record WorkshopStep(String title, String lab, JsonNode config, List<String> locked, List<String> hidden,
                           String prompt, PredictionSpec prediction, String outcome) {
    public WorkshopStep {
        locked = List.copyOf(locked);
        hidden = List.copyOf(hidden);
    }

    /** Whether participants' runs of this step take {@code field} from the step rather than from their form. */
    public boolean fixed(String field) {
        return locked.contains(field) || hidden.contains(field);
    }
}
