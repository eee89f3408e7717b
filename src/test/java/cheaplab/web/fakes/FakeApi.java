package cheaplab.web.fakes;

import cheaplab.core.ConfigException;
import cheaplab.core.Json;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunRecord;
import cheaplab.core.Runs;
import cheaplab.web.ConfigForm;
import cheaplab.web.RunViews;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the platform's ApiRoutes and RunSocket, following their contract: htmx form posts to
 * POST /api/labs/{lab}/runs get 202 + the run panel or 400 + the config error; DELETE cancels; exports;
 * WebSocket /ws/runs/{id}?after=N replays then streams. It can drop a run's first socket after a number of
 * messages, to prove the client reconnects without gaps or duplicates. Test sources only.
 */
public final class FakeApi {
    /** Socket {@code after} parameters seen, per run, in connection order. */
    public final Map<String, List<Long>> afterSeen = new ConcurrentHashMap<>();
    private final int dropFirstSocketAfter;

    private FakeApi(int dropFirstSocketAfter) {
        this.dropFirstSocketAfter = dropFirstSocketAfter;
    }

    /** @param dropFirstSocketAfter close each run's first socket after this many messages (0 = never) */
    public static FakeApi register(Javalin app, Runs runs, LabCatalog labs, RunViews views, int dropFirstSocketAfter) {
        FakeApi api = new FakeApi(dropFirstSocketAfter);
        app.post("/api/labs/{lab}/runs", ctx -> api.submit(ctx, runs, labs, views));
        app.delete("/api/runs/{id}", ctx -> ctx.status(runs.cancel(ctx.pathParam("id")) ? 202 : 409));
        app.get("/api/runs/{id}", ctx -> record(ctx, runs).ifPresent(r -> ctx.json(Json.tree(r))));
        app.get("/api/runs/{id}/export.json", ctx -> record(ctx, runs).ifPresent(r -> ctx.json(Json.tree(r))));
        app.get("/api/runs/{id}/export.csv", ctx -> record(ctx, runs).ifPresent(r ->
                ctx.contentType("text/csv").result("id,status\n" + r.id() + "," + r.status().wire() + "\n")));
        app.ws("/ws/runs/{id}", ws -> {
            Map<WsContext, Runs.Subscription> subs = new ConcurrentHashMap<>();
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(5));
                String id = ctx.pathParam("id");
                String after = ctx.queryParam("after");
                long afterSeq = after == null ? 0 : Long.parseLong(after);
                List<Long> seen = api.afterSeen.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
                boolean first = seen.isEmpty();
                seen.add(afterSeq);
                if (runs.find(id).isEmpty()) {
                    ctx.closeSession(4404, "unknown run");
                    return;
                }
                AtomicInteger sent = new AtomicInteger();
                subs.put(ctx, runs.subscribe(id, afterSeq, event -> {
                    synchronized (ctx) {
                        if (!ctx.session.isOpen()) return;
                        if (first && api.dropFirstSocketAfter > 0 && sent.get() >= api.dropFirstSocketAfter) {
                            ctx.closeSession(1011, "test: dropped on purpose");
                            return;
                        }
                        try {
                            ctx.send(Json.write(event));
                            sent.incrementAndGet();
                        } catch (RuntimeException e) {
                            // the client went away; its close handler unsubscribes
                        }
                    }
                }));
            });
            ws.onClose(ctx -> {
                Runs.Subscription s = subs.remove(ctx);
                if (s != null) s.close();
            });
        });
        return api;
    }

    private void submit(Context ctx, Runs runs, LabCatalog labs, RunViews views) {
        Optional<Lab<?, ?>> lab = labs.find(ctx.pathParam("lab"));
        if (lab.isEmpty()) {
            ctx.status(404).json(Map.of("error", "unknown lab"));
            return;
        }
        boolean htmx = "true".equals(ctx.header("HX-Request"));
        ConfigForm.Bound form = ConfigForm.fromForm(lab.get(), ctx.formParamMap());
        try {
            if (form.error() != null) throw form.error();
            RunRecord run = runs.submit(lab.get().id(), Json.tree(form.config()));
            ctx.status(202);
            if (htmx) ctx.html(views.runPanel(run)); else ctx.json(Map.of("id", run.id()));
        } catch (ConfigException e) {
            ctx.status(400);
            if (htmx) ctx.html(views.configError(lab.get().id(), e));
            else ctx.json(Map.of("field", e.field(), "error", e.reason()));
        }
    }

    private static Optional<RunRecord> record(Context ctx, Runs runs) {
        Optional<RunRecord> r = runs.find(ctx.pathParam("id"));
        if (r.isEmpty()) ctx.status(404).json(Map.of("error", "unknown run"));
        return r;
    }
}
