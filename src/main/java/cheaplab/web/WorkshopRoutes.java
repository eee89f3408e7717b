package cheaplab.web;

import cheaplab.core.ConfigException;
import cheaplab.core.FilledForm;
import cheaplab.core.FormBinder;
import cheaplab.core.Json;
import cheaplab.core.KnobSpec;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.core.MalformedConfigException;
import cheaplab.core.Outcome;
import cheaplab.core.RunRecord;
import cheaplab.core.Runs;
import cheaplab.workshop.JoinCode;
import cheaplab.workshop.Workshop;
import cheaplab.workshop.WorkshopExport;
import cheaplab.workshop.WorkshopPlan;
import cheaplab.workshop.WorkshopStep;
import cheaplab.workshop.Workshops;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workshops (workshop mode only). An instructor creates one from a plan ({@link WorkshopPlan}) and gets a join
 * code; participants open {@code /w/{code}}, give a display name, and see the current step: the lab page with the
 * step's config, some knobs locked or hidden, the prompt and the prediction to record before running. Their runs
 * go through {@code /w/{code}/runs}, which takes the locked and hidden knobs from the step whatever the form sent.
 * The instructor's page shows everyone's runs of the step as small multiples, predictions against outcomes, and
 * pushes the next step, which every participant's page follows (static/js/workshop.js polls the state).
 *
 * <pre>
 * GET  /w                                   join form (type a code); ?code= → 303 /w/{code}
 * GET  /w/{code}                            the current step's page, or the join form
 * POST /w/{code}/join                       name → 303 /w/{code} (htmx: HX-Redirect)
 * GET  /w/{code}/instructor                 the instructor's live page
 * GET  /api/workshops/{code}                200 the state a member or the instructor sees (see {@link #state})
 * POST /api/workshops/{code}/predictions    value → 200 {step, value} | 400 naming value
 * POST /api/workshops/{code}/runs           a run of the current step, as POST /api/labs/{lab}/runs (202; 400 prediction first)
 * POST /api/workshops                       instructor: a plan (JSON, or a form's plan field) → 201 {code, links} | 400 naming the field
 * GET  /api/workshops                       instructor: [{code, title, step, stepCount, participants, href}]
 * POST /api/workshops/{code}/step           instructor: step (1-based) → 200 state
 * POST /api/workshops/{code}/share          instructor: run → 200 state
 * GET  /api/workshops/{code}/export.json | export.csv   instructor
 * </pre>
 * Every route of a code that does not exist answers 404; instructor routes answer 403 to
 * participants, member routes 403 to a session that has not joined.
 */
final class WorkshopRoutes {
    static final String INSTRUCTOR_ONLY = "only the workshop's instructor can do this; sign in at /instructor";
    private static final String JSON_TYPE = "application/json";

    private final Runs runs;
    private final LabCatalog labs;
    private final Workshops workshops;
    private final Participants participants;
    private final RequestBodyLimit bodyLimit;
    private final RunViews views;
    private final PageRoutes pages;
    private final ThymeleafRenderer renderer;

    private WorkshopRoutes(Runs runs, LabCatalog labs, Workshops workshops, Participants participants,
                           RequestBodyLimit bodyLimit, RunViews views, PageRoutes pages, ThymeleafRenderer renderer) {
        this.runs = runs;
        this.labs = labs;
        this.workshops = workshops;
        this.participants = participants;
        this.bodyLimit = bodyLimit;
        this.views = views;
        this.pages = pages;
        this.renderer = renderer;
    }

    static void register(Javalin app, Runs runs, LabCatalog labs, Workshops workshops, Participants participants,
                         RequestBodyLimit bodyLimit, RunViews views, PageRoutes pages, ThymeleafRenderer renderer) {
        WorkshopRoutes w = new WorkshopRoutes(runs, labs, workshops, participants, bodyLimit, views, pages, renderer);
        participants.sharing(workshops::sharedWith);
        app.get("/w", w::joinByCode);
        app.get("/w/{code}", w::stepPage);
        app.post("/w/{code}/join", w::join);
        app.post("/api/workshops/{code}/predictions", w::predict);
        app.post("/api/workshops/{code}/runs", w::submit);
        app.get("/w/{code}/instructor", w::instructorPage);
        app.post("/api/workshops/{code}/step", w::push);
        app.post("/api/workshops/{code}/share", w::share);
        app.get("/api/workshops/{code}/export.json", w::exportJson);
        app.get("/api/workshops/{code}/export.csv", w::exportCsv);
        app.get("/api/workshops/{code}", w::stateRoute);
        app.post("/api/workshops", w::create);
        app.get("/api/workshops", w::list);
    }

    // ---- participants ------------------------------------------------------------------------------------------

    private void joinByCode(Context ctx) {
        String typed = ctx.queryParam("code");
        if (typed != null) {
            Optional<Workshop> w = workshops.find(typed);
            if (w.isPresent()) {
                ctx.redirect("/w/" + w.get().code(), io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
        }
        Map<String, Object> model = pages.base(ctx, "Join a workshop · Cheap Learning Lab");
        model.put("error", typed == null ? null : "There is no workshop with the code “" + cheaplab.core.Excerpt.of(typed) + "”.");
        model.put("code", typed == null ? "" : typed);
        model.put("workshop", null);
        PageRoutes.html(ctx.status(typed == null ? 200 : 404), renderer.render("workshop/join", model));
    }

    private void stepPage(Context ctx) {
        Optional<Workshop> found = workshops.find(ctx.pathParam("code"));
        if (found.isEmpty()) {
            pages.notFound(ctx, "There is no workshop with the code “" + cheaplab.core.Excerpt.of(ctx.pathParam("code")) + "”.");
            return;
        }
        Workshop w = found.get();
        Participants.Participant me = participants.current(ctx);
        if (!ctx.pathParam("code").equals(w.code())) {
            ctx.redirect("/w/" + w.code(), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Optional<Workshop.Member> member = w.member(me.id());
        if (member.isEmpty()) {
            if (me.instructor()) {
                ctx.redirect("/w/" + w.code() + "/instructor", io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            Map<String, Object> model = pages.base(ctx, "Join " + w.title() + " · Cheap Learning Lab");
            model.put("joining", Map.of("code", w.code(), "title", w.title(), "steps", w.steps().size()));
            model.put("error", null);
            model.put("code", w.code());
            PageRoutes.html(ctx, renderer.render("workshop/join", model));
            return;
        }
        int index = w.current();
        WorkshopStep step = w.steps().get(index);
        Lab<?, ?> lab = labs.get(step.lab());
        FilledForm<?> form = FormBinder.show(lab, step.config());
        RunRecord latest = null;
        List<Workshop.StepRun> mine = w.runsOf(index).stream().filter(r -> r.participant().equals(me.id())).toList();
        for (int i = mine.size() - 1; i >= 0 && latest == null; i--) latest = runs.find(mine.get(i).runId()).orElse(null);
        Map<String, Object> banner = new LinkedHashMap<>();
        banner.put("code", w.code());
        banner.put("title", w.title());
        banner.put("name", member.get().name());
        banner.put("step", index + 1);
        banner.put("stepCount", w.steps().size());
        banner.put("stepTitle", step.title());
        banner.put("prompt", step.prompt());
        banner.put("prediction", step.prediction());
        banner.put("myPrediction", w.prediction(index, me.id()).map(Workshop.Prediction::value).orElse(null));
        banner.put("outcomeLabel", WorkshopExport.outcomeLabel(step, labs));
        banner.put("stateUrl", "/api/workshops/" + w.code());
        banner.put("predictUrl", "/api/workshops/" + w.code() + "/predictions");
        banner.put("fixed", fixedText(lab, step));
        StepPage page = new StepPage(w.title() + " · step " + (index + 1), banner, "/api/workshops/" + w.code() + "/runs",
                "/w/" + w.code(), step.locked(), step.hidden());
        pages.labPage(ctx, lab, form, "/w/" + w.code(), latest, page);
    }

    /** "λ, N_i and the seed are set by the instructor" for the banner, or null. */
    private static String fixedText(Lab<?, ?> lab, WorkshopStep step) {
        List<String> labels = new ArrayList<>();
        Map<String, KnobSpec> specs = KnobSpec.of(lab.configType());
        for (String f : step.locked()) labels.add(specs.get(f).label().replaceAll("<[^>]+>", ""));
        return labels.isEmpty() ? null : PageRoutes.listed(labels);
    }

    private void join(Context ctx) {
        Workshop w = workshop(ctx);
        Map<String, String> body = fields(ctx);
        w.join(participants.current(ctx).id(), body.get("name"));
        // htmx (which carries the CSRF header) is told where to go; an XHR would follow a 303 silently.
        if (ApiRoutes.htmx(ctx)) ctx.status(200).header("HX-Redirect", "/w/" + w.code());
        else ctx.status(303).header("Location", "/w/" + w.code());
    }

    private void predict(Context ctx) {
        Workshop w = workshop(ctx);
        String me = member(ctx, w);
        Workshop.Prediction p = w.predict(me, fields(ctx).get("value"));
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("step", p.step() + 1);
        o.put("value", p.value());
        ctx.contentType(JSON_TYPE).result(Json.write(o));
    }

    /** A run of the current step: the form's knobs over the step's config, the locked and hidden ones the step's own. */
    private void submit(Context ctx) {
        Workshop w = workshop(ctx);
        String me = member(ctx, w);
        WorkshopStep step = w.currentStep();
        Lab<?, ?> lab = labs.get(step.lab());
        ctx.attribute(ApiRoutes.FORM_LAB, lab.id());
        JsonNode given = ApiRoutes.configBody(ctx, lab, bodyLimit);
        if (!given.isObject()) throw new MalformedConfigException("a config is a JSON object of the lab's fields");
        if (step.prediction() != null && w.prediction(w.current(), me).isEmpty())
            throw new ConfigException("prediction", "record your prediction (" + step.prediction().label() + ") before running");
        ObjectNode config = ((ObjectNode) step.config()).deepCopy();
        given.fields().forEachRemaining(e -> {
            if (!step.fixed(e.getKey())) config.set(e.getKey(), e.getValue());
        });
        RunRecord run = runs.submit(lab.id(), config, me);
        w.addRun(me, run.id());
        ApiRoutes.submitted(ctx, run, views);
    }

    private void stateRoute(Context ctx) {
        Workshop w = workshop(ctx);
        Participants.Participant me = participants.current(ctx);
        if (!me.instructor()) member(ctx, w);
        ctx.contentType(JSON_TYPE).result(Json.write(state(w, me)));
    }

    /**
     * What a page of the workshop draws: {@code code, title, version, step (1-based), stepCount, steps: [{title,
     * lab}], current: {title, lab, prompt, prediction, outcome: {name, label}}, me: {id, name, prediction,
     * instructor}, participants: [{name, you, prediction, runs: [{status, outcome, queuePosition, shared, id,
     * href}]}]} for the current step. A participant sees everyone's names, predictions, statuses and outcomes,
     * but the ids and links of only their own runs and of shared ones; the instructor sees all, with each
     * participant's id.
     */
    ObjectNode state(Workshop w, Participants.Participant me) {
        int index = w.current();
        WorkshopStep step = w.steps().get(index);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("code", w.code());
        o.put("title", w.title());
        o.put("version", w.version());
        o.put("step", index + 1);
        o.put("stepCount", w.steps().size());
        ArrayNode steps = o.putArray("steps");
        for (WorkshopStep s : w.steps()) steps.addObject().put("title", s.title()).put("lab", s.lab());
        ObjectNode current = o.putObject("current");
        current.put("title", step.title());
        current.put("lab", step.lab());
        current.put("prompt", step.prompt());
        current.set("prediction", step.prediction() == null ? null : Json.tree(step.prediction()));
        if (step.outcome() != null) current.putObject("outcome").put("name", step.outcome())
                .put("label", WorkshopExport.outcomeLabel(step, labs));
        else current.putNull("outcome");
        ObjectNode you = o.putObject("me");
        you.put("id", me.id());
        you.put("instructor", me.instructor());
        you.put("name", w.member(me.id()).map(Workshop.Member::name).orElse(null));
        you.put("prediction", w.prediction(index, me.id()).map(Workshop.Prediction::value).orElse(null));
        Map<String, List<Workshop.StepRun>> byMember = new HashMap<>();
        for (Workshop.StepRun r : w.runsOf(index)) byMember.computeIfAbsent(r.participant(), k -> new ArrayList<>()).add(r);
        ArrayNode people = o.putArray("participants");
        for (Workshop.Member m : w.members()) {
            ObjectNode p = people.addObject();
            if (me.instructor()) p.put("id", m.id());
            p.put("name", m.name());
            p.put("you", m.id().equals(me.id()));
            p.put("prediction", w.prediction(index, m.id()).map(Workshop.Prediction::value).orElse(null));
            ArrayNode rs = p.putArray("runs");
            for (Workshop.StepRun sr : byMember.getOrDefault(m.id(), List.of())) {
                Optional<RunRecord> rec = runs.find(sr.runId());
                ObjectNode x = rs.addObject();
                boolean shared = w.isShared(sr.runId());
                x.put("status", rec.map(r -> r.status().wire()).orElse("deleted"));
                x.put("shared", shared);
                double outcome = rec.map(r -> WorkshopExport.outcome(step, r, labs)).orElse(Double.NaN);
                if (Double.isFinite(outcome)) x.put("outcome", outcome);
                else x.putNull("outcome");
                if (rec.isPresent() && rec.get().status() == cheaplab.core.RunStatus.QUEUED)
                    x.put("queuePosition", runs.queuePosition(sr.runId()));
                if (me.instructor() || shared || m.id().equals(me.id())) {
                    x.put("id", sr.runId());
                    x.put("href", "/runs/" + sr.runId());
                    x.put("embed", "/runs/" + sr.runId() + "?embed=1");
                }
            }
        }
        return o;
    }

    // ---- the instructor ----------------------------------------------------------------------------------------

    private void create(Context ctx) {
        Participants.Participant me = instructor(ctx);
        JsonNode plan;
        MediaType type = MediaType.of(ctx.header(MediaType.HEADER));
        byte[] bytes = bodyLimit.read(ctx);
        String text = type != null && type.is(MediaType.FORM)
                ? FormBody.parse(type, bytes).getOrDefault("plan", List.of("")).get(0)
                : new String(bytes, StandardCharsets.UTF_8);
        try {
            plan = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedConfigException("the workshop plan is not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        Workshop w;
        try {
            w = workshops.create(WorkshopPlan.parse(plan, labs), me.id());
        } catch (ConfigException | MalformedConfigException e) {
            if (ApiRoutes.htmx(ctx)) {
                // htmx swaps only 2xx answers: the reason goes into the form's error slot.
                ctx.status(200).html(renderer.render("workshop/plan-error", Map.of("message", e.getMessage())));
                return;
            }
            throw e;
        }
        String page = "/w/" + w.code() + "/instructor";
        ctx.status(201).header("Location", page).header("HX-Redirect", page);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("code", w.code());
        o.put("title", w.title());
        ObjectNode links = o.putObject("links");
        links.put("join", "/w/" + w.code());
        links.put("instructor", page);
        links.put("state", "/api/workshops/" + w.code());
        links.put("exportJson", "/api/workshops/" + w.code() + "/export.json");
        links.put("exportCsv", "/api/workshops/" + w.code() + "/export.csv");
        ctx.contentType(JSON_TYPE).result(Json.write(o));
    }

    private void list(Context ctx) {
        instructor(ctx);
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (Workshop w : workshops.all()) {
            arr.addObject().put("code", w.code()).put("title", w.title()).put("step", w.current() + 1)
                    .put("stepCount", w.steps().size()).put("participants", w.members().size())
                    .put("href", "/w/" + w.code() + "/instructor");
        }
        ctx.contentType(JSON_TYPE).result(Json.write(arr));
    }

    private void instructorPage(Context ctx) {
        Workshop w = workshop(ctx);
        instructor(ctx);
        Map<String, Object> model = pages.base(ctx, w.title() + " (instructor) · Cheap Learning Lab");
        model.put("w", Map.of("code", w.code(), "title", w.title(), "stateUrl", "/api/workshops/" + w.code(),
                "joinUrl", ctx.scheme() + "://" + ctx.host() + "/w/" + w.code(),
                "exportJson", "/api/workshops/" + w.code() + "/export.json", "exportCsv", "/api/workshops/" + w.code() + "/export.csv",
                "stepUrl", "/api/workshops/" + w.code() + "/step", "shareUrl", "/api/workshops/" + w.code() + "/share"));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < w.steps().size(); i++) {
            WorkshopStep s = w.steps().get(i);
            steps.add(Map.of("n", i + 1, "title", s.title(), "lab", s.lab(), "prompt", s.prompt()));
        }
        model.put("steps", steps);
        model.put("workshop", null);
        PageRoutes.html(ctx, renderer.render("workshop/instructor", model));
    }

    private void push(Context ctx) {
        Workshop w = workshop(ctx);
        Participants.Participant me = instructor(ctx);
        String step = fields(ctx).get("step");
        int n;
        try {
            n = Integer.parseInt(step == null ? "" : step.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("step", "must be a step number from 1 to " + w.steps().size());
        }
        w.push(n - 1);
        ctx.contentType(JSON_TYPE).result(Json.write(state(w, me)));
    }

    private void share(Context ctx) {
        Workshop w = workshop(ctx);
        Participants.Participant me = instructor(ctx);
        String run = fields(ctx).get("run");
        w.share(run == null ? "" : run.strip());
        ctx.contentType(JSON_TYPE).result(Json.write(state(w, me)));
    }

    private void exportJson(Context ctx) {
        Workshop w = workshop(ctx);
        instructor(ctx);
        ctx.header("Content-Disposition", "attachment; filename=\"workshop-" + w.code() + ".json\"")
                .contentType(JSON_TYPE).result(Json.write(WorkshopExport.json(w, runs, labs)));
    }

    private void exportCsv(Context ctx) {
        Workshop w = workshop(ctx);
        instructor(ctx);
        ctx.header("Content-Disposition", "attachment; filename=\"workshop-" + w.code() + ".csv\"")
                .contentType("text/csv; charset=utf-8").result(WorkshopExport.csv(w, runs, labs));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The workshop of the path's code. @throws Refused 404 */
    private Workshop workshop(Context ctx) {
        return workshops.find(ctx.pathParam("code")).orElseThrow(() -> new HttpRefusal(404, "unknown_workshop", "code",
                "there is no workshop with the code \"" + cheaplab.core.Excerpt.of(ctx.pathParam("code")) + "\" (codes are "
                        + JoinCode.LENGTH + " letters and digits)"));
    }

    /** The asker's participant id, if they joined {@code w}. @throws HttpRefusal 403 */
    private String member(Context ctx, Workshop w) {
        String me = participants.current(ctx).id();
        if (w.member(me).isEmpty()) throw new HttpRefusal(403, "not_joined", null, "join the workshop at /w/" + w.code() + " first");
        return me;
    }

    private Participants.Participant instructor(Context ctx) {
        Participants.Participant me = participants.current(ctx);
        if (!me.instructor()) throw new HttpRefusal(403, "instructor_only", null, INSTRUCTOR_ONLY);
        return me;
    }

    /** A small request's fields: a form body's first values, or a JSON object's scalar members. */
    private Map<String, String> fields(Context ctx) {
        byte[] bytes = bodyLimit.read(ctx);
        MediaType type = MediaType.of(ctx.header(MediaType.HEADER));
        Map<String, String> out = new LinkedHashMap<>();
        if (type != null && (type.is(MediaType.FORM) || type.is(MediaType.MULTIPART))) {
            FormBody.parse(type, bytes).forEach((k, v) -> { if (!v.isEmpty()) out.put(k, v.get(0)); });
            return out;
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        if (body.isBlank()) return out;
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedConfigException("malformed JSON: " + e.getOriginalMessage());
        }
        if (!json.isObject()) throw new MalformedConfigException("the body must be a JSON object");
        json.fields().forEachRemaining(e -> { if (e.getValue().isValueNode()) out.put(e.getKey(), e.getValue().asText()); });
        return out;
    }

    /** The outcomes a step of each lab can name, for the plan editor's help: lab → [{name, label}]. */
    static Map<String, List<Map<String, String>>> outcomes(LabCatalog labs) {
        Map<String, List<Map<String, String>>> m = new LinkedHashMap<>();
        for (Lab<?, ?> lab : labs.all()) {
            List<Map<String, String>> l = new ArrayList<>();
            for (Outcome o : lab.outcomes()) l.add(Map.of("name", o.name(), "label", o.label()));
            m.put(lab.id(), l);
        }
        return m;
    }
}
