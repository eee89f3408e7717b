package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunEvent;
import cheaplab.core.RunRecord;
import cheaplab.testlabs.Await;
import cheaplab.testlabs.CountingLab;
import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.StreamLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The run stream against real, independent WebSocket clients: Node 20's built-in WebSocket (undici), Python's
 * websockets, the JDK's java.net.http.WebSocket and headless Chromium, each against a server with permessage-deflate
 * and one without. Each run publishes small events and large ones (20 KB logs, a ~100 KB terminal event, all with
 * multi-byte UTF-8), while clients join at different points, some reconnecting with after=N; every client must get
 * every event from its start point to the terminal event exactly once, in order, then a 1000 close.
 */
class StreamClientsTest {
    static WebHarness deflate;
    static WebHarness plain;

    static LabCatalog labs() {
        return new LabCatalog(List.of(new StreamLab(), new CountingLab()));
    }

    @BeforeAll
    static void start() {
        // 100 sockets from one address: above the default per-client cap (tested in RunSocketTest)
        deflate = new WebHarness(labs(), new PlaceholderDataCatalog(), 2, 8, new SocketLimits(256, 512, true));
        plain = new WebHarness(labs(), new PlaceholderDataCatalog(), 2, 8, new SocketLimits(256, 512, false));
    }

    @AfterAll
    static void stop() {
        if (deflate != null) deflate.close();
        if (plain != null && plain != deflate) plain.close();
    }

    interface Client {
        List<StreamClients.Result> run(Map<String, Object> spec) throws Exception;
    }

    /** A run of about 2,000 events over a second or two, 10 KB and 100 KB events included. */
    static RunRecord submit(WebHarness web) throws Exception {
        return web.runs.submit("stream", Json.MAPPER.readTree(
                "{\"events\": 2000, \"bigEvery\": 100, \"bigBytes\": 20000, \"payloadBytes\": 100000, \"pauseEvery\": 50, \"pauseMillis\": 15}"));
    }

    /** {@code sockets} clients: a quarter from the start, a quarter from seq 300, a quarter ahead of the run, a quarter reconnecting. */
    static void stream(WebHarness web, Client client, int sockets) throws Exception {
        RunRecord r = submit(web);
        List<Long> after = new ArrayList<>();
        for (int i = 0; i < sockets; i++) after.add(switch (i % 4) { case 1 -> 300L; case 2 -> 1500L; default -> 0L; });
        // the reconnecting quarter: its own client batch (reconnectAfter applies to a whole batch)
        Map<String, Object> steady = StreamClients.spec(web.ws("/ws/runs/" + r.id()), sockets - sockets / 4, after.subList(0, sockets - sockets / 4), 0);
        Map<String, Object> reconnecting = StreamClients.spec(web.ws("/ws/runs/" + r.id()), sockets / 4, 0, 250);
        var a = java.util.concurrent.CompletableFuture.supplyAsync(() -> call(client, steady));
        var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> call(client, reconnecting));
        List<StreamClients.Result> steadyResults = a.get();
        List<StreamClients.Result> reconnectResults = b.get();
        List<RunEvent> all = Await.terminal(web.runs, r.id());
        long lastSeq = all.get(all.size() - 1).seq();
        assertInstanceOf(RunEvent.Finished.class, all.get(all.size() - 1));
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < steadyResults.size(); i++) check(bad, "socket " + i, steadyResults.get(i), after.get(i) + 1, lastSeq, 1);
        for (int i = 0; i < reconnectResults.size(); i++) check(bad, "reconnecting socket " + i, reconnectResults.get(i), 1, lastSeq, 2);
        assertTrue(bad.isEmpty(), bad.size() + " of " + sockets + " sockets failed (last seq " + lastSeq + "):\n" + String.join("\n", bad));
    }

    private static List<StreamClients.Result> call(Client c, Map<String, Object> spec) {
        try {
            return c.run(spec);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static void check(List<String> bad, String who, StreamClients.Result r, long from, long to, int connects) {
        boolean ok = r.error() == null && r.ranges().size() == 1 && r.ranges().get(0)[0] == from && r.ranges().get(0)[1] == to
                && "finished".equals(r.last()) && Integer.valueOf(1000).equals(r.code()) && "run ended".equals(r.reason())
                && r.connects() == connects;
        if (!ok) bad.add(who + ": expected [" + from + ".." + to + "], finished, close 1000 'run ended', connects " + connects + "; got " + r.describe());
    }

    @Test
    void node() throws Exception {
        StreamClients.require(StreamClients.nodeMissing());
        stream(deflate, StreamClients::node, 100);
    }

    @Test
    void jdk() throws Exception {
        stream(deflate, StreamClients::jdk, 100);
    }

    @Test
    void python() throws Exception {
        StreamClients.require(StreamClients.pythonMissing());
        stream(deflate, StreamClients::python, 100);
    }
}
