package cheaplab.web;

import cheaplab.core.ConfigException;
import cheaplab.core.RunRecord;

/**
 * HTML fragments answered to htmx form posts ({@code HX-Request: true}) on {@code POST /api/labs/{lab}/runs}.
 * {@link ThymeleafRunViews} renders them from {@code templates/fragments/}, the same templates the pages use.
 */
public interface RunViews {

    /** The panel of a just-queued run (202). It should open {@code /ws/runs/{id}} to follow the run. */
    String runPanel(RunRecord run);

    /** A config the lab refused (400): {@code e.field()} names the form field, {@code e.reason()} says why. */
    String configError(String lab, ConfigException e);

    /** Any other refusal (404 unknown lab, 503 queue full…). */
    default String error(int status, String message) {
        return "<div class=\"run-error\" role=\"alert\" data-status=\"" + status + "\">" + Html.escape(message) + "</div>";
    }
}
