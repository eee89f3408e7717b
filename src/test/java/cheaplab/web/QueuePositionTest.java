package cheaplab.web;

import cheaplab.testlabs.Await;
import cheaplab.testlabs.Gates;
import cheaplab.core.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A queued run's panel and page say how many runs go before it; an ended one does not. */
class QueuePositionTest {
    static WebHarness web;

    @BeforeAll
    static void start() {
        web = new WebHarness(1, 8);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static String submit(String json) throws Exception {
        HttpResponse<String> r = web.postJson("/api/labs/slow/runs", json);
        assertEquals(202, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body()).get("id").asText();
    }

    @Test
    void queuedPanelsShowTheirPlaceInLine() throws Exception {
        String g = "queue-" + System.nanoTime();
        String running = submit("{\"gate\": \"" + g + "\"}");
        Await.latch(Gates.arrived(g), "start");
        String second = submit("{\"steps\": 1, \"sleepMillis\": 0}");
        String third = submit("{\"steps\": 1, \"sleepMillis\": 0}");
        try {
            String p2 = web.get("/runs/" + second + "/panel").body();
            String p3 = web.get("/runs/" + third + "/panel").body();
            assertTrue(p2.contains("Next in line"), p2);
            assertTrue(p3.contains("Waiting: 1 run go before this one."), p3);
            // The run page shows the same.
            assertTrue(web.get("/runs/" + third).body().contains("Waiting: 1 run go before this one."));
            assertEquals(1, web.runs.queuePosition(third));
            // What the panel polls: place and (no other run has finished on this fresh server) no estimate yet.
            JsonNode q = Json.MAPPER.readTree(web.get("/api/runs/" + third + "/queue").body());
            assertEquals("queued", q.get("status").asText());
            assertEquals(1, q.get("ahead").asInt());
            assertTrue(q.get("estimatedWaitSeconds").isNull() || q.get("estimatedWaitSeconds").asLong() >= 0, q.toString());
            assertTrue(q.get("message").asText().startsWith("Waiting: 1 run go before this one."), q.toString());
            assertEquals(-1, Json.MAPPER.readTree(web.get("/api/runs/" + running + "/queue").body()).get("ahead").asInt(), "running: not waiting");
        } finally {
            Gates.open(g);
        }
        Await.terminal(web.runs, third);
        String done = web.get("/runs/" + third + "/panel").body();
        assertTrue(!done.contains("go before"), done);
    }
}
