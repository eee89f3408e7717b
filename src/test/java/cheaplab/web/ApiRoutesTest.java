package cheaplab.web;

import cheaplab.core.EventsJson;
import cheaplab.core.Json;
import cheaplab.core.RunEvent;
import cheaplab.core.RunStatus;
import cheaplab.testlabs.Await;
import cheaplab.testlabs.CountingLab;
import cheaplab.testlabs.Gates;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

class ApiRoutesTest {
    static WebHarness web;

    @BeforeAll
    static void start() {
        web = new WebHarness(1, 2);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode submit(String lab, String json) throws Exception {
        HttpResponse<String> r = web.postJson("/api/labs/" + lab + "/runs", json);
        assertEquals(202, r.statusCode(), r.body());
        return body(r);
    }

    /** Asserts a 400 naming the field. */
    private static JsonNode refused(String json, String field) throws Exception {
        HttpResponse<String> r = web.postJson("/api/labs/count/runs", json);
        assertEquals(400, r.statusCode(), json + " -> " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode b = body(r);
        assertEquals("invalid_config", b.get("error").asText(), r.body());
        assertEquals(field, b.get("field").asText(), r.body());
        assertTrue(b.get("message").asText().startsWith(field + ": "), r.body());
        return b;
    }

    @Test
    void postJsonQueuesARunAndGetShowsItsResult() throws Exception {
        JsonNode s = submit("count", "{\"points\": 20, \"seed\": 5}");
        String id = s.get("id").asText();
        assertEquals("count", s.get("lab").asText());
        assertTrue(List.of("queued", "running").contains(s.get("status").asText()));
        assertEquals("/api/runs/" + id, s.get("links").get("self").asText());
        assertEquals("/ws/runs/" + id, s.get("links").get("ws").asText());
        Await.terminal(web.runs, id);
        HttpResponse<String> g = web.get("/api/runs/" + id);
        assertEquals(200, g.statusCode());
        JsonNode run = body(g);
        assertEquals("finished", run.get("status").asText());
        assertEquals(20, run.get("config").get("points").asInt());
        assertEquals(5, run.get("result").get("config").get("seed").asInt(), "the result embeds its config");
        assertEquals(20, run.get("result").get("count").asInt());
        // the numbers, not the echoed config, show that the run used seed 5
        assertEquals(CountingLab.expectedValues(5, 20, 1.0)[19], run.get("result").get("last").asDouble(), 0.0,
                "the last value is seed 5's 20th draw");
        assertTrue(run.get("durationMs").asLong() >= 0);
        assertTrue(run.get("error").isNull());
        assertEquals(Json.write(web.runs.find(id).orElseThrow().result()), Json.write(run.get("result")));
    }

    @Test
    void emptyBodyMeansDefaults() throws Exception {
        String id = submit("count", "").get("id").asText();
        JsonNode run = body(web.get("/api/runs/" + id));
        assertEquals(100, run.get("config").get("points").asInt());
    }

    @Test
    void badConfigsAre400NamingTheField() throws Exception {
        refused("{\"scale\": \"NaN\"}", "scale");
        refused("{\"scale\": -1}", "scale");
        refused("{\"scale\": 1e300}", "scale");
        refused("{\"points\": 99999999999}", "points");
        refused("{\"points\": 2000000}", "points");
        refused("{\"points\": -5}", "points");
        refused("{\"rates\": [1e9]}", "rates");
        refused("{\"pionts\": 5}", "pionts");
        refused("{\"points\": \"ten\"}", "points");
        refused("{\"rates\": \"0.1\"}", "rates");
        refused("{\"rates\": [0.1, \"x\"]}", "rates");
        refused("{\"noisy\": \"yes\"}", "noisy");
        assertTrue(web.runs.history("count", 1000).stream().noneMatch(r -> r.config().get("scale").asDouble() < 0));
    }

    @Test
    void malformedJsonIs400NotA500() throws Exception {
        for (String bad : new String[]{"{", "{\"points\": }", "not json", "{\"a\":1} trailing", "[1,2]", "42", "{\"scale\": NaN}"}) {
            HttpResponse<String> r = web.postJson("/api/labs/count/runs", bad);
            assertEquals(400, r.statusCode(), bad + " -> " + r.body());
            JsonNode b = body(r);
            assertEquals("malformed_json", b.get("error").asText(), bad);
            assertTrue(b.get("field").isNull());
            assertFalse(b.get("message").asText().isBlank());
        }
    }

    @Test
    void unknownLabsAndRunsAre404() throws Exception {
        HttpResponse<String> lab = web.postJson("/api/labs/nope/runs", "{}");
        assertEquals(404, lab.statusCode());
        assertEquals("unknown_lab", body(lab).get("error").asText());
        assertEquals(404, web.get("/api/labs/nope").statusCode());
        assertEquals(404, web.get("/api/runs?lab=nope").statusCode());
        for (String p : new String[]{"/api/runs/nope", "/api/runs/nope/events", "/api/runs/nope/export.json", "/api/runs/nope/export.csv"}) {
            HttpResponse<String> r = web.get(p);
            assertEquals(404, r.statusCode(), p);
            assertEquals("unknown_run", body(r).get("error").asText());
        }
        assertEquals(404, web.delete("/api/runs/nope").statusCode());
    }

    @Test
    void deleteCancelsQueuedAndRunningRunsAnd409sEndedOnes() throws Exception {
        String g = "g-" + UUID.randomUUID();
        String running = submit("slow", "{\"gate\": \"" + g + "\", \"steps\": 100000, \"sleepMillis\": 1}").get("id").asText();
        Await.latch(Gates.arrived(g), "start");
        String queued = submit("count", "{}").get("id").asText();

        HttpResponse<String> cq = web.delete("/api/runs/" + queued);
        assertEquals(202, cq.statusCode(), cq.body());
        assertEquals("cancelled", body(cq).get("status").asText(), "a queued run is cancelled at once");
        assertTrue(body(cq).get("cancelRequested").asBoolean());

        HttpResponse<String> cr = web.delete("/api/runs/" + running);
        assertEquals(202, cr.statusCode());
        Await.record(web.runs, running, RunStatus.CANCELLED);

        HttpResponse<String> again = web.delete("/api/runs/" + running);
        assertEquals(409, again.statusCode());
        assertEquals("already_ended", body(again).get("error").asText());
        assertTrue(body(again).get("message").asText().contains("cancelled"));
        assertEquals("cancelled", body(web.get("/api/runs/" + queued)).get("status").asText());
    }

    @Test
    void fullQueueIs503WithRetryAfter() throws Exception {
        String g = "g-" + UUID.randomUUID();
        String running = submit("slow", "{\"gate\": \"" + g + "\"}").get("id").asText();
        Await.latch(Gates.arrived(g), "start");
        String a = submit("count", "{\"points\": 1}").get("id").asText();
        String b = submit("count", "{\"points\": 1}").get("id").asText();
        HttpResponse<String> full = web.postJson("/api/labs/count/runs", "{}");
        assertEquals(503, full.statusCode(), full.body());
        assertEquals("queue_full", body(full).get("error").asText());
        assertTrue(full.headers().firstValue("Retry-After").isPresent());
        Gates.open(g);
        for (String id : List.of(running, a, b)) Await.terminal(web.runs, id);
    }

    @Test
    void formPostsBindTheSameNames() throws Exception {
        HttpResponse<String> r = web.postForm("/api/labs/count/runs",
                "points=7&rates=1e-3%2C+0.1&sizes=5+6&_checkboxes=noisy&label=hi&mode=MEAN&seed=4&scale=2", false);
        assertEquals(202, r.statusCode(), r.body());
        String id = body(r).get("id").asText();
        JsonNode cfg = body(web.get("/api/runs/" + id)).get("config");
        assertEquals(7, cfg.get("points").asInt());
        assertEquals(List.of(0.001, 0.1), List.of(cfg.get("rates").get(0).asDouble(), cfg.get("rates").get(1).asDouble()));
        assertEquals(6, cfg.get("sizes").get(1).asInt());
        assertFalse(cfg.get("noisy").asBoolean(), "unchecked box of a form that declares it");
        assertEquals("MEAN", cfg.get("mode").asText());
        Await.terminal(web.runs, id);
    }

    @Test
    void htmxFormPostsGetHtmlFragments() throws Exception {
        HttpResponse<String> ok = web.postForm("/api/labs/count/runs", "points=3", true);
        assertEquals(202, ok.statusCode());
        assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String id = ok.headers().firstValue("Location").orElseThrow().replace("/api/runs/", "");
        assertTrue(ok.body().startsWith("<section class=\"run-panel\""), "the panel fragment, not a page: " + ok.body());
        assertTrue(ok.body().contains("data-run-id=\"" + id + "\""), ok.body());
        assertTrue(ok.body().contains("href=\"/api/runs/" + id + "/export.csv\""));

        HttpResponse<String> bad = web.postForm("/api/labs/count/runs", "scale=abc%3Cscript%3E", true);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(bad.body().contains("data-error-field=\"scale\""), bad.body());
        assertTrue(bad.body().contains("must be a number, was &#39;abc&lt;script&gt;&#39;"), "escaped: " + bad.body());
        assertFalse(bad.body().contains("<script>"), "escaped: " + bad.body());

        HttpResponse<String> unknownLab = web.postForm("/api/labs/nope/runs", "points=3", true);
        assertEquals(404, unknownLab.statusCode());
        assertTrue(unknownLab.body().contains("role=\"alert\"") && unknownLab.body().contains("nope"), unknownLab.body());
        Await.terminal(web.runs, id);

        HttpResponse<String> badJson = web.postForm("/api/labs/count/runs", "scale=abc", false);
        assertEquals(400, badJson.statusCode());
        assertEquals("scale", body(badJson).get("field").asText(), "no HX-Request: JSON");
    }

    @Test
    void historyIsMostRecentFirstWithLimitAndLabFilter() throws Exception {
        String a = submit("count", "{\"points\": 1}").get("id").asText();
        Await.terminal(web.runs, a);
        String b = submit("diverge", "{}").get("id").asText();
        Await.terminal(web.runs, b);
        JsonNode all = body(web.get("/api/runs?limit=2"));
        assertEquals(2, all.size());
        assertEquals(b, all.get(0).get("id").asText());
        assertEquals(a, all.get(1).get("id").asText());
        assertEquals("diverged", all.get(0).get("status").asText());
        assertEquals("loss became NaN at step 6", all.get(0).get("error").asText());
        assertFalse(all.get(0).has("result"), "summaries leave the result out");
        assertTrue(all.get(1).get("hasResult").asBoolean());
        JsonNode counts = body(web.get("/api/runs?lab=count"));
        for (JsonNode r : counts) assertEquals("count", r.get("lab").asText());
        assertEquals(a, counts.get(0).get("id").asText());
        for (String bad : new String[]{"limit=0", "limit=5000", "limit=x", "limit=-1"}) {
            HttpResponse<String> r = web.get("/api/runs?" + bad);
            assertEquals(400, r.statusCode(), bad);
            assertEquals("limit", body(r).get("field").asText());
        }
    }

    @Test
    void eventsAfterAndExports() throws Exception {
        String id = submit("count", "{\"points\": 12}").get("id").asText();
        List<RunEvent> events = Await.terminal(web.runs, id);
        JsonNode all = body(web.get("/api/runs/" + id + "/events"));
        assertEquals(events.size(), all.size());
        assertEquals(EventsJson.write(events), Json.write(all));
        assertEquals("started", all.get(0).get("type").asText(), "each event carries its type");
        assertEquals("finished", all.get(all.size() - 1).get("type").asText());
        JsonNode tail = body(web.get("/api/runs/" + id + "/events?after=10"));
        assertEquals(events.size() - 10, tail.size());
        assertEquals(11, tail.get(0).get("seq").asLong());
        assertEquals(400, web.get("/api/runs/" + id + "/events?after=x").statusCode());

        HttpResponse<String> ej = web.get("/api/runs/" + id + "/export.json");
        assertEquals(200, ej.statusCode());
        assertEquals("attachment; filename=\"run-" + id + ".json\"", ej.headers().firstValue("Content-Disposition").orElse(""));
        JsonNode exp = body(ej);
        assertEquals("finished", exp.get("run").get("status").asText());
        assertEquals(events.size(), exp.get("events").size());

        HttpResponse<String> ec = web.get("/api/runs/" + id + "/export.csv");
        assertEquals(200, ec.statusCode());
        assertTrue(ec.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals("attachment; filename=\"run-" + id + ".csv\"", ec.headers().firstValue("Content-Disposition").orElse(""));
        String[] lines = ec.body().split("\r\n");
        assertEquals("run_id,seq,series,i,value,tenth", lines[0]);
        assertEquals(13, lines.length, "header + 12 points");
        assertTrue(lines[1].startsWith(id + ",2,count,1,"));
    }

    @Test
    void labsListIdsTitlesDefaultsAndFields() throws Exception {
        JsonNode labs = body(web.get("/api/labs"));
        assertEquals(4, labs.size());
        JsonNode count = labs.get(0);
        assertEquals("count", count.get("id").asText());
        assertEquals("Counting", count.get("title").asText());
        assertEquals(100, count.get("defaults").get("points").asInt());
        assertEquals("list", count.get("fields").get(2).get("kind").asText());
        assertEquals("number", count.get("fields").get(2).get("element").asText());
        assertEquals("slow", body(web.get("/api/labs/slow")).get("id").asText());
    }

    @Test
    void unknownRoutesAreJson404AndNothingClientSentIsA500() throws Exception {
        assertEquals(404, web.get("/api/nothing-here").statusCode());
        int before = web.runs.history(null, 1000).size();
        HttpResponse<String> wrongType = web.send(HttpRequest.newBuilder(web.uri("/api/labs/count/runs"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"points\": 2}")));
        assertEquals(415, wrongType.statusCode(), "text/plain is what a foreign page can post without a preflight");
        assertEquals("Content-Type", body(wrongType).get("field").asText());
        assertEquals(before, web.runs.history(null, 1000).size(), "no run was queued");
        HttpResponse<String> huge = web.postJson("/api/labs/count/runs", "{\"label\": \"" + "x".repeat(2_000_000) + "\"}");
        assertEquals(413, huge.statusCode(), "oversized body: " + huge.statusCode());
        assertEquals("body_too_large", body(huge).get("error").asText());
        HttpResponse<String> deep = web.postJson("/api/labs/count/runs", "[".repeat(5000) + "]".repeat(5000));
        assertEquals(400, deep.statusCode(), "deeply nested JSON: " + deep.body());
    }

    @Test
    void runsDoNotBlockTheApi() throws Exception {
        String g = "g-" + UUID.randomUUID();
        String id = submit("slow", "{\"gate\": \"" + g + "\"}").get("id").asText();
        Await.latch(Gates.arrived(g), "start");
        long t0 = System.nanoTime();
        assertEquals(200, web.get("/api/runs/" + id).statusCode());
        assertEquals(200, web.get("/api/labs").statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() < 5000);
        assertEquals("running", body(web.get("/api/runs/" + id)).get("status").asText());
        Gates.open(g);
        Await.terminal(web.runs, id);
    }
}
