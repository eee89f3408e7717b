package cheaplab.web;

import cheaplab.core.FormBinder;
import cheaplab.core.Json;
import cheaplab.core.Lab;
import cheaplab.core.RunRecord;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link RunRecord} as the templates read it: strings ready to show, links ready to follow. */
final class RunModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private RunModel() {}

    /**
     * A run with its place in the queue: a queued run's panel says how many runs go before it and when it should
     * start (as of when it is drawn; static/js/main.js then updates that sentence from {@code /api/runs/{id}/queue}
     * instead of swapping the panel, which raced the user's Cancel click and the run-ended refresh).
     *
     * @param ahead waiting runs served before this one (from the queue's fair order), -1 when unknown
     */
    static Map<String, Object> of(RunRecord run, Lab<?, ?> lab, int ahead, java.util.OptionalLong waitSeconds) {
        Map<String, Object> m = of(run, lab);
        if (run.status() == cheaplab.core.RunStatus.QUEUED && ahead >= 0) {
            m.put("message", queuedMessage(ahead, waitSeconds));
            m.put("ahead", ahead);
        }
        return m;
    }

    /** A queued run's place and expected wait ({@link cheaplab.core.WaitEstimate}), as the panel says it. */
    static String queuedMessage(int ahead, java.util.OptionalLong waitSeconds) {
        String wait = waitSeconds.isPresent() ? " Expected to start in " + cheaplab.core.WaitEstimate.text(waitSeconds.getAsLong()) + "." : "";
        return (ahead == 0 ? "Next in line: waiting for a worker to free up." : "Waiting: " + ahead + " run" + (ahead == 1 ? "" : "s")
                + " go before this one.") + wait;
    }

    /** The run's panel model with its place in the queue and expected wait, as of now. */
    static Map<String, Object> current(RunRecord run, Lab<?, ?> lab, cheaplab.core.Runs runs) {
        if (runs == null) return of(run, lab, -1, java.util.OptionalLong.empty());
        return of(run, lab, runs.queuePosition(run.id()), cheaplab.core.WaitEstimate.seconds(runs, run.id(), java.time.Instant.now()));
    }

    /** @param lab the run's lab when known; used to list the config values that differ from its defaults */
    static Map<String, Object> of(RunRecord run, Lab<?, ?> lab) {
        Map<String, Object> m = new LinkedHashMap<>();
        String id = run.id();
        m.put("id", id);
        m.put("shortId", id.length() > 8 ? id.substring(0, 8) : id);
        m.put("lab", run.lab());
        m.put("status", run.status().wire());
        m.put("terminal", run.status().terminal());
        m.put("created", time(run.created()));
        m.put("createdIso", run.created() == null ? "" : run.created().toString());
        m.put("started", time(run.started()));
        m.put("finished", time(run.finished()));
        m.put("duration", duration(run.started(), run.finished()));
        m.put("error", run.error());
        m.put("message", message(run));
        m.put("href", "/runs/" + FormBinder.encode(id));
        m.put("panelUrl", "/runs/" + FormBinder.encode(id) + "/panel");
        m.put("cancelUrl", "/api/runs/" + FormBinder.encode(id));
        m.put("exportJson", "/api/runs/" + FormBinder.encode(id) + "/export.json");
        m.put("exportCsv", "/api/runs/" + FormBinder.encode(id) + "/export.csv");
        m.put("summary", summary(run.config(), lab));
        m.put("files", files(run));
        return m;
    }

    /** The files a finished run's result carries ({@code files.<name>}), as {@code {name, href, label}}. */
    static List<Map<String, String>> files(RunRecord run) {
        List<Map<String, String>> out = new ArrayList<>();
        JsonNode files = run.result() == null ? null : run.result().get("files");
        if (files == null || !files.isObject()) return out;
        files.fields().forEachRemaining(e -> {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("name", e.getKey());
            f.put("href", "/api/runs/" + FormBinder.encode(run.id()) + "/files/" + FormBinder.encode(e.getKey()));
            long bytes = e.getValue().path("bytes").asLong(-1);
            f.put("label", "Download " + e.getKey() + (bytes >= 0 ? String.format(java.util.Locale.ROOT, " (%.1f MB)", bytes / 1e6) : ""));
            out.add(f);
        });
        return out;
    }

    private static String message(RunRecord run) {
        return switch (run.status()) {
            case QUEUED -> "Waiting for a worker…";
            case RUNNING -> "Running…";
            case FINISHED -> "Finished.";
            case FAILED -> "Failed.";
            case DIVERGED -> "Diverged: the numbers blew up. Everything streamed before is kept.";
            case CANCELLED -> "Cancelled.";
            case INTERRUPTED -> "Interrupted: the server stopped while this run was in flight.";
            case TIMED_OUT -> "Timed out: it ran past this server's wall-clock cap per run. Everything streamed before is kept.";
        };
    }

    /** "features=300 · seed=7": the config values that differ from the lab's defaults ("defaults" if none). */
    static String summary(JsonNode config, Lab<?, ?> lab) {
        if (config == null || !config.isObject()) return "";
        Map<String, String> given = lab == null ? null : FormBinder.values(lab.configType(), config);
        Map<String, String> defaults = lab == null ? null : FormBinder.values(lab.configType(), Json.tree(lab.defaults()));
        List<String> parts = new ArrayList<>();
        if (given == null) {
            config.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        } else {
            given.forEach((k, v) -> {
                if (!v.equals(defaults.get(k))) parts.add(k + "=" + abbreviate(v));
            });
        }
        return parts.isEmpty() ? "defaults" : String.join(" · ", parts);
    }

    private static String abbreviate(String v) {
        return v.length() <= 28 ? v : v.substring(0, 25) + "…";
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String duration(Instant from, Instant to) {
        if (from == null || to == null) return "";
        Duration d = Duration.between(from, to);
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        return (ms / 60_000) + " min " + (ms % 60_000) / 1000 + " s";
    }
}
