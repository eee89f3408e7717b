package cheaplab.web;

import cheaplab.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loopback-only server answers loopback Host names only: a foreign site re-pointed at 127.0.0.1 (DNS rebinding)
 * is same-origin with itself, so only its Host header gives it away. Reads, posts and stream upgrades are refused.
 */
class DnsRebindingTest {
    private static WebHarness web;

    @BeforeAll
    static void start() {
        OriginPolicy origins = new OriginPolicy(List.of("https://lab.example"));
        web = new WebHarness(1, 4, origins, HostPolicy.forBind("127.0.0.1", origins.allowedOrigins()));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static RawHttp.Response get(String path, String host) throws Exception {
        return web.raw().send("GET " + path + " HTTP/1.1\nHost: " + host, new byte[0]);
    }

    @Test
    void foreignNamesAreRefusedForReadsPostsAndStreams() throws Exception {
        for (String host : List.of("evil.example", "evil.example:" + web.app.port(), "127.0.0.1.evil.example", "localhost.evil.example")) {
            RawHttp.Response r = get("/api/runs", host);
            assertEquals(403, r.status(), host + ": " + r.body());
            JsonNode b = Json.MAPPER.readTree(r.body());
            assertEquals("host_not_allowed", b.get("error").asText());
            assertEquals("Host", b.get("field").asText());
            assertEquals(403, get("/", host).status(), "the home page too, " + host);
        }
        int before = web.runs.history(null, 1000).size();
        String body = "{\"points\": 3}";
        RawHttp.Response post = web.raw().send("POST /api/labs/count/runs HTTP/1.1\nHost: evil.example:" + web.app.port()
                + "\nOrigin: http://evil.example:" + web.app.port() + "\nContent-Type: application/json\nContent-Length: "
                + body.length(), body);
        assertEquals(403, post.status(), post.body());
        assertEquals(before, web.runs.history(null, 1000).size(), "no run was started");
        assertEquals(403, upgradeStatus("evil.example"), "no stream upgrade for a foreign Host");
        assertTrue(upgradeStatus("localhost:" + web.app.port()) != 403, "a loopback Host is not refused (the unknown run closes later)");
    }

    @Test
    void loopbackNamesAndAllowedOriginsAreAnswered() throws Exception {
        for (String host : List.of("localhost:" + web.app.port(), "127.0.0.1:" + web.app.port(), "127.0.0.1", "[::1]:" + web.app.port(),
                "lab.localhost", "lab.example")) {
            assertEquals(200, get("/api/runs", host).status(), host);
        }
    }

    @Test
    void aServerBoundElsewhereDoesNotCheck() {
        HostPolicy p = HostPolicy.forBind("0.0.0.0", Set.of());
        assertEquals(null, p.refusal("anything.example"));
        HostPolicy loop = HostPolicy.forBind("localhost", Set.of());
        assertTrue(loop.refusal("evil.example") != null);
        assertFalse(loop.refusal("evil.example").contains("\n"));
        assertEquals("[::1]", HostPolicy.hostName("[::1]:7070"));
        assertEquals("lab.example", HostPolicy.hostName("lab.example:443"));
    }

    /** The status line's code of a WebSocket handshake with this Host. */
    private static int upgradeStatus(String host) throws Exception {
        try (java.net.Socket sock = new java.net.Socket("127.0.0.1", web.app.port())) {
            sock.setSoTimeout(10_000);
            String req = "GET /ws/runs/nope HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            sock.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            java.io.InputStream in = sock.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) line.append((char) c);
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}
