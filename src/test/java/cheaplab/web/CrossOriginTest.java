package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.RunRecord;
import cheaplab.core.RunStatus;
import cheaplab.testlabs.Await;
import cheaplab.testlabs.Gates;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 13, deliverable 2: a foreign page cannot drive the lab through the user's browser. What a browser sends
 * for a cross-site request (Origin, Sec-Fetch-Site) is sent here by hand; the refused requests change nothing.
 */
class CrossOriginTest {
    static final String EVIL = "http://evil.example";
    static WebHarness web;
    static WebHarness proxied;

    @BeforeAll
    static void start() {
        web = new WebHarness(1, 4);
        proxied = new WebHarness(1, 4, new OriginPolicy(List.of("https://lab.example")));
    }

    @AfterAll
    static void stop() {
        web.close();
        proxied.close();
    }

    private static int runCount(WebHarness w) {
        return w.runs.history(null, 1000).size();
    }

    private static RawHttp.Response post(WebHarness w, String contentType, String body, String... headers) throws Exception {
        StringBuilder head = new StringBuilder("POST /api/labs/count/runs HTTP/1.1\nHost: 127.0.0.1:" + w.app.port()
                + "\nContent-Type: " + contentType + "\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length);
        for (String h : headers) head.append('\n').append(h);
        return w.raw().send(head.toString(), body);
    }

    private static void forbidden(RawHttp.Response r, String field) throws Exception {
        assertEquals(403, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        JsonNode b = Json.MAPPER.readTree(r.body());
        assertEquals("cross_origin", b.get("error").asText());
        assertEquals(field, b.get("field").asText());
    }

    @Test
    void crossOriginTextPlainAndFormPostsQueueNothing() throws Exception {
        int before = runCount(web);
        forbidden(post(web, "text/plain", "{\"points\": 3}", "Origin: " + EVIL), "Origin");
        forbidden(post(web, "application/x-www-form-urlencoded", "points=3", "Origin: " + EVIL), "Origin");
        forbidden(post(web, "multipart/form-data; boundary=X", "--X\r\nContent-Disposition: form-data; name=\"points\"\r\n\r\n3\r\n--X--\r\n",
                "Origin: " + EVIL), "Origin");
        forbidden(post(web, "application/x-www-form-urlencoded", "points=3", "Origin: " + EVIL, "Sec-Fetch-Site: cross-site"), "Sec-Fetch-Site");
        forbidden(post(web, "application/x-www-form-urlencoded", "points=3", "Sec-Fetch-Site: same-site"), "Sec-Fetch-Site");
        forbidden(post(web, "application/x-www-form-urlencoded", "points=3", "Origin: null"), "Origin");
        // another port on this very machine is another origin
        forbidden(post(web, "application/json", "{}", "Origin: http://127.0.0.1:" + (web.app.port() == 1 ? 2 : web.app.port() - 1)), "Origin");
        assertEquals(before, runCount(web), "no run was queued");
    }

    @Test
    void sameOriginAndNonBrowserPostsAreAccepted() throws Exception {
        int before = runCount(web);
        List<RawHttp.Response> ok = List.of(
                post(web, "application/x-www-form-urlencoded", "points=2", "Origin: " + web.origin()),
                post(web, "application/json", "{\"points\": 2}", "Origin: " + web.origin(), "Sec-Fetch-Site: same-origin"),
                // a proxy that rewrites Host: the browser's Sec-Fetch-Site decides
                post(web, "application/json", "{\"points\": 2}", "Origin: https://somewhere.example", "Sec-Fetch-Site: same-origin"),
                post(web, "application/json", "{\"points\": 2}")); // curl: no Origin
        for (RawHttp.Response r : ok) {
            assertEquals(202, r.status(), r.body());
            Await.terminal(web.runs, Json.MAPPER.readTree(r.body()).get("id").asText());
        }
        assertEquals(before + ok.size(), runCount(web));
    }

    @Test
    void aCrossOriginDeleteDoesNotCancelTheRun() throws Exception {
        String g = "g-" + UUID.randomUUID();
        RunRecord r = web.runs.submit("slow", Json.MAPPER.readTree("{\"gate\": \"" + g + "\", \"steps\": 100000, \"sleepMillis\": 1}"));
        Await.latch(Gates.arrived(g), "start");
        RawHttp.Response del = web.raw().send("DELETE /api/runs/" + r.id() + " HTTP/1.1\nHost: 127.0.0.1:" + web.app.port()
                + "\nOrigin: " + EVIL, new byte[0]);
        forbidden(del, "Origin");
        Thread.sleep(300);
        assertEquals(RunStatus.RUNNING, web.runs.find(r.id()).orElseThrow().status(), "still running, not cancelled");
        RawHttp.Response own = web.raw().send("DELETE /api/runs/" + r.id() + " HTTP/1.1\nHost: 127.0.0.1:" + web.app.port()
                + "\nOrigin: " + web.origin(), new byte[0]);
        assertEquals(202, own.status(), own.body());
        Await.record(web.runs, r.id(), RunStatus.CANCELLED);
    }

    @Test
    void theAllowListAdmitsAProxysOriginAndNoOther() throws Exception {
        int before = runCount(proxied);
        RawHttp.Response ok = post(proxied, "application/json", "{\"points\": 2}", "Origin: https://lab.example");
        assertEquals(202, ok.status(), ok.body());
        Await.terminal(proxied.runs, Json.MAPPER.readTree(ok.body()).get("id").asText());
        RawHttp.Response listedCrossSite = post(proxied, "application/json", "{\"points\": 2}", "Origin: https://LAB.example:443",
                "Sec-Fetch-Site: cross-site");
        assertEquals(202, listedCrossSite.status(), "listed origins are trusted whatever Sec-Fetch-Site says: " + listedCrossSite.body());
        Await.terminal(proxied.runs, Json.MAPPER.readTree(listedCrossSite.body()).get("id").asText());
        forbidden(post(proxied, "application/json", "{}", "Origin: https://other.example"), "Origin");
        forbidden(post(proxied, "application/json", "{}", "Origin: http://lab.example"), "Origin"); // scheme matters
        assertEquals(before + 2, runCount(proxied));
        assertEquals(403, upgrade(proxied, "/ws/runs/nope", "https://other.example"));
        assertEquals(101, upgrade(proxied, "/ws/runs/nope", "https://lab.example"));
    }

    @Test
    void aWebSocketUpgradeFromAForeignOriginIsRefusedBeforeTheUpgrade() throws Exception {
        RunRecord r = web.runs.submit("count", Json.MAPPER.readTree("{\"points\": 3}"));
        Await.terminal(web.runs, r.id());
        assertEquals(403, upgrade(web, "/ws/runs/" + r.id(), EVIL));
        assertEquals(403, upgrade(web, "/ws/runs/" + r.id(), "null"));
        assertEquals(101, upgrade(web, "/ws/runs/" + r.id(), web.origin()));
        assertEquals(101, upgrade(web, "/ws/runs/" + r.id(), null), "non-browser clients send no Origin");
        // the refusal is the JSON error shape with the security headers
        try (Socket s = handshake(web, "/ws/runs/" + r.id(), EVIL)) {
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
            int length = Integer.parseInt(head.toString().replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
            String answer = head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
            assertTrue(answer.contains("\"error\":\"cross_origin\""), answer);
            assertTrue(answer.contains("X-Content-Type-Options: nosniff"), answer);
        }
    }

    /** The status of a WebSocket handshake. */
    private static int upgrade(WebHarness w, String path, String origin) throws Exception {
        try (Socket s = handshake(w, path, origin)) {
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }

    private static Socket handshake(WebHarness w, String path, String origin) throws Exception {
        Socket s = new Socket("127.0.0.1", w.app.port());
        s.setSoTimeout(10_000);
        String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + w.app.port() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }
}
