package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.FilledForm;
import cheaplab.core.FormBinder;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.core.LabInfo;
import cheaplab.core.RunRecord;
import cheaplab.core.Runs;
import cheaplab.data.DataCatalog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML pages: home, a lab page (controls beside charts, pre-filled from the query so a URL re-creates a
 * config), a run page (the lab page replaying that run), the run panel and history fragments htmx refreshes,
 * and the 404 page. Pages carry no inline script, so they are served under a strict Content-Security-Policy
 * ({@link SecurityHeaders#CSP}).
 */
public final class PageRoutes {
    private static final int HISTORY_LIMIT = 20;
    private static final String NOT_FOUND = "notFound";
    private static final String COMPARE = "comparison";
    private static final String EMBED = "embed";

    private final Runs runs;
    private final LabCatalog labs;
    private final DataCatalog data;
    private final ThymeleafRenderer r;

    private final Participants participants;

    private PageRoutes(Runs runs, LabCatalog labs, DataCatalog data, ThymeleafRenderer r, Participants participants) {
        this.participants = participants;
        this.runs = runs;
        this.labs = labs;
        this.data = data;
        this.r = r;
    }

    public static PageRoutes register(Javalin app, Runs runs, LabCatalog labs, DataCatalog data, ThymeleafRenderer r,
                                      Participants participants) {
        PageRoutes p = new PageRoutes(runs, labs, data, r, participants);
        app.get("/", p::home);
        app.get("/labs/{lab}", p::lab);
        app.get("/labs/{lab}/history", p::history);
        app.get("/labs/{lab}/compare", p::compare);
        app.get("/runs/{id}", p::run);
        app.get("/runs/{id}/panel", p::panel);
        app.error(404, "html", p::notFound);
        return p;
    }

    private void home(Context ctx) {
        List<Map<String, Object>> cards = new ArrayList<>();
        for (Lab<?, ?> lab : labs.all()) {
            Map<String, Object> card = labModel(lab);
            card.put("needs", needs(lab, lab.defaults()));
            cards.add(card);
        }
        Map<String, Object> model = base(ctx, "Cheap Learning Lab");
        model.put("labs", cards);
        html(ctx, r.render("index", model));
    }

    private void lab(Context ctx) {
        Optional<Lab<?, ?>> lab = labs.find(ctx.pathParam("lab"));
        if (lab.isEmpty()) {
            notFound(ctx, "There is no lab called “" + cheaplab.core.Excerpt.of(ctx.pathParam("lab")) + "”.");
            return;
        }
        FilledForm<?> form = FormBinder.fill(lab.get(), ctx.queryParamMap());
        // A valid config's permalink lists every field (booleans included); a wrong one keeps the URL as typed.
        String permalink = form.valid() ? permalink(lab.get(), form.config())
                : ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        labPage(ctx, lab.get(), form, permalink, null, null);
    }

    private void run(Context ctx) {
        Optional<RunRecord> run = visible(ctx, ctx.pathParam("id"));
        Optional<Lab<?, ?>> lab = run.flatMap(x -> labs.find(x.lab()));
        if (run.isEmpty() || lab.isEmpty()) {
            notFound(ctx, run.isEmpty() ? "There is no run with id “" + cheaplab.core.Excerpt.of(ctx.pathParam("id")) + "”."
                    : "Run " + run.get().id() + " belongs to the lab “" + run.get().lab() + "”, which this server does not have.");
            return;
        }
        FilledForm<?> form = FormBinder.show(lab.get(), run.get().config());
        String permalink = form.valid() ? permalink(lab.get(), form.config()) : "/labs/" + FormBinder.encode(lab.get().id());
        if (ctx.queryParam("embed") != null) {
            // A small multiple on a workshop's instructor page (templates/workshop/instructor.html) frames this page.
            ctx.attribute(EMBED, true);
            SecurityHeaders.frameableBySelf(ctx.res());
        }
        labPage(ctx, lab.get(), form, permalink, run.get(), null);
    }

    /** The lab page overlaying finished runs (Comparison); the form shows the first run's config. */
    private void compare(Context ctx) {
        Optional<Lab<?, ?>> lab = labs.find(ctx.pathParam("lab"));
        if (lab.isEmpty()) {
            notFound(ctx, "There is no lab called “" + cheaplab.core.Excerpt.of(ctx.pathParam("lab")) + "”.");
            return;
        }
        Comparison comparison;
        try {
            Participants.Participant me = participants.current(ctx);
            comparison = Comparison.of(lab.get(), runs, Comparison.ids(ctx.queryParams("runs")), x -> participants.canSee(me, x));
        } catch (Comparison.Refused e) {
            Map<String, Object> model = base(ctx, "Cannot compare · Cheap Learning Lab");
            model.put("heading", "Cannot compare these runs");
            model.put("message", e.getMessage());
            model.put("back", labModel(lab.get()));
            ctx.status(e.status);
            html(ctx, r.render("notfound", model));
            return;
        }
        RunRecord first = runs.find((String) comparison.runs().get(0).get("id")).orElseThrow();
        FilledForm<?> form = FormBinder.show(lab.get(), first.config());
        String permalink = form.valid() ? permalink(lab.get(), form.config()) : "/labs/" + FormBinder.encode(lab.get().id());
        ctx.attribute(COMPARE, comparison);
        labPage(ctx, lab.get(), form, permalink, null, null);
    }

    /**
     * A lab page: its template with the form filled from {@code form}. {@code step}: the page of a workshop step
     * (its banner above the lab, the form posting to the workshop, locked and hidden knobs, no presets); else null.
     */
    void labPage(Context ctx, Lab<?, ?> lab, FilledForm<?> form, String permalink, RunRecord run, StepPage step) {
        Map<String, Object> model = base(ctx, (step != null ? step.title() + " · " : "") + lab.title() + " · Cheap Learning Lab");
        Map<String, Object> labModel = labModel(lab);
        Map<String, Map<String, Object>> knobs = KnobModel.of(lab.configType(), form);
        if (step != null) {
            labModel.put("runsUrl", step.runsUrl());
            labModel.put("resetHref", step.href());
            step.locked().forEach(f -> { if (knobs.containsKey(f)) knobs.get(f).put("locked", true); });
            step.hidden().forEach(f -> {
                if (!knobs.containsKey(f)) return;
                knobs.get(f).put("hidden", true);
                knobs.get(f).put("concealed", true);
            });
            model.put("workshop", step.banner());
        }
        model.put("embed", Boolean.TRUE.equals(ctx.attribute(EMBED)));
        model.put("lab", labModel);
        model.put("values", form.values());
        model.put("knobs", knobs);
        model.put("presets", step != null ? List.of() : lab.presets());
        model.put("presetFields", listed(lab.presets().stream().flatMap(p -> p.values().keySet().stream()).distinct().toList()));
        List<Map<String, Object>> fields = new ArrayList<>();
        List<String> checkboxes = new ArrayList<>();
        for (LabInfo.Field f : LabInfo.of(lab).fields()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", f.name());
            field.put("kind", f.kind());
            field.put("value", form.values().get(f.name()));
            field.put("checked", "true".equals(form.values().get(f.name())));
            fields.add(field);
            if (f.kind().equals("boolean")) checkboxes.add(f.name());
        }
        model.put("fields", fields);
        // FormBinder's convention: the boxes listed here mean false when the browser sends nothing for them.
        model.put("checkboxes", String.join(",", checkboxes));
        model.put("fieldErrors", form.errors());
        List<Map<String, String>> errors = new ArrayList<>();
        form.errors().forEach((field, reason) -> errors.add(Map.of("field", field, "reason", reason)));
        model.put("errors", errors);
        model.put("ignored", form.ignored());
        model.put("permalink", permalink);
        model.put("run", run == null ? null : RunModel.current(run, lab, runs));
        model.put("compare", ctx.attribute(COMPARE));
        model.put("history", history(ctx, lab));
        model.put("needs", form.config() == null ? List.of() : needs(lab, form.config()));
        String template = r.exists(lab.id() + "/index") ? lab.id() + "/index" : "lab";
        html(ctx, r.render(template, model));
    }

    /** "k", "k and persistent", "a, b and c": the fields a preset sets, as the hint under the selector names them. */
    static String listed(List<String> names) {
        if (names.size() <= 2) return String.join(" and ", names);
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String permalink(Lab<?, ?> lab, Record config) {
        return "/labs/" + FormBinder.encode(lab.id()) + "?" + FormBinder.toQuery(config);
    }

    private void history(Context ctx) {
        Optional<Lab<?, ?>> lab = labs.find(ctx.pathParam("lab"));
        if (lab.isEmpty()) {
            notFound(ctx, "There is no lab called “" + cheaplab.core.Excerpt.of(ctx.pathParam("lab")) + "”.");
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("lab", labModel(lab.get()));
        model.put("history", history(ctx, lab.get()));
        html(ctx, r.render("fragments/history :: history", model));
    }

    private void panel(Context ctx) {
        Optional<RunRecord> run = visible(ctx, ctx.pathParam("id"));
        if (run.isEmpty()) {
            notFound(ctx, "There is no run with id “" + cheaplab.core.Excerpt.of(ctx.pathParam("id")) + "”.");
            return;
        }
        html(ctx, r.render("fragments/run :: panel",
                Map.of("run", RunModel.current(run.get(), labs.find(run.get().lab()).orElse(null), runs))));
    }

    /** Renders the 404 page; also the error handler for any 404 a browser asked HTML for, the API's excepted. */
    private void notFound(Context ctx) {
        if (ctx.path().startsWith("/api/")) return; // the API answers JSON, whoever asks
        String message = ctx.attribute(NOT_FOUND);
        Map<String, Object> model = base(ctx, "Not found · Cheap Learning Lab");
        model.put("message", message != null ? message : "Nothing lives at " + cheaplab.core.Excerpt.of(ctx.path()) + ".");
        html(ctx, r.render("notfound", model));
    }

    void notFound(Context ctx, String message) {
        ctx.attribute(NOT_FOUND, message);
        ctx.status(HttpStatus.NOT_FOUND);
        notFound(ctx);
    }

    private List<Map<String, Object>> history(Context ctx, Lab<?, ?> lab) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunRecord run : runs.history(lab.id(), participants.listingOwner(ctx), HISTORY_LIMIT)) rows.add(RunModel.of(run, lab));
        return rows;
    }

    /** Model entries every page needs: its title, the nav, and whether each data set of the catalogue is on this machine. */
    /** The run, if the asker may see it (a workshop participant: their own); otherwise as if it did not exist. */
    private Optional<RunRecord> visible(Context ctx, String id) {
        Participants.Participant me = participants.current(ctx);
        return runs.find(id).filter(r -> participants.canSee(me, r));
    }

    Map<String, Object> base(Context ctx, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("pageTitle", title);
        List<Map<String, Object>> nav = new ArrayList<>();
        for (Lab<?, ?> lab : labs.all()) nav.add(labModel(lab));
        model.put("nav", nav);
        // Whether each data set of the catalogue is on this machine (a lab offering several says which are).
        Map<String, Boolean> local = new LinkedHashMap<>();
        for (String id : data.ids()) local.put(id, safeIsLocal(id));
        model.put("local", local);
        // Workshop mode: the page's CSRF token (static/js/main.js sends it with every htmx request) and who is asking.
        Participants.Participant me = participants.current(ctx);
        model.put("csrf", participants.workshopMode() ? me.csrf() : null);
        model.put("instructor", participants.workshopMode() && me.instructor());
        model.put("workshopMode", participants.workshopMode());
        return model;
    }

    private boolean safeIsLocal(String id) {
        try {
            return data.isLocal(id);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Map<String, Object> labModel(Lab<?, ?> lab) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", lab.id());
        m.put("title", lab.title());
        m.put("summary", lab.summary());
        m.put("viewFacts", Json.write(lab.viewFacts()));
        m.put("href", "/labs/" + FormBinder.encode(lab.id()));
        m.put("runsUrl", "/api/labs/" + FormBinder.encode(lab.id()) + "/runs");
        return m;
    }

    /** The data sets a config reads ({@link Lab#datasets}), each with its title and whether it is on this machine. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Map<String, Object>> needs(Lab lab, Record config) {
        List<Map<String, Object>> needs = new ArrayList<>();
        for (String id : (List<String>) lab.datasets(config)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", id);
            d.put("title", data.title(id));
            d.put("local", safeIsLocal(id));
            needs.add(d);
        }
        return needs;
    }

    /** A page (its CSP and other headers come from {@link SecurityHeaders}, as every response's do). */
    static void html(Context ctx, String body) {
        ctx.html(body);
    }
}
