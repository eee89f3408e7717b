package cheaplab.web;

import cheaplab.core.ConfigException;
import cheaplab.core.RunRecord;

/** HTML fragments the REST routes answer htmx form posts with (HX-Request). */
public interface RunViews {
    /** The run panel: status, progress, cancel, export links; carries {@code data-run-id} for the socket client. */
    String runPanel(RunRecord run);

    /** Which field of {@code lab}'s config is wrong and why (sent with status 400). */
    String configError(String lab, ConfigException e);
}
