package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.linalg.NumericalSelfCheck;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthRouteTest {
    static WebHarness web;

    @BeforeAll
    static void start() {
        web = new WebHarness(1, 2);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void healthSaysTheSelfCheckPassedAndWhichOpenBlasKernelsRun() throws Exception {
        HttpResponse<String> r = web.get("/api/health");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode b = Json.MAPPER.readTree(r.body());
        assertEquals("ok", b.get("status").asText());
        assertTrue(b.get("selfCheck").get("passed").asBoolean());
        assertEquals(NumericalSelfCheck.report().checks().size(), b.get("selfCheck").get("checks").asInt());
        assertEquals(2, b.get("openblas").size(), r.body());
        for (JsonNode lib : b.get("openblas")) {
            assertTrue(lib.get("version").asText().matches("\\d+\\.\\d+\\.\\d+"), lib.toString());
            assertTrue(lib.get("threads").asInt() >= 1, lib.toString());
            assertTrue(lib.get("file").asText().startsWith("libopenblas"), lib.toString());
        }
        assertTrue(b.get("versions").get("openblas").asText().contains(b.get("openblas").get(0).get("core").asText()),
                "results' versions name the kernel: " + b.get("versions"));
    }

    @Test
    void aFailedSelfCheckAnswers503WithTheFailures() {
        var report = NumericalSelfCheck.run((routine, out) -> {
            if (routine.startsWith("dposv") && out.length > 0) out[0] += 1;
        });
        var body = HealthRoute.body(report);
        assertEquals("refusing to compute", body.get("status"));
        assertTrue(body.get("selfCheck").toString().contains("dposv"), body.toString());
    }
}
