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
import org.openqa.selenium.chrome.ChromeDriver;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The run stream against real, independent WebSocket clients: Node 20's built-in WebSocket (undici), Python's
 * websockets, the JDK's java.net.http.WebSocket and headless Chromium, each against a server with permessage-deflate
 * and one without. Each run publishes small events and large ones (20 KB logs, a ~100 KB terminal event, all with
 * multi-byte UTF-8) while 100 sockets stream it: a quarter from the start, a quarter from 30% in, a quarter from
 * ahead of the run, a quarter that closes itself after 15% of the events and reconnects with after=N. Every
 * socket must get every event from its start point to the terminal event exactly once, in order, then a 1000 close.
 *
 * <p>A client that is not installed skips its test with the reason (fails under CI=true; {@code .ci/run} installs
 * them). Node needs {@code --experimental-websocket} on 20 (its WebSocket is built in from 22).
 */
class StreamClientsTest {
    static final int SOCKETS = 100;
    /** Python's websockets takes about 100 µs a message here: a shorter run keeps its tests to seconds. */
    static final int PYTHON_EVENTS = 300;
    static WebHarness deflate;
    static WebHarness plain;
    static ChromeDriver chromium;
    static Path profile;

    static LabCatalog labs() {
        return new LabCatalog(List.of(new StreamLab(), new CountingLab()));
    }

    @BeforeAll
    static void start() {
        // 100 sockets from one address: above the default per-client cap (the caps are tested in RunSocketTest)
        deflate = new WebHarness(labs(), new PlaceholderDataCatalog(), 2, 8, new SocketLimits(256, 512, true));
        plain = new WebHarness(labs(), new PlaceholderDataCatalog(), 2, 8, new SocketLimits(256, 512, false));
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.quit();
        if (profile != null) try (var s = Files.walk(profile)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (deflate != null) deflate.close();
        if (plain != null) plain.close();
    }

    interface Client {
        List<StreamClients.Result> run(Map<String, Object> spec) throws Exception;
    }

    /** {@code events} events over a second or so: points, 20 KB logs every 100, a ~100 KB terminal event. */
    static RunRecord submit(WebHarness web, int events) throws Exception {
        return web.runs.submit("stream", Json.MAPPER.readTree("{\"events\": " + events + ", \"bigEvery\": 100, \"bigBytes\": 20000, "
                + "\"payloadBytes\": 100000, \"pauseEvery\": " + events / 20 + ", \"pauseMillis\": 40}"));
    }

    /**
     * Streams one run to {@code SOCKETS} sockets of {@code client} and checks every socket; with {@code external} the
     * clients run outside this JVM, so its thread count is the server's: it must not grow with the sockets.
     */
    static void stream(WebHarness web, Client client, boolean external) throws Exception {
        stream(web, client, external, 1000);
    }

    static void stream(WebHarness web, Client client, boolean external, int events) throws Exception {
        RunRecord r = submit(web, events);
        List<Long> after = new ArrayList<>();
        List<Integer> reconnect = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            after.add(switch (i % 4) { case 1 -> events * 3L / 10; case 2 -> (long) events; default -> 0L; });
            reconnect.add(i % 4 == 3 ? events * 15 / 100 : 0);
        }
        int baseline = ManagementFactory.getThreadMXBean().getThreadCount();
        AtomicInteger peak = new AtomicInteger(baseline);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(ManagementFactory.getThreadMXBean().getThreadCount(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        List<StreamClients.Result> results;
        try {
            results = client.run(StreamClients.spec(web.ws("/ws/runs/" + r.id()), SOCKETS, after, reconnect));
        } finally {
            sampling.set(false);
            sampler.join();
        }
        List<RunEvent> all = Await.terminal(web.runs, r.id());
        RunEvent end = all.get(all.size() - 1);
        assertInstanceOf(RunEvent.Finished.class, end);
        assertTrue(Json.write(end).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 100_000, "the terminal event is large");
        long lastSeq = end.seq();
        assertEquals(SOCKETS, results.size());
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            check(bad, "socket " + i + " (after=" + after.get(i) + ", reconnect after " + reconnect.get(i) + ")", results.get(i),
                    after.get(i) + 1, lastSeq, reconnect.get(i) > 0 ? 2 : 1);
        }
        assertTrue(bad.isEmpty(), bad.size() + " of " + SOCKETS + " sockets failed (last seq " + lastSeq + "):\n" + String.join("\n", bad));
        if (external) {
            // Jetty's pool may grow to its cap (48) while 100 handshakes arrive at once; one thread per socket would be 100 more
            assertTrue(peak.get() - baseline < SOCKETS / 2, "server threads grew from " + baseline + " to " + peak.get() + " for " + SOCKETS + " sockets");
        }
    }

    static void check(List<String> bad, String who, StreamClients.Result r, long from, long to, int connects) {
        boolean ok = r.error() == null && r.ranges().size() == 1 && r.ranges().get(0)[0] == from && r.ranges().get(0)[1] == to
                && "finished".equals(r.last()) && Integer.valueOf(1000).equals(r.code()) && "run ended".equals(r.reason())
                && r.connects() == connects;
        if (!ok) bad.add(who + ": expected [" + from + ".." + to + "], finished, close 1000 'run ended', connects " + connects + "; got " + r.describe());
    }

    @Test
    void nodeWithCompression() throws Exception {
        StreamClients.require(StreamClients.nodeMissing());
        stream(deflate, StreamClients::node, true);
    }

    @Test
    void nodeWithoutCompression() throws Exception {
        StreamClients.require(StreamClients.nodeMissing());
        stream(plain, StreamClients::node, true);
    }

    @Test
    void pythonWithCompression() throws Exception {
        StreamClients.require(StreamClients.pythonMissing());
        stream(deflate, StreamClients::python, true, PYTHON_EVENTS);
    }

    @Test
    void pythonWithoutCompression() throws Exception {
        StreamClients.require(StreamClients.pythonMissing());
        stream(plain, StreamClients::python, true, PYTHON_EVENTS);
    }

    /** The JDK client offers no permessage-deflate: the compressing server must serve it uncompressed. */
    @Test
    void jdkAgainstBothServers() throws Exception {
        stream(deflate, StreamClients::jdk, false);
        stream(plain, StreamClients::jdk, false);
    }

    @Test
    void chromiumWithCompression() throws Exception {
        stream(deflate, spec -> chromium(deflate, spec), true);
    }

    @Test
    void chromiumWithoutCompression() throws Exception {
        stream(plain, spec -> chromium(plain, spec), true);
    }

    /** The same script as Node's, in a page of the server itself (so the socket's Origin is the server's). */
    static List<StreamClients.Result> chromium(WebHarness web, Map<String, Object> spec) throws Exception {
        Browsers.require();
        if (chromium == null) {
            profile = Files.createTempDirectory("chromium-ws");
            chromium = Browsers.start(profile, 800, 600);
            chromium.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        }
        chromium.get(web.url("/api/health"));
        String script = StreamClients.resource("stream-clients.js")
                + "\nconst done = arguments[arguments.length - 1];"
                + "\nstreamClients(arguments[0]).then(r => done(JSON.stringify(r)), e => done(JSON.stringify(String(e))));";
        Object out = chromium.executeAsyncScript(script, spec);
        return StreamClients.parse((String) out);
    }
}
