package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.RunRecord;
import cheaplab.testlabs.Await;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 13, deliverable 3: every kind of answer carries the security headers; 404/405 are JSON on the API and
 * escaped HTML on page paths; a wrong method on a known path is 405 with Allow.
 */
class SecurityHeadersTest {
    static WebHarness web;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        web = new WebHarness(1, 4);
        RunRecord r = web.runs.submit("count", Json.MAPPER.readTree("{\"points\": 3}"));
        Await.terminal(web.runs, r.id());
        id = r.id();
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static void hasSecurityHeaders(HttpResponse<String> r, boolean noStore) {
        String what = r.request().method() + " " + r.uri() + " " + r.statusCode();
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), what);
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null), what);
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), what);
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), what + ": " + csp);
        if (noStore) assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), what);
    }

    @Test
    void everyKindOfAnswerCarriesTheHeaders() throws Exception {
        for (String p : new String[]{"/", "/labs/count", "/labs/count/history", "/runs/" + id, "/runs/" + id + "/panel", "/api/labs",
                "/api/runs", "/api/runs/" + id, "/api/runs/" + id + "/events", "/api/runs/" + id + "/export.json",
                "/api/runs/" + id + "/export.csv", "/api/health", "/api/nothing", "/nothing", "/api/runs?limit=x"}) {
            HttpResponse<String> r = web.get(p);
            assertTrue(r.statusCode() < 500, p + " " + r.statusCode());
            hasSecurityHeaders(r, true);
        }
        for (String p : new String[]{"/css/app.css", "/js/main.js", "/favicon.svg"}) {
            HttpResponse<String> file = web.get(p);
            assertEquals(200, file.statusCode(), p);
            hasSecurityHeaders(file, false);
            assertNotEquals("no-store", file.headers().firstValue("Cache-Control").orElse(""), p + ": the static handler's caching");
        }
        HttpResponse<String> fragment = web.postForm("/api/labs/count/runs", "points=2", true);
        assertEquals(202, fragment.statusCode());
        hasSecurityHeaders(fragment, true);
        HttpResponse<String> badFragment = web.postForm("/api/labs/count/runs", "points=x", true);
        assertEquals(400, badFragment.statusCode());
        hasSecurityHeaders(badFragment, true);
        Await.terminal(web.runs, fragment.headers().firstValue("Location").orElseThrow().replace("/api/runs/", ""));
    }

    @Test
    void notFoundIsJsonOnTheApiAndEscapedHtmlOnPages() throws Exception {
        HttpResponse<String> api = web.get("/api/%3Cscript%3Ealert(1)%3C/script%3E");
        assertEquals(404, api.statusCode());
        assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("not_found", Json.MAPPER.readTree(api.body()).get("error").asText());
        for (String accept : new String[]{"text/html", "*/*"}) {
            HttpResponse<String> page = web.get("/x/%3Cscript%3Ealert(1)%3C/script%3E", "Accept", accept);
            assertEquals(404, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), accept + ": " + page.headers());
            assertFalse(page.body().contains("<script>alert"), page.body());
            assertTrue(page.body().contains("&lt;script&gt;") || page.body().contains("%3Cscript%3E"), "the path, escaped: " + page.body());
            hasSecurityHeaders(page, true);
        }
    }

    @Test
    void wrongMethodsOnKnownPathsAre405WithAllow() throws Exception {
        HttpResponse<String> del = web.delete("/api/labs");
        assertEquals(405, del.statusCode(), del.body());
        assertEquals("GET, HEAD", del.headers().firstValue("Allow").orElse(null));
        JsonNode b = Json.MAPPER.readTree(del.body());
        assertEquals("method_not_allowed", b.get("error").asText());
        hasSecurityHeaders(del, true);
        HttpResponse<String> put = web.send(HttpRequest.newBuilder(web.uri("/api/runs/" + id)).PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json"));
        assertEquals(405, put.statusCode(), put.body());
        String allow = put.headers().firstValue("Allow").orElse("");
        assertTrue(allow.contains("GET") && allow.contains("DELETE"), allow);
        HttpResponse<String> page = web.send(HttpRequest.newBuilder(web.uri("/labs/count")).DELETE().header("Accept", "text/html"));
        assertEquals(405, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertEquals("GET, HEAD", page.headers().firstValue("Allow").orElse(null));
        HttpResponse<String> getRuns = web.get("/api/labs/count/runs");
        assertEquals(200, getRuns.statusCode(), "the lab's runs are listed there too");
    }

    @Test
    void aRawAngleBracketInThePathIsEscapedToo() throws Exception {
        for (String accept : new String[]{"text/html", "*/*", "application/json"}) {
            RawHttp.Response r = web.raw().send("GET /<script>alert(1)</script> HTTP/1.1\nHost: x\nAccept: " + accept, new byte[0]);
            assertTrue(r.status() == 404 || r.status() == 400, r.status() + " " + r.body());
            assertFalse(r.body().contains("<script>"), accept + ": " + r.body());
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertFalse(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
        }
    }
}
