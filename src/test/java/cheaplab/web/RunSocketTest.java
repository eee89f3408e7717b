package cheaplab.web;

import cheaplab.core.EventsJson;
import cheaplab.core.Json;
import cheaplab.core.RunEvent;
import cheaplab.core.RunRecord;
import cheaplab.testlabs.Await;
import cheaplab.testlabs.Gates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

class RunSocketTest {
    static WebHarness web;

    @BeforeAll
    static void start() {
        web = new WebHarness(2, 8);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static FrameClient connect(String path) throws Exception {
        return FrameClient.connect(web.ws(path));
    }

    private static RunRecord submit(String lab, String json) throws Exception {
        return web.runs.submit(lab, Json.MAPPER.readTree(json));
    }

    private static void assertContiguous(List<Long> seqs, long from, long to) {
        assertEquals(to - from + 1, seqs.size(), "events " + from + ".." + to);
        for (int i = 0; i < seqs.size(); i++) assertEquals(from + i, seqs.get(i));
    }

    @Test
    void lateConnectGetsTheReplayThenLiveEventsThenANormalClose() throws Exception {
        String g = "g-" + UUID.randomUUID();
        RunRecord r = submit("slow", "{\"gate\": \"" + g + "\", \"steps\": 300, \"sleepMillis\": 0}");
        Await.latch(Gates.arrived(g), "start");
        FrameClient c = connect("/ws/runs/" + r.id());
        Gates.open(g);
        Await.latch(c.terminal, "terminal event");
        Await.latch(c.closed, "close");
        List<RunEvent> all = Await.terminal(web.runs, r.id());
        assertContiguous(c.seqs(), 1, all.size());
        assertEquals("started", c.events.get(0).get("type").asText());
        assertEquals("finished", c.events.get(c.events.size() - 1).get("type").asText());
        assertEquals(EventsJson.write(all), Json.write(c.events), "the wire shape is the event JSON");
        assertEquals(1000, c.closeCode);
        assertEquals("run ended", c.closeReason);
    }

    @Test
    void reconnectWithAfterGetsTheRest() throws Exception {
        String g = "g-" + UUID.randomUUID();
        RunRecord r = submit("slow", "{\"gate\": \"" + g + "\", \"steps\": 2000, \"sleepMillis\": 0}");
        Await.latch(Gates.arrived(g), "start");
        FrameClient first = connect("/ws/runs/" + r.id());
        first.stopAfter = 1;
        Gates.open(g);
        Await.until(() -> first.events.size() >= 1, Duration.ofSeconds(10), "first event");
        Await.until(() -> web.runs.events(r.id(), 0).size() > 500, Duration.ofSeconds(10), "progress");
        first.abort(); // the tab closes
        long last = first.seqs().get(first.seqs().size() - 1);
        FrameClient again = connect("/ws/runs/" + r.id() + "?after=" + last);
        Await.latch(again.terminal, "terminal event");
        List<RunEvent> all = Await.terminal(web.runs, r.id());
        assertContiguous(again.seqs(), last + 1, all.size());

        // a finished run: replay from any point, then close
        FrameClient finished = connect("/ws/runs/" + r.id() + "?after=" + (all.size() - 3));
        Await.latch(finished.closed, "close");
        assertContiguous(finished.seqs(), all.size() - 2, all.size());
        // a client that already has everything is closed at once
        FrameClient done = connect("/ws/runs/" + r.id() + "?after=" + all.size());
        Await.latch(done.closed, "close");
        assertTrue(done.events.isEmpty());
        assertEquals(1000, done.closeCode);
    }

    @Test
    void unknownRunsAndBadAfterAreClosedWithAReason() throws Exception {
        FrameClient c = connect("/ws/runs/nope");
        Await.latch(c.closed, "close");
        assertEquals(RunSocket.UNKNOWN_RUN, c.closeCode);
        assertTrue(c.closeReason.contains("unknown run 'nope'"), c.closeReason);
        RunRecord r = submit("count", "{\"points\": 1}");
        FrameClient bad = connect("/ws/runs/" + r.id() + "?after=-3");
        Await.latch(bad.closed, "close");
        assertEquals(RunSocket.BAD_REQUEST, bad.closeCode);
        FrameClient bad2 = connect("/ws/runs/" + r.id() + "?after=abc");
        Await.latch(bad2.closed, "close");
        assertEquals(RunSocket.BAD_REQUEST, bad2.closeCode);
        Await.terminal(web.runs, r.id());
    }

    @Test
    void aClientThatVanishesMidRunBreaksNeitherTheRunNorAnotherClient() throws Exception {
        String g = "g-" + UUID.randomUUID();
        RunRecord r = submit("count", "{\"points\": 1}"); // warm-up so the worker is idle
        Await.terminal(web.runs, r.id());
        RunRecord run = submit("slow", "{\"gate\": \"" + g + "\", \"steps\": 3000, \"sleepMillis\": 0}");
        Await.latch(Gates.arrived(g), "start");

        FrameClient steady = connect("/ws/runs/" + run.id());
        // a raw TCP client that upgrades, then dies without a close frame
        Socket raw = new Socket("localhost", web.app.port());
        OutputStream out = raw.getOutputStream();
        String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII));
        out.write(("GET /ws/runs/" + run.id() + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] buf = new byte[256];
        assertTrue(raw.getInputStream().read(buf) > 0, "upgrade answered");
        // and a java client that stops reading after a few events, then aborts
        FrameClient stuck = connect("/ws/runs/" + run.id());
        stuck.stopAfter = 3;

        Gates.open(g);
        Await.latch(stuck.stopped, "stuck client read 3");
        raw.setSoLinger(true, 0);
        raw.close(); // RST: no close frame
        stuck.abort();

        Await.latch(steady.terminal, "the other client sees the end");
        List<RunEvent> all = Await.terminal(web.runs, run.id());
        assertInstanceOf(RunEvent.Finished.class, all.get(all.size() - 1), "the run finished normally");
        assertContiguous(steady.seqs(), 1, all.size());

        // the server is fine afterwards
        RunRecord next = submit("count", "{\"points\": 5}");
        FrameClient c = connect("/ws/runs/" + next.id());
        Await.latch(c.terminal, "next run");
        assertEquals("finished", c.events.get(c.events.size() - 1).get("type").asText());
    }

    @Test
    void aClientThatStopsReadingIsClosedAndTheRunGoesOn() throws Exception {
        RunSocket socket = RunSocket.create(web.runs, SocketLimits.DEFAULTS, 1000);
        io.javalin.Javalin app = io.javalin.Javalin.create(c -> {
            c.showJavalinBanner = false;
            socket.configure(c);
        });
        socket.routes(app);
        app.start(0);
        try {
            String g = "g-" + UUID.randomUUID();
            RunRecord r = submit("slow", "{\"gate\": \"" + g + "\", \"steps\": 60000, \"sleepMillis\": 0}");
            Await.latch(Gates.arrived(g), "start");
            FrameClient stuck = FrameClient.connect(java.net.URI.create("ws://localhost:" + app.port() + "/ws/runs/" + r.id()));
            stuck.stopAfter = 1;
            FrameClient reader = FrameClient.connect(java.net.URI.create("ws://localhost:" + app.port() + "/ws/runs/" + r.id()));
            Await.until(() -> socket.sessions() == 2, Duration.ofSeconds(10), "two sessions");
            Gates.open(g);
            Await.latch(reader.terminal, "the reading client gets everything");
            List<RunEvent> all = Await.terminal(web.runs, r.id());
            assertInstanceOf(RunEvent.Finished.class, all.get(all.size() - 1));
            assertContiguous(reader.seqs(), 1, all.size());
            // the stuck one was dropped (its buffers filled long before 60k events) and freed its session
            Await.until(() -> socket.sessions() == 0, Duration.ofSeconds(20), "sessions released");
            assertTrue(stuck.events.size() < all.size());
            stuck.abort();
        } finally {
            app.stop();
        }
    }

    @Test
    void manySimultaneousClientsEachGetEverythingInOrder() throws Exception {
        String g = "g-" + UUID.randomUUID();
        RunRecord r = submit("count", "{\"points\": 3000}");
        List<FrameClient> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(connect("/ws/runs/" + r.id() + (i % 2 == 0 ? "" : "?after=" + (i * 100))));
        }
        List<RunEvent> all = Await.terminal(web.runs, r.id());
        for (int i = 0; i < clients.size(); i++) {
            FrameClient c = clients.get(i);
            Await.latch(c.terminal, "client " + i);
            assertContiguous(c.seqs(), i % 2 == 0 ? 1 : i * 100 + 1, all.size());
        }
        Gates.open(g);
    }

    /** A server with its own socket limits over the shared run service. */
    private static io.javalin.Javalin server(RunSocket socket) {
        io.javalin.Javalin app = io.javalin.Javalin.create(c -> {
            c.showJavalinBanner = false;
            socket.configure(c);
        });
        socket.routes(app);
        return app.start(0);
    }

    @Test
    void socketsBeyondTheCapsAreRefusedWithAReasonAndFreedOnClose() throws Exception {
        RunSocket socket = RunSocket.create(web.runs, new SocketLimits(2, 3, false));
        io.javalin.Javalin app = server(socket);
        try {
            String g = "g-" + UUID.randomUUID();
            RunRecord r = submit("slow", "{\"gate\": \"" + g + "\", \"steps\": 5, \"sleepMillis\": 0}");
            Await.latch(Gates.arrived(g), "start");
            java.net.URI uri = java.net.URI.create("ws://127.0.0.1:" + app.port() + "/ws/runs/" + r.id());
            java.net.InetAddress a = java.net.InetAddress.getByName("127.0.0.1"), b = java.net.InetAddress.getByName("127.0.0.2");
            FrameClient a1 = FrameClient.connect(uri, a), a2 = FrameClient.connect(uri, a);
            Await.until(() -> socket.sessions() == 2, Duration.ofSeconds(10), "two sessions");
            FrameClient a3 = FrameClient.connect(uri, a);
            Await.latch(a3.closed, "third socket of one client refused");
            assertEquals(RunSocket.TOO_MANY_SOCKETS, a3.closeCode);
            assertTrue(a3.closeReason.contains("too many sockets") && a3.closeReason.contains("client") && a3.closeReason.contains("2"), a3.closeReason);
            FrameClient b1 = FrameClient.connect(uri, b); // another client still gets one: 3 in all
            Await.until(() -> socket.sessions() == 3, Duration.ofSeconds(10), "three sessions");
            FrameClient b2 = FrameClient.connect(uri, b);
            Await.latch(b2.closed, "fourth socket refused by the total cap");
            assertEquals(RunSocket.TOO_MANY_SOCKETS, b2.closeCode);
            assertTrue(b2.closeReason.contains("too many sockets") && b2.closeReason.contains("server") && b2.closeReason.contains("3"), b2.closeReason);
            assertEquals(3, socket.sessions());
            a1.abort(); // a tab dies: its place is free again
            Await.until(() -> socket.sessions() == 2, Duration.ofSeconds(10), "the dead socket released");
            FrameClient b3 = FrameClient.connect(uri, b);
            Await.until(() -> socket.sessions() == 3, Duration.ofSeconds(10), "a new socket admitted");
            Gates.open(g);
            for (FrameClient c : List.of(a2, b1, b3)) {
                Await.latch(c.closed, "end of the run");
                assertEquals(1000, c.closeCode, c.closeReason);
                assertEquals("finished", c.events.get(c.events.size() - 1).get("type").asText());
            }
            Await.until(() -> socket.sessions() == 0, Duration.ofSeconds(10), "all released");
            // and the counts are back to zero: a client may open its two again
            RunRecord next = submit("count", "{\"points\": 3}");
            FrameClient c1 = FrameClient.connect(uri.resolve("/ws/runs/" + next.id()), a), c2 = FrameClient.connect(uri.resolve("/ws/runs/" + next.id()), a);
            Await.latch(c1.closed, "c1");
            Await.latch(c2.closed, "c2");
            assertEquals(1000, c1.closeCode);
            assertEquals(1000, c2.closeCode);
        } finally {
            app.stop();
        }
    }

    /** The upgrade response to a client that offers permessage-deflate. */
    private static String upgradeOffering(int port, String path) throws Exception {
        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.setSoTimeout(5000);
            String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII));
            raw.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            var in = raw.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) break;
                head.append((char) c);
            }
            return head.toString();
        }
    }

    @Test
    void compressionIsNegotiatedOnlyWhenSwitchedOn() throws Exception {
        RunRecord r = submit("count", "{\"points\": 3}");
        Await.terminal(web.runs, r.id());
        for (boolean on : new boolean[]{true, false}) {
            io.javalin.Javalin app = server(RunSocket.create(web.runs, SocketLimits.DEFAULTS.withCompression(on)));
            try {
                String head = upgradeOffering(app.port(), "/ws/runs/" + r.id());
                assertTrue(head.startsWith("HTTP/1.1 101"), head);
                assertEquals(on, head.toLowerCase(java.util.Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate"), head);
            } finally {
                app.stop();
            }
        }
    }

    /** A bare client that answers pings only when told to: frames as (opcode, payload). */
    private static final class BareClient implements AutoCloseable {
        final Socket socket;
        final java.io.DataInputStream in;
        final OutputStream out;

        BareClient(int port, String path) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = new java.io.DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII));
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        }

        /** The next frame: [opcode, payload] (no fragmentation without extensions for these small events). */
        Object[] frame() throws Exception {
            int b0 = in.readUnsignedByte(), b1 = in.readUnsignedByte();
            long len = b1 & 0x7F;
            if (len == 126) len = in.readUnsignedShort();
            else if (len == 127) len = in.readLong();
            byte[] p = new byte[(int) len];
            in.readFully(p);
            return new Object[]{b0 & 0x0F, p};
        }

        void pong(byte[] payload) throws Exception {
            byte[] f = new byte[6 + payload.length];
            f[0] = (byte) 0x8A;
            f[1] = (byte) (0x80 | payload.length);
            for (int i = 0; i < payload.length; i++) f[6 + i] = payload[i]; // mask 0,0,0,0
            out.write(f);
            out.flush();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void eventsWaitForThePongToTheStartPingAndTheCloseForThePongToTheEndPing() throws Exception {
        RunRecord r = submit("count", "{\"points\": 5}");
        List<RunEvent> all = Await.terminal(web.runs, r.id());
        try (BareClient c = new BareClient(web.app.port(), "/ws/runs/" + r.id())) {
            Object[] f = c.frame();
            assertEquals(0x9, f[0], "the first frame is a ping");
            assertEquals("start", new String((byte[]) f[1], StandardCharsets.US_ASCII));
            // no pong yet: only repeated pings, no event (the replay is ready and waiting)
            long until = System.nanoTime() + 700_000_000L;
            int pings = 1;
            c.socket.setSoTimeout(300);
            while (System.nanoTime() < until) {
                try {
                    f = c.frame();
                } catch (java.net.SocketTimeoutException quiet) {
                    continue;
                }
                assertEquals(0x9, f[0], "nothing but pings before the pong");
                pings++;
            }
            assertTrue(pings >= 2, "the start ping is repeated while unanswered: " + pings);
            c.socket.setSoTimeout(10_000);
            c.pong("start".getBytes(StandardCharsets.US_ASCII));
            List<Long> seqs = new ArrayList<>();
            while (true) {
                f = c.frame();
                if ((int) f[0] == 0x9 && new String((byte[]) f[1], StandardCharsets.US_ASCII).equals("start")) continue; // a late repeat
                if ((int) f[0] == 0x9) break;
                assertEquals(0x1, f[0], "text events");
                seqs.add(Json.MAPPER.readTree((byte[]) f[1]).get("seq").asLong());
            }
            assertContiguous(seqs, 1, all.size());
            assertEquals("run ended", new String((byte[]) f[1], StandardCharsets.US_ASCII), "after the terminal event: the end ping");
            c.socket.setSoTimeout(500);
            assertThrows(java.net.SocketTimeoutException.class, c::frame, "no close frame before the pong");
            c.socket.setSoTimeout(10_000);
            c.pong("run ended".getBytes(StandardCharsets.US_ASCII));
            f = c.frame();
            assertEquals(0x8, f[0], "then the close frame");
            byte[] p = (byte[]) f[1];
            assertEquals(1000, ((p[0] & 0xFF) << 8) | (p[1] & 0xFF));
            assertEquals("run ended", new String(p, 2, p.length - 2, StandardCharsets.UTF_8));
        }
    }

    /**
     * The upgrade goes to RunSocket's Jetty endpoint, but Javalin still runs its upgrade handlers first (where an
     * Origin check belongs): one that refuses is obeyed.
     */
    @Test
    void javalinUpgradeHandlersStillDecideBeforeTheEndpoint() throws Exception {
        RunRecord r = submit("count", "{\"points\": 3}");
        Await.terminal(web.runs, r.id());
        RunSocket socket = RunSocket.create(web.runs, SocketLimits.DEFAULTS);
        io.javalin.Javalin app = io.javalin.Javalin.create(c -> {
            c.showJavalinBanner = false;
            socket.configure(c);
        });
        app.wsBeforeUpgrade(ctx -> {
            if ("http://evil.example".equals(ctx.header("Origin"))) throw new io.javalin.http.ForbiddenResponse("origin");
        });
        socket.routes(app);
        app.start(0);
        try {
            for (String origin : new String[]{"http://evil.example", "http://127.0.0.1"}) {
                try (Socket raw = new Socket("127.0.0.1", app.port())) {
                    raw.setSoTimeout(5000);
                    String key = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII));
                    raw.getOutputStream().write(("GET /ws/runs/" + r.id() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + origin
                            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] buf = new byte[12];
                    int n = raw.getInputStream().readNBytes(buf, 0, 12);
                    String status = new String(buf, 0, n, StandardCharsets.US_ASCII);
                    assertEquals(origin.contains("evil") ? "HTTP/1.1 403" : "HTTP/1.1 101", status, origin);
                }
            }
        } finally {
            app.stop();
        }
    }
}
