package cheaplab.web;

import cheaplab.core.ConfigException;
import cheaplab.core.RunRecord;

/** Template-free {@link RunViews}: small, escaped, with the data attributes a script needs. */
public final class PlainRunViews implements RunViews {

    @Override
    public String runPanel(RunRecord run) {
        String id = Html.escape(run.id());
        return "<div class=\"run-panel\" id=\"run-" + id + "\" data-run-id=\"" + id + "\" data-lab=\"" + Html.escape(run.lab())
                + "\" data-status=\"" + run.status().wire() + "\" data-ws=\"/ws/runs/" + id + "\">"
                + "Run <a href=\"/api/runs/" + id + "\">" + id + "</a> is " + run.status().wire() + ".</div>";
    }

    @Override
    public String configError(String lab, ConfigException e) {
        return "<div class=\"config-error\" role=\"alert\" data-lab=\"" + Html.escape(lab) + "\" data-field=\""
                + Html.escape(e.field()) + "\"><strong>" + Html.escape(e.field()) + "</strong>: " + Html.escape(e.reason()) + "</div>";
    }
}
