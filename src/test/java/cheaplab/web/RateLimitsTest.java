package cheaplab.web;

import cheaplab.core.InProcessJobQueue;
import cheaplab.core.Json;
import cheaplab.testlabs.TestLabs;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-client rate limits: the token bucket's arithmetic, and 429 + Retry-After per session over HTTP. */
class RateLimitsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBucketGivesItsBurstThenOneTokenPerIntervalAndSaysHowLongToWait() {
        RateLimits.Bucket b = new RateLimits.Bucket(0.5, 3, 0); // one token every 2 s, three at once
        for (int i = 0; i < 3; i++) assertEquals(0, b.take(0));
        assertEquals(2, b.take(0), "empty: the next token is 2 s away");
        assertEquals(1, b.take(SECOND), "half a token back after 1 s: 1 s more");
        assertEquals(0, b.take(2 * SECOND), "a whole token after 2 s");
        assertEquals(2, b.take(2 * SECOND));
        for (int i = 0; i < 3; i++) assertEquals(0, b.take(100 * SECOND), "refills to the burst, never past it");
        assertEquals(2, b.take(100 * SECOND));
    }

    @Test
    void eachSessionHasItsOwnBucketsAndIsToldWhenToRetry() throws Exception {
        try (WebHarness web = new WebHarness(TestLabs.catalog(), 1, 16, InstructorToken.of("rate-limits-token-0123456789"),
                InProcessJobQueue.OwnerLimits.NONE, new RateLimits.Settings(2, 2, 1, 8))) {
            SessionClient a = new SessionClient(web); // its first page is one request
            SessionClient b = new SessionClient(web);
            assertEquals(202, a.post("/api/labs/count/runs", "{\"points\": 1}").statusCode());
            assertEquals(202, a.post("/api/labs/count/runs", "{\"points\": 1}").statusCode());
            HttpResponse<String> third = a.post("/api/labs/count/runs", "{\"points\": 1}");
            assertEquals(429, third.statusCode(), third.body());
            long retry = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retry >= 1 && retry <= 30, "Retry-After " + retry);
            JsonNode e = Json.MAPPER.readTree(third.body());
            assertEquals("rate_limited", e.get("error").asText());
            assertTrue(e.get("message").asText().contains("runs at once"), e.get("message").asText());
            // Another participant (same address) is not held back by the first one's bursts.
            assertEquals(202, b.post("/api/labs/count/runs", "{\"points\": 1}").statusCode());
            // Other requests: a burst of 8 (one went on the first page), then 429 with a wait.
            int ok = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < 12; i++) {
                last = b.get("/api/runs");
                if (last.statusCode() == 200) ok++;
                else break;
            }
            assertEquals(7, ok);
            assertEquals(429, last.statusCode());
            assertTrue(last.headers().firstValue("Retry-After").isPresent());
            // Static files and the health probe are never counted.
            assertEquals(200, b.get("/js/main.js").statusCode());
            assertEquals(200, b.get("/api/health").statusCode());
        }
    }
}
