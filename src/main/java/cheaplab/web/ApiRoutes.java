package cheaplab.web;

import cheaplab.core.ConfigException;
import cheaplab.core.EventsJson;
import cheaplab.core.Excerpt;
import cheaplab.core.FormBinder;
import cheaplab.core.Json;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.core.LabInfo;
import cheaplab.core.MalformedConfigException;
import cheaplab.core.QueueFullException;
import cheaplab.core.RunEvent;
import cheaplab.core.RunExport;
import cheaplab.core.RunJson;
import cheaplab.core.RunRecord;
import cheaplab.core.Runs;
import cheaplab.core.ShuttingDownException;
import cheaplab.core.UnknownLabException;
import cheaplab.core.UnknownRunException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The REST API. Every answer is JSON (htmx form posts excepted: they get HTML fragments from {@link RunViews});
 * every refusal is {@code {"error", "field", "message"}} with a 4xx status; a 500 means a bug and is logged.
 *
 * <pre>
 * GET    /api/labs                         200 [LabInfo]
 * GET    /api/labs/{lab}                   200 LabInfo | 404
 * POST   /api/labs/{lab}/runs              202 {id, status, lab, links} | 400 | 403 | 404 | 413 | 415 | 503
 *        (JSON body, or a form body from htmx: same field names; HX-Request: true answers HTML)
 * GET    /api/labs/{lab}/runs?limit=       200 [run summary + links] of that lab
 * GET    /api/labs/{lab}/compare?runs=a,b  200 {lab, runs: [{id, label, status, href, events}], fields, title, permalink}
 *                                          | 400 (fewer than 2 or more than 6 runs, a duplicate, another lab's run,
 *                                          a run not ended) | 404 (lab or run)
 * GET    /api/runs?lab=&amp;limit=             200 [run summary + links], most recent first (limit 1..1000, default 50);
 *                                          a summary's config has its large values elided (configElided: true)
 * GET    /api/runs/{id}                    200 run + result + links | 404
 * DELETE /api/runs/{id}                    202 {id, status, cancelRequested} | 403 a run shared with the asker, not theirs
 *                                          | 404 | 409 already ended
 * GET    /api/runs/{id}/events?after=N     200 [event] with seq &gt; N | 404
 * GET    /api/runs/{id}/queue              200 {status, ahead (-1 unless queued), estimatedWaitSeconds (null: unknown), message}
 * GET    /api/runs/{id}/export.json        200 attachment {run, events}
 * GET    /api/runs/{id}/export.csv         200 attachment, one row per point event
 * </pre>
 */
public final class ApiRoutes {
    static final int DEFAULT_HISTORY = 50;
    static final int MAX_HISTORY = 1000;
    private static final String JSON = "application/json";
    /** The lab whose form a route without a {lab} path parameter posts (a workshop step's): its errors render as the form's. */
    static final String FORM_LAB = "cheaplab.formLab";

    private final Runs runs;
    private final LabCatalog labs;
    private final RunViews views;
    private final RequestBodyLimit bodyLimit;
    private final Participants participants;

    private ApiRoutes(Runs runs, LabCatalog labs, RunViews views, RequestBodyLimit bodyLimit, Participants participants) {
        this.runs = runs;
        this.labs = labs;
        this.views = views;
        this.bodyLimit = bodyLimit;
        this.participants = participants;
    }

    static void register(Javalin app, Runs runs, LabCatalog labs, RunViews views, RequestBodyLimit bodyLimit,
                         Participants participants) {
        ApiRoutes r = new ApiRoutes(runs, labs, views, bodyLimit, participants);
        app.get("/api/labs", r::labs);
        app.get("/api/labs/{lab}", r::lab);
        app.post("/api/labs/{lab}/runs", r::submit);
        app.get("/api/labs/{lab}/runs", r::labHistory);
        app.get("/api/labs/{lab}/compare", r::compare);
        app.get("/api/runs", r::history);
        app.get("/api/runs/{id}", r::run);
        app.delete("/api/runs/{id}", r::cancel);
        app.get("/api/runs/{id}/events", r::events);
        app.get("/api/runs/{id}/queue", r::queue);
        app.get("/api/runs/{id}/export.json", r::exportJson);
        app.get("/api/runs/{id}/export.csv", r::exportCsv);
        app.get("/api/runs/{id}/files/{name}", r::file);
        r.errors(app);
    }

    private void labs(Context ctx) {
        ctx.contentType(JSON).result(Json.write(labs.all().stream().map(LabInfo::of).toList()));
    }

    private void lab(Context ctx) {
        ctx.contentType(JSON).result(Json.write(LabInfo.of(labs.get(ctx.pathParam("lab")))));
    }

    private void compare(Context ctx) {
        Lab<?, ?> lab = labs.get(ctx.pathParam("lab"));
        try {
            Participants.Participant me = participants.current(ctx);
            Comparison c = Comparison.of(lab, runs, Comparison.ids(ctx.queryParams("runs")), x -> participants.canSee(me, x));
            ctx.contentType(JSON).result(Json.write(c));
        } catch (Comparison.Refused e) {
            ApiError.send(ctx, e.status, e.status == 404 ? "unknown_run" : "bad_comparison", "runs", e.getMessage());
        }
    }

    private void submit(Context ctx) {
        Lab<?, ?> lab = labs.get(ctx.pathParam("lab"));
        submitted(ctx, runs.submit(lab.id(), configBody(ctx, lab, bodyLimit), participants.owner(ctx)), views);
    }

    /**
     * The config of a run submission: a form body (htmx) bound by the config record's field names, or a JSON
     * object (a blank body is {}). Read here, counted against the limit, and parsed here: never Jetty's multipart
     * parser or Javalin's body().
     */
    static JsonNode configBody(Context ctx, Lab<?, ?> lab, RequestBodyLimit bodyLimit) {
        byte[] bytes = bodyLimit.read(ctx);
        MediaType type = MediaType.of(ctx.header(MediaType.HEADER));
        if (type != null && (type.is(MediaType.FORM) || type.is(MediaType.MULTIPART))) {
            return FormBinder.toJson(lab.configType(), FormBody.parse(type, bytes));
        }
        String body = new String(bytes, type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8));
        if (body.isBlank()) return JsonNodeFactory.instance.objectNode();
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedConfigException("malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    /** 202 with the run's Location: its panel for htmx, {id, status, lab, links} for everyone else. */
    static void submitted(Context ctx, RunRecord run, RunViews views) {
        ctx.status(202).header("Location", "/api/runs/" + run.id());
        if (htmx(ctx)) {
            ctx.html(views.runPanel(run));
            return;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", run.id());
        o.put("status", run.status().wire());
        o.put("lab", run.lab());
        o.set("links", links(run.id()));
        ctx.contentType(JSON).result(Json.write(o));
    }

    private void history(Context ctx) {
        String lab = ctx.queryParam("lab");
        if (lab != null && lab.isBlank()) lab = null;
        history(ctx, lab);
    }

    /** {@code GET /api/labs/{lab}/runs}: the same listing as {@code /api/runs?lab=}. */
    private void labHistory(Context ctx) {
        history(ctx, ctx.pathParam("lab"));
    }

    /** Run summaries, most recent first; a config's large values are elided ({@link cheaplab.core.ConfigSummary}). */
    private void history(Context ctx, String lab) {
        if (lab != null) labs.get(lab); // 404 for a lab that does not exist
        int limit = intParam(ctx, "limit", DEFAULT_HISTORY, 1, MAX_HISTORY);
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (RunRecord r : runs.history(lab, participants.listingOwner(ctx), limit)) {
            ObjectNode o = RunJson.summary(r);
            o.set("links", links(r.id()));
            arr.add(o);
        }
        ctx.contentType(JSON).result(Json.write(arr));
    }

    /** The run named in the path, if the asker may see it (in a workshop: their own, or any for an instructor). */
    private RunRecord found(Context ctx) {
        String id = ctx.pathParam("id");
        Participants.Participant me = participants.current(ctx);
        return runs.find(id).filter(r -> participants.canSee(me, r)).orElseThrow(() -> new UnknownRunException(id));
    }

    private void run(Context ctx) {
        ObjectNode o = RunJson.of(found(ctx));
        o.set("links", links(o.get("id").asText()));
        ctx.contentType(JSON).result(Json.write(o));
    }

    private void cancel(Context ctx) {
        RunRecord r = found(ctx);
        if (!Participants.canControl(participants.current(ctx), r)) {
            // Seen because an instructor shared it with the class: its owner's to cancel, not this participant's.
            ApiError.send(ctx, 403, "not_owner", null, "run " + r.id() + " was shared with you to look at; only its owner or an instructor can cancel it");
            return;
        }
        if (r.status().terminal() || !runs.cancel(r.id())) {
            RunRecord now = runs.find(r.id()).orElse(r);
            ApiError.send(ctx, 409, "already_ended", null, "run " + r.id() + " already ended (" + now.status().wire() + ")");
            return;
        }
        RunRecord now = runs.find(r.id()).orElse(r);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", r.id());
        o.put("status", now.status().wire());
        o.put("cancelRequested", true);
        ctx.status(202).contentType(JSON).result(Json.write(o));
    }

    /** A queued run's place in the fair queue and its expected wait (cheaplab.core.WaitEstimate); the panel polls it. */
    private void queue(Context ctx) {
        RunRecord r = found(ctx);
        int ahead = r.status() == cheaplab.core.RunStatus.QUEUED ? runs.queuePosition(r.id()) : -1;
        java.util.OptionalLong wait = ahead < 0 ? java.util.OptionalLong.empty()
                : cheaplab.core.WaitEstimate.seconds(runs, r.id(), java.time.Instant.now());
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("status", r.status().wire());
        o.put("ahead", ahead);
        if (wait.isPresent()) o.put("estimatedWaitSeconds", wait.getAsLong());
        else o.putNull("estimatedWaitSeconds");
        if (ahead >= 0) o.put("message", RunModel.queuedMessage(ahead, wait));
        else o.putNull("message");
        ctx.contentType(JSON).result(Json.write(o));
    }

    private void events(Context ctx) {
        RunRecord r = found(ctx);
        long after = longParam(ctx, "after", 0);
        List<RunEvent> events = runs.events(r.id(), after);
        ctx.contentType(JSON).result(EventsJson.write(events));
    }

    private void exportJson(Context ctx) {
        RunRecord r = found(ctx);
        String body = Json.write(RunExport.json(r, runs.events(r.id(), 0)));
        ctx.header("Content-Disposition", "attachment; filename=\"run-" + r.id() + ".json\"")
                .contentType(JSON).result(body);
    }

    private void exportCsv(Context ctx) {
        RunRecord r = found(ctx);
        ctx.header("Content-Disposition", "attachment; filename=\"run-" + r.id() + ".csv\"")
                .contentType("text/csv; charset=utf-8").result(RunExport.csv(runs.events(r.id(), 0)));
    }

    /**
     * A file a finished run's result carries (e.g. a trained model): the result's {@code files.<name>} object,
     * {@code {contentType, fileName, encoding: "base64", data}}; 404 when the run has no such file (yet).
     */
    private void file(Context ctx) {
        RunRecord r = found(ctx);
        String name = ctx.pathParam("name");
        JsonNode f = r.result() == null ? null : r.result().path("files").get(name);
        if (f == null || !f.isObject() || !"base64".equals(f.path("encoding").asText()) || !f.path("data").isTextual()) {
            ApiError.send(ctx, 404, "no_file", null, "run " + r.id() + " has no file '" + Excerpt.of(name) + "'"
                    + (r.result() == null ? " (it has no result yet)" : ""));
            return;
        }
        byte[] bytes = java.util.Base64.getDecoder().decode(f.path("data").asText());
        String fileName = f.path("fileName").asText(name).replaceAll("[^A-Za-z0-9._-]", "_");
        ctx.header("Content-Disposition", "attachment; filename=\"run-" + r.id() + "-" + fileName + "\"")
                .contentType(f.path("contentType").asText("application/octet-stream")).result(bytes);
    }

    static ObjectNode links(String id) {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("self", "/api/runs/" + id);
        l.put("events", "/api/runs/" + id + "/events");
        l.put("ws", "/ws/runs/" + id);
        l.put("exportJson", "/api/runs/" + id + "/export.json");
        l.put("exportCsv", "/api/runs/" + id + "/export.csv");
        return l;
    }

    static boolean htmx(Context ctx) {
        return "true".equalsIgnoreCase(ctx.header("HX-Request"));
    }

    private static int intParam(Context ctx, String name, int dflt, int lo, int hi) {
        long v = longParam(ctx, name, dflt);
        if (v < lo || v > hi) throw new BadParameter(name, "must be an integer in [" + lo + ", " + hi + "], was " + v);
        return (int) v;
    }

    private static long longParam(Context ctx, String name, long dflt) {
        String s = ctx.queryParam(name);
        if (s == null || s.isBlank()) return dflt;
        try {
            long v = Long.parseLong(s.trim());
            if (v < 0) throw new BadParameter(name, "must be >= 0, was " + v);
            return v;
        } catch (NumberFormatException e) {
            throw new BadParameter(name, "must be an integer, was '" + Excerpt.of(s) + "'");
        }
    }

    /** A bad query parameter (not a config field). */
    static final class BadParameter extends RuntimeException {
        final String name;

        BadParameter(String name, String message) {
            super(name + ": " + message);
            this.name = name;
        }
    }

    private void errors(Javalin app) {
        app.exception(ConfigException.class, (e, ctx) -> {
            String lab = ctx.pathParamMap().containsKey("lab") ? ctx.pathParam("lab") : ctx.attribute(FORM_LAB);
            if (htmx(ctx) && lab != null) {
                ctx.status(400).html(views.configError(lab, e));
            } else {
                ApiError.send(ctx, 400, "invalid_config", e.field(), e.getMessage());
            }
        });
        app.exception(MalformedConfigException.class, (e, ctx) -> refuse(ctx, 400, "malformed_json", null, e.getMessage()));
        app.exception(BadParameter.class, (e, ctx) -> refuse(ctx, 400, "bad_parameter", e.name, e.getMessage()));
        app.exception(UnknownLabException.class, (e, ctx) -> refuse(ctx, 404, "unknown_lab", null, e.getMessage()));
        app.exception(UnknownRunException.class, (e, ctx) -> refuse(ctx, 404, "unknown_run", null, e.getMessage()));
        app.exception(QueueFullException.class, (e, ctx) -> {
            ctx.header("Retry-After", "10");
            refuse(ctx, 503, "queue_full", null, e.getMessage());
        });
        app.exception(cheaplab.core.QuotaExceededException.class, (e, ctx) -> {
            ctx.header("Retry-After", "10");
            refuse(ctx, 429, "quota_exceeded", null, e.getMessage());
        });
        app.exception(ShuttingDownException.class, (e, ctx) -> refuse(ctx, 503, "shutting_down", null, e.getMessage()));
    }

    /** JSON for the API; an HTML fragment for htmx; a small HTML page for a browser on a page route. */
    private void refuse(Context ctx, int status, String code, String field, String message) {
        ErrorResponse.send(ctx, views, status, code, field, message);
    }
}
