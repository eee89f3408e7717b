package cheaplab.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Downloads of a run: everything as JSON, or its series points as CSV. */
public final class RunExport {
    private RunExport() {}

    /** {@code {"run": record (as RunJson, result included), "events": [every event, in seq order]}}. */
    public static ObjectNode json(RunRecord run, List<RunEvent> events) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("run", RunJson.of(run));
        ArrayNode arr = o.putArray("events");
        for (RunEvent e : events) arr.add(Json.tree(e));
        return o;
    }

    /**
     * One row per point event: {@code run_id, seq, series}, then the union of the points' value keys in
     * first-seen order (a point without a key leaves its cell empty). RFC 4180: CRLF line ends, fields with a
     * comma, quote or line break quoted, quotes doubled. Non-finite numbers are empty cells, as in the JSON.
     */
    public static String csv(List<RunEvent> events) {
        Set<String> keys = new LinkedHashSet<>();
        for (RunEvent e : events) if (e instanceof RunEvent.Point p) keys.addAll(p.values().keySet());
        StringBuilder sb = new StringBuilder();
        sb.append("run_id,seq,series");
        for (String k : keys) sb.append(',').append(field(k));
        sb.append("\r\n");
        for (RunEvent e : events) {
            if (!(e instanceof RunEvent.Point p)) continue;
            sb.append(field(p.runId())).append(',').append(p.seq()).append(',').append(field(p.series()));
            Map<String, Object> v = p.values();
            for (String k : keys) sb.append(',').append(field(cell(v.get(k))));
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String cell(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return Double.isFinite(d) ? Double.toString(d) : "";
        if (v instanceof Float f) return Float.isFinite(f) ? Float.toString(f) : "";
        if (v instanceof Number || v instanceof Boolean || v instanceof CharSequence) return v.toString();
        return Json.write(v); // nested values as JSON text
    }

    /** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. */
    public static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
