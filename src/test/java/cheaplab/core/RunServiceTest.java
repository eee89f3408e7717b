package cheaplab.core;

import cheaplab.testlabs.Await;
import cheaplab.testlabs.CountingLab;
import cheaplab.testlabs.Gates;
import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.TestLabs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class RunServiceTest {
    private final JdbcRunStore store = TestLabs.memoryStore();
    private RunService service = service(1, 4);

    private RunService service(int workers, int queue) {
        return new RunService(TestLabs.catalog(), store, new PlaceholderDataCatalog(),
                new RunService.Settings(workers, queue, Duration.ofSeconds(5)));
    }

    @AfterEach
    void close() {
        service.close();
        store.close();
    }

    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String gate() {
        return "g-" + UUID.randomUUID();
    }

    @Test
    void finishedRunHasOrderedEventsAndItsResult() throws Exception {
        RunRecord r = service.submit("count", json("{\"points\": 50, \"seed\": 3}"));
        assertEquals(RunStatus.QUEUED, r.status());
        assertEquals("count", r.lab());
        assertEquals(50, r.config().get("points").asInt());
        assertEquals(1.0, r.config().get("scale").asDouble(), "canonical config: defaults filled in");
        List<RunEvent> events = Await.terminal(service, r.id());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).seq());
            assertEquals(r.id(), events.get(i).runId());
            assertEquals(1, events.get(i).attempt());
        }
        assertInstanceOf(RunEvent.Started.class, events.get(0));
        assertEquals(r.config(), ((RunEvent.Started) events.get(0)).config());
        assertEquals(50, events.stream().filter(e -> e instanceof RunEvent.Point).count());
        assertTrue(events.stream().anyMatch(e -> e instanceof RunEvent.Log l && l.message().equals("counted 50")));
        RunEvent.Finished fin = assertInstanceOf(RunEvent.Finished.class, events.get(events.size() - 1));
        CountingLab.Config cfg = ConfigBinder.bind(new CountingLab(), r.config());
        JsonNode expected = Json.tree(new CountingLab().run(cfg, new LiveRunContext("x", 1, 3, null, e -> {}, () -> false, null)));
        assertEquals(Json.write(expected), Json.write(fin.result()), "the result is the lab's result as JSON");

        RunRecord done = service.find(r.id()).orElseThrow();
        assertEquals(RunStatus.FINISHED, done.status());
        assertEquals(fin.result(), done.result());
        assertNotNull(done.started());
        assertNotNull(done.finished());
        assertFalse(done.finished().isBefore(done.started()));
        assertNull(done.error());
        assertEquals(events, service.events(r.id(), 0));
        assertEquals(events.subList(10, events.size()), service.events(r.id(), 10));
    }

    @Test
    void sameConfigGivesIdenticalResultJson() throws Exception {
        String cfg = "{\"points\": 200, \"seed\": 11}";
        RunRecord a = service.submit("count", json(cfg));
        RunRecord b = service.submit("count", json(cfg));
        List<RunEvent> ea = Await.terminal(service, a.id()), eb = Await.terminal(service, b.id());
        assertEquals(Json.write(service.find(a.id()).orElseThrow().result()), Json.write(service.find(b.id()).orElseThrow().result()));
        RunRecord c = service.submit("count", json("{\"points\": 200, \"seed\": 12}"));
        List<RunEvent> ec = Await.terminal(service, c.id());
        // The seed matters: compare what the lab computed (the series and the result without its embedded config,
        // which holds the seed and so would differ whatever the lab did).
        double[] va = values(ea), vb = values(eb), vc = values(ec);
        assertEquals(200, va.length);
        assertArrayEquals(va, vb, 0.0, "same seed, same numbers");
        for (int i = 0; i < va.length; i++) assertNotEquals(va[i], vc[i], "point " + (i + 1) + ": another seed, another value");
        JsonNode ra = computed(service.find(a.id()).orElseThrow().result()), rc = computed(service.find(c.id()).orElseThrow().result());
        assertNotEquals(ra.get("sum").asDouble(), rc.get("sum").asDouble(), "the seed matters");
        assertNotEquals(ra.get("last").asDouble(), rc.get("last").asDouble(), "the seed matters");
    }

    @Test
    void submitRefusesUnknownLabsAndBadConfigs() {
        assertThrows(UnknownLabException.class, () -> service.submit("nope", json("{}")));
        ConfigException e = assertThrows(ConfigException.class, () -> service.submit("count", json("{\"scale\": -2}")));
        assertEquals("scale", e.field());
        assertThrows(MalformedConfigException.class, () -> service.submit("count", json("[1]")));
        assertTrue(service.history(null, 10).isEmpty(), "refused submissions leave no trace");
    }

    @Test
    void everyKindOfLabFailureEndsAsFailedAndTheWorkerSurvives() throws Exception {
        String[][] cases = {
                {"runtime", "IllegalStateException: matrix is singular"},
                {"error", "AssertionError: invariant broken"},
                {"stackoverflow", "StackOverflowError"},
                {"oom", "OutOfMemoryError"},
                {"data", "data set 'mnist' is not on this machine. Place the files in data/mnist by hand."},
                {"multiline", "IllegalArgumentException: line one line two line three"},
                {"checked", "IOException: disk on fire"},
                {"unserialisable", "IllegalStateException: the lab's result is not JSON-serialisable"},
        };
        for (String[] c : cases) {
            RunRecord r = service.submit("throw", json("{\"kind\": \"" + c[0] + "\"}"));
            List<RunEvent> events = Await.terminal(service, r.id());
            RunEvent.Failed f = assertInstanceOf(RunEvent.Failed.class, events.get(events.size() - 1), c[0]);
            assertTrue(f.reason().startsWith(c[1]), c[0] + ": " + f.reason());
            assertFalse(f.reason().contains("\n"), "one line");
            assertTrue(events.stream().anyMatch(e -> e instanceof RunEvent.Point), "history before the failure kept");
            RunRecord rec = service.find(r.id()).orElseThrow();
            assertEquals(RunStatus.FAILED, rec.status());
            assertEquals(f.reason(), rec.error());
            assertNull(rec.result());
        }
        RunRecord ok = service.submit("count", json("{\"points\": 3}"));
        assertInstanceOf(RunEvent.Finished.class, last(Await.terminal(service, ok.id())), "the single worker still works");
    }

    @Test
    void divergedKeepsItsHistory() throws Exception {
        RunRecord r = service.submit("diverge", json("{\"before\": 4}"));
        List<RunEvent> events = Await.terminal(service, r.id());
        RunEvent.Diverged d = assertInstanceOf(RunEvent.Diverged.class, last(events));
        assertEquals("loss became NaN at step 5", d.reason());
        assertEquals(4, events.stream().filter(e -> e instanceof RunEvent.Point).count());
        RunRecord rec = service.find(r.id()).orElseThrow();
        assertEquals(RunStatus.DIVERGED, rec.status());
        assertEquals("loss became NaN at step 5", rec.error());
        Await.until(() -> store.find(r.id()).orElseThrow().status() == RunStatus.DIVERGED, Duration.ofSeconds(10), "stored outcome");
        assertEquals(events, store.events(r.id(), 0), "history stored (events are written before the outcome)");
    }

    @Test
    void queueBoundAndCancellingQueuedAndRunningRuns() throws Exception {
        String g = gate();
        RunRecord running = service.submit("slow", json("{\"gate\": \"" + g + "\", \"steps\": 1000, \"sleepMillis\": 1}"));
        Await.latch(Gates.arrived(g), "the first run to start");
        List<RunRecord> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) queued.add(service.submit("count", json("{\"points\": 1}")));
        assertEquals(4, service.waiting());
        QueueFullException full = assertThrows(QueueFullException.class, () -> service.submit("count", json("{}")));
        assertTrue(full.getMessage().contains("4"));
        assertEquals(5, service.history(null, 100).size(), "the refused run is not in the history");

        // cancel a queued run: it leaves the queue at once, with one cancelled event (seq 1)
        RunRecord q = queued.get(1);
        assertTrue(service.cancel(q.id()));
        assertEquals(3, service.waiting());
        assertEquals(RunStatus.CANCELLED, service.find(q.id()).orElseThrow().status());
        List<RunEvent> qe = Await.terminal(service, q.id());
        assertEquals(1, qe.size());
        assertInstanceOf(RunEvent.Cancelled.class, qe.get(0));
        assertEquals(1, qe.get(0).seq());
        assertFalse(service.cancel(q.id()), "already ended");
        assertNull(service.find(q.id()).orElseThrow().started());

        // room again
        RunRecord extra = service.submit("count", json("{\"points\": 1}"));

        // cancel the running run: the lab sees the flag at its next check
        assertEquals(RunStatus.RUNNING, service.find(running.id()).orElseThrow().status());
        assertTrue(service.cancel(running.id()));
        List<RunEvent> re = Await.terminal(service, running.id());
        assertInstanceOf(RunEvent.Started.class, re.get(0));
        assertInstanceOf(RunEvent.Cancelled.class, last(re));
        assertEquals(RunStatus.CANCELLED, service.find(running.id()).orElseThrow().status());
        assertFalse(service.cancel("no-such-run"));

        for (RunRecord r : List.of(queued.get(0), queued.get(2), queued.get(3), extra))
            assertInstanceOf(RunEvent.Finished.class, last(Await.terminal(service, r.id())));
    }

    @Test
    void subscribeGetsReplayThenLiveWithNoGapWhileARunEmitsThousandsOfPoints() throws Exception {
        int points = 20_000;
        RunRecord r = service.submit("count", json("{\"points\": " + points + "}"));
        Random rnd = new Random(5);
        List<List<RunEvent>> received = new ArrayList<>();
        List<Long> afters = new ArrayList<>();
        List<CountDownLatch> done = new ArrayList<>();
        List<Runs.Subscription> subs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long after = i % 4 == 0 ? 0 : rnd.nextInt(points);
            List<RunEvent> got = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch l = new CountDownLatch(1);
            subs.add(service.subscribe(r.id(), after, e -> {
                got.add(e);
                if (e.terminal()) l.countDown();
            }));
            received.add(got);
            afters.add(after);
            done.add(l);
            Thread.sleep(rnd.nextInt(3));
        }
        List<RunEvent> all = Await.terminal(service, r.id());
        for (int i = 0; i < received.size(); i++) {
            Await.latch(done.get(i), "subscriber " + i);
            List<RunEvent> got = received.get(i);
            long after = afters.get(i);
            assertEquals(all.size() - after, got.size(), "subscriber after " + after);
            for (int k = 0; k < got.size(); k++) assertEquals(after + 1 + k, got.get(k).seq());
            assertEquals(all.subList((int) after, all.size()), got);
        }
        subs.forEach(Runs.Subscription::close);
    }

    @Test
    void aThrowingListenerDoesNotHurtTheRun() throws Exception {
        String g = gate();
        RunRecord r = service.submit("slow", json("{\"gate\": \"" + g + "\", \"steps\": 20, \"sleepMillis\": 0}"));
        service.subscribe(r.id(), 0, e -> { throw new IllegalStateException("listener bug"); });
        Gates.open(g);
        List<RunEvent> events = Await.terminal(service, r.id());
        assertInstanceOf(RunEvent.Finished.class, last(events));
        assertEquals(20, events.stream().filter(e -> e instanceof RunEvent.Point).count());
    }

    @Test
    void endedRunsReplayFromTheStoreOnceTheHubForgetsThem() throws Exception {
        RunService s2 = new RunService(TestLabs.catalog(), store, new PlaceholderDataCatalog(), RunService.Settings.defaults(),
                new InProcessJobQueue(1, 4), new InMemoryEventHub(0));
        try {
            RunRecord r = s2.submit("count", json("{\"points\": 30}"));
            List<RunEvent> events = Await.terminal(s2, r.id());
            Await.until(() -> store.events(r.id(), 0).size() == events.size(), Duration.ofSeconds(10), "stored");
            // the hub retains no ended run: this subscription is served from the store
            List<RunEvent> got = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch l = new CountDownLatch(1);
            s2.subscribe(r.id(), 5, e -> { got.add(e); if (e.terminal()) l.countDown(); });
            Await.latch(l, "replay from store");
            assertEquals(events.subList(5, events.size()), got, "stored events equal the live ones");
            assertEquals(events, s2.events(r.id(), 0));
            assertThrows(UnknownRunException.class, () -> s2.subscribe("nope", 0, e -> {}));
        } finally {
            s2.close();
        }
    }

    @Test
    void historyIsMostRecentFirstAndFiltersByLab() throws Exception {
        RunRecord a = service.submit("count", json("{\"points\": 1}"));
        RunRecord b = service.submit("diverge", json("{}"));
        RunRecord c = service.submit("count", json("{\"points\": 2}"));
        for (RunRecord r : List.of(a, b, c)) Await.terminal(service, r.id());
        assertEquals(List.of(c.id(), b.id(), a.id()), service.history(null, 10).stream().map(RunRecord::id).toList());
        assertEquals(List.of(c.id(), a.id()), service.history("count", 10).stream().map(RunRecord::id).toList());
        assertEquals(List.of(c.id()), service.history("count", 1).stream().map(RunRecord::id).toList());
        assertTrue(service.history("slow", 10).isEmpty());
        assertEquals(RunStatus.FINISHED, service.history("count", 1).get(0).status());
    }

    @Test
    void shutdownInterruptsQueuedAndRunningRuns() throws Exception {
        String g = gate();
        RunRecord running = service.submit("slow", json("{\"gate\": \"" + g + "\"}"));
        Await.latch(Gates.arrived(g), "start");
        RunRecord queued = service.submit("count", json("{}"));
        service.close();
        for (RunRecord r : List.of(running, queued)) {
            RunRecord rec = store.find(r.id()).orElseThrow();
            assertEquals(RunStatus.INTERRUPTED, rec.status(), r.id());
            assertTrue(rec.error().startsWith("the server stopped while this run was"), rec.error());
            List<RunEvent> ev = store.events(r.id(), 0);
            assertInstanceOf(RunEvent.Interrupted.class, last(ev));
            for (int i = 0; i < ev.size(); i++) assertEquals(i + 1, ev.get(i).seq());
        }
        assertThrows(ShuttingDownException.class, () -> service.submit("count", json("{}")));
    }

    @Test
    void aRunThatIgnoresShutdownIsMarkedInterruptedAfterTheGrace() throws Exception {
        RunService s2 = new RunService(TestLabs.catalog(), store, new PlaceholderDataCatalog(),
                new RunService.Settings(1, 2, Duration.ofMillis(100)));
        // a 30-second sleep between cancellation checks: the lab cannot notice in time
        RunRecord r = s2.submit("slow", json("{\"steps\": 1, \"sleepMillis\": 30000}"));
        Await.record(s2, r.id(), RunStatus.RUNNING);
        long t0 = System.nanoTime();
        s2.close();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 5000, "close does not wait for the lab");
        assertEquals(RunStatus.INTERRUPTED, store.find(r.id()).orElseThrow().status());
        assertInstanceOf(RunEvent.Interrupted.class, last(store.events(r.id(), 0)));
    }

    @Test
    void aBrokenStoreNeverKillsARun() throws Exception {
        JdbcRunStore broken = TestLabs.memoryStore();
        RunService s2 = new RunService(TestLabs.catalog(), broken, new PlaceholderDataCatalog(), RunService.Settings.defaults());
        try {
            String g = gate();
            RunRecord r = s2.submit("slow", json("{\"gate\": \"" + g + "\", \"steps\": 50, \"sleepMillis\": 0}"));
            broken.close(); // the database goes away mid-run
            Gates.open(g);
            List<RunEvent> events = Await.terminal(s2, r.id());
            assertInstanceOf(RunEvent.Finished.class, last(events));
            assertEquals(RunStatus.FINISHED, s2.find(r.id()).orElseThrow().status(), "answered from memory");
            assertEquals(events, s2.events(r.id(), 0));
            RunRecord next = s2.submit("count", json("{\"points\": 2}"));
            assertInstanceOf(RunEvent.Finished.class, last(Await.terminal(s2, next.id())));
            assertTrue(s2.history(null, 10).stream().anyMatch(x -> x.id().equals(next.id())));
        } finally {
            s2.close();
        }
    }

    @Test
    void seedComesFromTheConfig() throws Exception {
        RunRecord r = service.submit("count", json("{\"points\": 40, \"seed\": 99}"));
        List<RunEvent> events = Await.terminal(service, r.id());
        // The numbers are seed 99's draws, recomputed here from the stream's definition, not the echoed config.
        double[] expected = CountingLab.expectedValues(99, 40, 1.0);
        assertArrayEquals(expected, values(events), 0.0, "the points are the draws of seed 99's noise stream");
        double sum = 0;
        for (double v : expected) sum += v;
        JsonNode result = computed(service.find(r.id()).orElseThrow().result());
        assertEquals(sum, result.get("sum").asDouble(), 0.0);
        assertEquals(expected[39], result.get("last").asDouble(), 0.0);
        assertFalse(java.util.Arrays.equals(expected, CountingLab.expectedValues(0, 40, 1.0)), "seed 0 would differ");
    }

    /** The values of the {@code count} series, in order. */
    private static double[] values(List<RunEvent> events) {
        return events.stream().filter(e -> e instanceof RunEvent.Point p && p.series().equals("count"))
                .mapToDouble(e -> ((Number) ((RunEvent.Point) e).values().get("value")).doubleValue()).toArray();
    }

    /** A result without its embedded config (which holds the seed): only what the lab computed. */
    private static JsonNode computed(JsonNode result) {
        ObjectNode o = result.deepCopy();
        assertNotNull(o.remove("config"), "the result embeds its config");
        assertFalse(o.toString().contains("seed"), "nothing else echoes the seed: " + o);
        return o;
    }

    private static RunEvent last(List<RunEvent> l) {
        return l.get(l.size() - 1);
    }
}
