package cheaplab.web;

import cheaplab.core.ConfigException;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunRecord;

import java.util.Map;

/** The htmx fragments of a run, rendered from {@code templates/fragments/}. */
public final class ThymeleafRunViews implements RunViews {
    private final ThymeleafRenderer renderer;
    private final LabCatalog labs;
    /** Where queued runs stand in line; none (no position shown) when null. */
    private final cheaplab.core.Runs runs;

    public ThymeleafRunViews(ThymeleafRenderer renderer, LabCatalog labs) {
        this(renderer, labs, null);
    }

    public ThymeleafRunViews(ThymeleafRenderer renderer, LabCatalog labs, cheaplab.core.Runs runs) {
        this.renderer = renderer;
        this.labs = labs;
        this.runs = runs;
    }

    @Override
    public String runPanel(RunRecord run) {
        return renderer.render("fragments/run :: panel",
                Map.of("run", RunModel.current(run, labs.find(run.lab()).orElse(null), runs)));
    }

    @Override
    public String configError(String lab, ConfigException e) {
        return renderer.render("fragments/error :: config-error",
                Map.of("lab", lab, "field", e.field(), "reason", e.reason()));
    }
}
