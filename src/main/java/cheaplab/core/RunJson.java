package cheaplab.core;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * The JSON shape of a {@link RunRecord}, shared by the REST API, the exports and the CLI:
 * {@code {id, lab, attempt, status, config, created, started, finished, durationMs, result, error}} (a listing's
 * {@link #summary} has {@code hasResult} and {@code configElided} instead of the result) with
 * ISO-8601 UTC times (null when not reached) and the status in lower case.
 */
public final class RunJson {
    private RunJson() {}

    /** The record with its whole config and its result. */
    public static ObjectNode of(RunRecord r) {
        ObjectNode o = fields(r, r.config());
        o.set("result", r.result());
        return o;
    }

    /**
     * The record as a listing shows it: without its (possibly large) result ({@code hasResult} says whether there
     * is one), its config with large values elided ({@link ConfigSummary}; {@code configElided} says whether any was).
     */
    public static ObjectNode summary(RunRecord r) {
        ConfigSummary.Summary config = ConfigSummary.of(r.config());
        ObjectNode o = fields(r, config.config());
        o.put("configElided", config.elided());
        return o;
    }

    private static ObjectNode fields(RunRecord r, com.fasterxml.jackson.databind.JsonNode config) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", r.id());
        o.put("lab", r.lab());
        o.put("attempt", r.attempt());
        o.put("status", r.status().wire());
        o.set("config", config);
        o.put("created", iso(r.created()));
        o.put("started", iso(r.started()));
        o.put("finished", iso(r.finished()));
        if (r.started() != null && r.finished() != null)
            o.put("durationMs", r.finished().toEpochMilli() - r.started().toEpochMilli());
        else o.putNull("durationMs");
        o.put("error", r.error());
        o.put("hasResult", r.result() != null);
        return o;
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
