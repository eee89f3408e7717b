package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.testlabs.Await;
import cheaplab.testlabs.Gates;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/labs/{lab}/compare and the compare page: what a comparison holds, and every way of asking wrongly. */
class ComparisonRoutesTest {
    static WebHarness web;
    static String a;
    static String b;
    static String c;

    @BeforeAll
    static void start() throws Exception {
        web = new WebHarness(1, 8);
        a = submit("count", "{\"points\": 5, \"scale\": 1}");
        b = submit("count", "{\"points\": 5, \"scale\": 2}");
        c = submit("count", "{\"points\": 5, \"scale\": 4}");
        for (String id : List.of(a, b, c)) Await.terminal(web.runs, id);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static String submit(String lab, String json) throws Exception {
        HttpResponse<String> r = web.postJson("/api/labs/" + lab + "/runs", json);
        assertEquals(202, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body()).get("id").asText();
    }

    private static JsonNode refused(String path, int status) throws Exception {
        HttpResponse<String> r = web.get(path);
        assertEquals(status, r.statusCode(), path + " -> " + r.body());
        JsonNode e = Json.MAPPER.readTree(r.body());
        assertEquals("runs", e.get("field").asText(), r.body());
        return e;
    }

    @Test
    void aComparisonNamesEachRunByWhatSetsItApart() throws Exception {
        HttpResponse<String> r = web.get("/api/labs/count/compare?runs=" + a + "," + b + "&runs=" + c);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = Json.MAPPER.readTree(r.body());
        assertEquals("count", j.get("lab").asText());
        assertEquals("[\"scale\"]", j.get("fields").toString());
        assertEquals("scale = 1 vs 2 vs 4", j.get("title").asText());
        List<String> labels = new ArrayList<>();
        j.get("runs").forEach(x -> labels.add(x.get("label").asText()));
        assertEquals(List.of("scale = 1", "scale = 2", "scale = 4"), labels);
        assertEquals(a, j.get("runs").get(0).get("id").asText(), "in the order asked");
        assertEquals("/api/runs/" + a + "/events", j.get("runs").get(0).get("events").asText());
        assertEquals("/labs/count/compare?runs=" + a + "," + b + "," + c, j.get("permalink").asText());
    }

    @Test
    void badRequestsAreRefusedNamingRuns() throws Exception {
        assertTrue(refused("/api/labs/count/compare", 400).get("message").asText().contains("at least 2"));
        assertTrue(refused("/api/labs/count/compare?runs=" + a, 400).get("message").asText().contains("at least 2"));
        assertTrue(refused("/api/labs/count/compare?runs=" + a + ",," + a, 400).get("message").asText().contains("twice"));
        assertTrue(refused("/api/labs/count/compare?runs=1,2,3,4,5,6,7", 400).get("message").asText().contains("at most 6"));
        assertTrue(refused("/api/labs/count/compare?runs=" + a + ",nope", 404).get("message").asText().contains("no run with id nope"));
        String other = submit("slow", "{\"steps\": 1, \"sleepMillis\": 0}");
        Await.terminal(web.runs, other);
        assertTrue(refused("/api/labs/count/compare?runs=" + a + "," + other, 400).get("message").asText()
                .contains("belongs to the lab slow"));
        assertEquals(404, web.get("/api/labs/nolab/compare?runs=" + a + "," + b).statusCode());
    }

    @Test
    void aRunThatHasNotEndedCannotBeComparedYet() throws Exception {
        String g = "compare-" + System.nanoTime();
        String running = submit("slow", "{\"gate\": \"" + g + "\"}");
        try {
            Await.latch(Gates.arrived(g), "start");
            String other = submit("slow", "{\"steps\": 1, \"sleepMillis\": 0}");
            JsonNode e = refused("/api/labs/slow/compare?runs=" + other + "," + running, 400);
            assertTrue(e.get("message").asText().contains("has not ended yet"), e.toString());
        } finally {
            Gates.open(g);
        }
        Await.terminal(web.runs, running);
    }

    @Test
    void thePageShowsTheComparisonAndRefusesLikeTheApi() throws Exception {
        HttpResponse<String> ok = web.get("/labs/count/compare?runs=" + a + "&runs=" + b);
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("data-compare-runs=\"" + a + "," + b + "\""), ok.body());
        assertTrue(ok.body().contains("Comparing <span>scale = 1 vs 2</span>"), ok.body());
        HttpResponse<String> bad = web.get("/labs/count/compare?runs=" + a);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("Cannot compare these runs") && bad.body().contains("at least 2"), bad.body());
        assertEquals(404, web.get("/labs/count/compare?runs=" + a + ",missing").statusCode());
        // The history offers ended runs for comparison.
        String history = web.get("/labs/count/history").body();
        assertTrue(history.contains("name=\"runs\" value=\"" + a + "\""), history);
        assertTrue(history.contains("action=\"/labs/count/compare\""), history);
    }
}
