package cheaplab.web;

import cheaplab.core.ConfigSummaryTest;
import cheaplab.core.Json;
import cheaplab.core.RunRecord;
import cheaplab.core.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 13, deliverable 5: listings carry a summary of each config, not the config. One stored run whose config
 * holds ~1 MB of weights must not grow the listings, the history fragment or the lab page beyond a few KB; the
 * single-run answer and the export still have the whole config.
 */
class RunListingTest {
    static WebHarness web;
    static String heavy;
    static ObjectNode config;

    @BeforeAll
    static void start() {
        web = new WebHarness(1, 4);
        config = ConfigSummaryTest.withWeights();
        heavy = UUID.randomUUID().toString();
        Instant t = Instant.now();
        web.store.insert(new RunRecord(heavy, "count", 1, config, RunStatus.FINISHED, t, t, t, null, null));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void listingsElideTheWeights() throws Exception {
        for (String p : new String[]{"/api/runs", "/api/runs?lab=count", "/api/labs/count/runs"}) {
            HttpResponse<String> r = web.get(p);
            assertEquals(200, r.statusCode(), p);
            assertTrue(r.body().length() < 4000, p + " is " + r.body().length() + " chars");
            JsonNode run = null;
            for (JsonNode x : Json.MAPPER.readTree(r.body())) if (x.get("id").asText().equals(heavy)) run = x;
            assertNotNull(run, p + " lists the run");
            assertTrue(run.get("configElided").asBoolean(), p);
            assertTrue(run.get("config").get("weights").asText().startsWith("<elided: 3 arrays, "), run.toString());
            assertEquals(96, run.get("config").get("hidden").asInt(), "small values are kept");
        }
        for (String p : new String[]{"/labs/count/history", "/labs/count"}) {
            HttpResponse<String> r = web.get(p);
            assertEquals(200, r.statusCode(), p);
            assertTrue(r.body().length() < 60_000, p + " is " + r.body().length() + " chars");
            assertTrue(r.body().contains(heavy.substring(0, 8)), p + " lists the run");
        }
    }

    @Test
    void theRunItselfAndItsExportKeepTheWholeConfig() throws Exception {
        JsonNode run = Json.MAPPER.readTree(web.get("/api/runs/" + heavy).body());
        assertEquals(config, run.get("config"));
        JsonNode export = Json.MAPPER.readTree(web.get("/api/runs/" + heavy + "/export.json").body());
        assertEquals(config, export.get("run").get("config"));
    }
}
