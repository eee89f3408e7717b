package cheaplab.web;

import cheaplab.core.ConfigDifference;
import cheaplab.core.Lab;
import cheaplab.core.RunRecord;
import cheaplab.core.Runs;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A comparison of finished runs of one lab, as the compare page and {@code GET /api/labs/{lab}/compare} show it:
 * the runs in the order asked, each with its label from {@link ConfigDifference} (what sets it apart) and its event
 * URL; static/js/compare.js overlays their series on the lab's own charts. The query names the runs as
 * {@code runs=a,b} or {@code runs=a&runs=b} (the history's "Compare" form sends the second).
 */
public record Comparison(String lab, List<Map<String, Object>> runs, List<String> fields, String title, String permalink) {

    public static final int MIN_RUNS = 2;
    public static final int MAX_RUNS = 6;

    /** A comparison that cannot be made; {@code status} is 400 (the request) or 404 (a run that does not exist). */
    public static final class Refused extends RuntimeException {
        public final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The run ids a query names: every {@code runs} value, split at commas, blanks dropped, duplicates refused. */
    public static List<String> ids(List<String> values) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        if (values != null) {
            for (String v : values) {
                for (String id : v.split(",")) {
                    String t = id.trim();
                    if (t.isEmpty()) continue;
                    if (!ids.add(t)) throw new Refused(400, "runs: run " + cheaplab.core.Excerpt.of(t) + " is listed twice");
                }
            }
        }
        if (ids.size() < MIN_RUNS)
            throw new Refused(400, "runs: a comparison needs at least " + MIN_RUNS + " runs (runs=a,b), got " + ids.size());
        if (ids.size() > MAX_RUNS)
            throw new Refused(400, "runs: at most " + MAX_RUNS + " runs can be compared at once, got " + ids.size());
        return List.copyOf(ids);
    }

    public static Comparison of(Lab<?, ?> lab, Runs store, List<String> ids) {
        return of(lab, store, ids, r -> true);
    }

    /** @param visible whether the asker may see a run (a workshop participant: their own); others do not exist */
    public static Comparison of(Lab<?, ?> lab, Runs store, List<String> ids, java.util.function.Predicate<RunRecord> visible) {
        List<RunRecord> runs = new ArrayList<>();
        for (String id : ids) {
            Optional<RunRecord> r = store.find(id).filter(visible);
            if (r.isEmpty()) throw new Refused(404, "runs: there is no run with id " + cheaplab.core.Excerpt.of(id));
            RunRecord run = r.get();
            if (!run.lab().equals(lab.id()))
                throw new Refused(400, "runs: run " + run.id() + " belongs to the lab " + run.lab() + ", not " + lab.id());
            if (!run.status().terminal())
                throw new Refused(400, "runs: run " + run.id() + " has not ended yet (" + run.status().wire()
                        + "); compare it once it has");
            runs.add(run);
        }
        List<JsonNode> configs = runs.stream().map(RunRecord::config).toList();
        ConfigDifference d = ConfigDifference.of(lab.configType(), configs);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("shortId", r.id().substring(0, Math.min(8, r.id().length())));
            m.put("index", i);
            m.put("label", d.labels().get(i));
            m.put("status", r.status().wire());
            m.put("href", "/runs/" + r.id());
            m.put("events", "/api/runs/" + r.id() + "/events");
            rows.add(m);
        }
        String permalink = "/labs/" + cheaplab.core.FormBinder.encode(lab.id()) + "/compare?runs=" + String.join(",", ids);
        return new Comparison(lab.id(), List.copyOf(rows), d.fields(), d.title(), permalink);
    }

    /** The ids, comma-separated, for the page's data-compare-runs. */
    public String ids() {
        return String.join(",", runs.stream().map(r -> (String) r.get("id")).toList());
    }
}
