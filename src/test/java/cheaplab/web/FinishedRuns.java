package cheaplab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Starting runs over the API and waiting for them, for browser tests that need finished runs before they open pages. */
final class FinishedRuns {
    private FinishedRuns() {}

    static String submit(WebHarness web, String lab, String config) throws Exception {
        var r = web.postJson("/api/labs/" + lab + "/runs", config);
        assertEquals(202, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body()).get("id").asText();
    }

    static void awaitEnd(WebHarness web, String id, Duration timeout) throws Exception {
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            JsonNode run = new ObjectMapper().readTree(web.get("/api/runs/" + id).body());
            String status = run.get("status").asText();
            if (status.equals("finished")) return;
            if (List.of("failed", "diverged", "cancelled", "interrupted").contains(status))
                throw new AssertionError("run " + id + " ended " + status + ": " + run.get("error"));
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not finish in " + timeout);
    }
}
