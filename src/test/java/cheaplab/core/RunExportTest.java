package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RunExportTest {

    private static Map<String, Object> values(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private final List<RunEvent> events = List.of(
            new RunEvent.Started("r1", 1, 1, 0, "count", Json.tree(Map.of("a", 1))),
            new RunEvent.Point("r1", 1, 2, 0, "risk", values("lambda", 0.001, "testRisk", 1.5)),
            new RunEvent.Progress("r1", 1, 3, 0, 0.5, "half"),
            new RunEvent.Point("r1", 1, 4, 0, "risk", values("lambda", 0.1, "testRisk", Double.NaN, "rank", 7)),
            new RunEvent.Point("r1", 1, 5, 0, "mark, \"x\"", values("kind", "corner, \"best\"\nline", "lambda", 1e-7, "ok", true,
                    "nested", List.of(1, 2))),
            new RunEvent.Finished("r1", 1, 6, 0, Json.tree(Map.of("x", 1))));

    @Test
    void csvHasOneRowPerPointAndTheUnionOfKeys() {
        String csv = RunExport.csv(events);
        assertTrue(csv.endsWith("\r\n"));
        List<List<String>> rows = parse(csv);
        assertEquals(List.of("run_id", "seq", "series", "lambda", "testRisk", "rank", "kind", "ok", "nested"), rows.get(0));
        assertEquals(4, rows.size(), "header + 3 points");
        assertEquals(List.of("r1", "2", "risk", "0.001", "1.5", "", "", "", ""), rows.get(1));
        assertEquals(List.of("r1", "4", "risk", "0.1", "", "7", "", "", ""), rows.get(2), "NaN is an empty cell");
        assertEquals(List.of("r1", "5", "mark, \"x\"", "1.0E-7", "", "", "corner, \"best\"\nline", "true", "[1,2]"), rows.get(3));
        assertTrue(csv.contains("\"mark, \"\"x\"\"\""), "RFC 4180 quoting: " + csv);
        assertEquals(1e-7, Double.parseDouble(rows.get(3).get(3)));
    }

    @Test
    void csvOfARunWithoutPointsIsJustTheHeader() {
        assertEquals("run_id,seq,series\r\n", RunExport.csv(List.of()));
    }

    @Test
    void jsonHasTheRecordTheResultAndEveryEvent() throws Exception {
        RunRecord r = new RunRecord("r1", "count", 1, Json.tree(Map.of("a", 1)), RunStatus.FINISHED,
                Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:00:01Z"), Instant.parse("2024-05-01T10:00:03.5Z"),
                Json.tree(Map.of("x", 1)), null);
        JsonNode j = Json.MAPPER.readTree(Json.write(RunExport.json(r, events)));
        JsonNode run = j.get("run");
        assertEquals("r1", run.get("id").asText());
        assertEquals("finished", run.get("status").asText());
        assertEquals("2024-05-01T10:00:00Z", run.get("created").asText());
        assertEquals(2500, run.get("durationMs").asLong());
        assertEquals(1, run.get("result").get("x").asInt());
        assertEquals(1, run.get("config").get("a").asInt());
        assertTrue(run.get("error").isNull());
        assertEquals(6, j.get("events").size());
        for (int i = 0; i < 6; i++) assertEquals(i + 1, j.get("events").get(i).get("seq").asLong());
        assertEquals("point", j.get("events").get(1).get("type").asText());
        assertTrue(j.get("events").get(3).get("values").get("testRisk").isNull(), "NaN → null");
        assertEquals(events.get(4), Json.MAPPER.treeToValue(j.get("events").get(4), RunEvent.class));
    }

    /** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes and embedded line breaks). */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') { f.append('"'); i += 2; continue; }
                if (c == '"') { quoted = false; i++; continue; }
                f.append(c);
                i++;
                continue;
            }
            if (c == '"' && f.length() == 0) { quoted = true; i++; continue; }
            if (c == ',') { row.add(f.toString()); f.setLength(0); i++; continue; }
            if (c == '\r') {
                assertEquals('\n', csv.charAt(i + 1), "CRLF");
                row.add(f.toString());
                f.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
                continue;
            }
            assertNotEquals('\n', c, "bare LF outside quotes");
            f.append(c);
            i++;
        }
        assertTrue(row.isEmpty() && f.length() == 0, "ends with CRLF");
        return rows;
    }
}
