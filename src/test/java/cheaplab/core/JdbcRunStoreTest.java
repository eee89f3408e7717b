package cheaplab.core;

import cheaplab.testlabs.Await;
import cheaplab.testlabs.Gates;
import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.TestLabs;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

class JdbcRunStoreTest {
    @TempDir
    Path dir;

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private RunService service(JdbcRunStore store) {
        return new RunService(TestLabs.catalog(), store, new PlaceholderDataCatalog(), RunService.Settings.defaults());
    }

    @Test
    void urlsForPathsAndJdbcUrls() {
        assertEquals("jdbc:h2:file:" + dir.resolve("runs").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", JdbcRunStore.url(null, dir));
        assertEquals("jdbc:h2:file:" + dir.resolve("x/my").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                JdbcRunStore.url(dir.resolve("x/my.mv.db").toString(), Path.of("ignored")));
        assertEquals("jdbc:postgresql://h/db", JdbcRunStore.url("jdbc:postgresql://h/db", dir));
        assertTrue(JdbcRunStore.url("relative/db", dir).startsWith("jdbc:h2:file:/"), "H2 needs absolute paths");
    }

    @Test
    void finishedRunsSurviveARestartInFlightOnesBecomeInterrupted() throws Exception {
        String url = JdbcRunStore.url(null, dir);
        JdbcRunStore store = JdbcRunStore.open(url);
        RunService s1 = service(store);
        RunRecord done = s1.submit("count", json("{\"points\": 25}"));
        List<RunEvent> doneEvents = Await.terminal(s1, done.id());
        RunRecord failed = s1.submit("diverge", json("{}"));
        List<RunEvent> failedEvents = Await.terminal(s1, failed.id());
        String gate = "g-" + UUID.randomUUID();
        RunRecord running = s1.submit("slow", json("{\"gate\": \"" + gate + "\"}"));
        Await.latch(Gates.arrived(gate), "running");
        RunRecord queued = s1.submit("count", json("{}"));
        Await.until(() -> store.find(done.id()).orElseThrow().status() == RunStatus.FINISHED
                && store.find(failed.id()).orElseThrow().status() == RunStatus.DIVERGED, Duration.ofSeconds(10), "stored");
        // the server dies: no orderly shutdown of s1; the file stays as it is on disk
        store.close();
        assertTrue(Files.exists(dir.resolve("runs.mv.db")));

        JdbcRunStore reopened = JdbcRunStore.open(url);
        RunService s2 = service(reopened);
        try {
            RunRecord d = s2.find(done.id()).orElseThrow();
            assertEquals(RunStatus.FINISHED, d.status());
            assertEquals(Json.write(doneEvents.get(doneEvents.size() - 1) instanceof RunEvent.Finished f ? f.result() : null), Json.write(d.result()));
            assertEquals(done.config(), d.config());
            assertEquals(done.created(), d.created());
            assertEquals(s1.find(done.id()).orElseThrow(), d, "the stored record equals the live one");
            assertNotNull(d.started());
            assertNotNull(d.finished());
            assertEquals(EventsJson.write(doneEvents), EventsJson.write(s2.events(done.id(), 0)), "every event kept");
            assertEquals(RunStatus.DIVERGED, s2.find(failed.id()).orElseThrow().status());
            assertEquals(EventsJson.write(failedEvents), EventsJson.write(s2.events(failed.id(), 0)));

            for (RunRecord r : List.of(running, queued)) {
                RunRecord x = s2.find(r.id()).orElseThrow();
                assertEquals(RunStatus.INTERRUPTED, x.status(), r.id());
                List<RunEvent> ev = s2.events(r.id(), 0);
                assertInstanceOf(RunEvent.Interrupted.class, ev.get(ev.size() - 1));
                for (int i = 0; i < ev.size(); i++) assertEquals(i + 1, ev.get(i).seq(), "interrupted appended after the last stored event");
            }
            assertEquals("the server stopped while this run was running", s2.find(running.id()).orElseThrow().error());
            assertEquals("the server stopped while this run was queued", s2.find(queued.id()).orElseThrow().error());
            assertEquals(List.of(queued.id(), running.id(), failed.id(), done.id()),
                    s2.history(null, 10).stream().map(RunRecord::id).toList(), "listed, most recent first");

            // a late subscriber replays a stored run from the store
            List<RunEvent> replay = Await.terminal(s2, done.id());
            assertEquals(EventsJson.write(doneEvents), EventsJson.write(replay));
            // and new runs work alongside
            RunRecord next = s2.submit("count", json("{\"points\": 2}"));
            List<RunEvent> nextEvents = Await.terminal(s2, next.id());
            assertInstanceOf(RunEvent.Finished.class, nextEvents.get(nextEvents.size() - 1));
        } finally {
            s2.close();
            reopened.close();
        }
        Gates.open(gate);
    }

    @Test
    void interruptInFlightMarksOnlyLiveRunsAndIsIdempotent() throws Exception {
        JdbcRunStore store = TestLabs.memoryStore();
        try {
            Instant t = Instant.parse("2024-01-02T03:04:05.678Z");
            JsonNode cfg = json("{\"a\": 1}");
            store.insert(new RunRecord("q", "count", 1, cfg, RunStatus.QUEUED, t, null, null, null, null));
            store.insert(new RunRecord("r", "count", 1, cfg, RunStatus.RUNNING, t, t, null, null, null));
            store.insert(new RunRecord("f", "count", 1, cfg, RunStatus.FINISHED, t, t, t.plusSeconds(2), json("{\"x\": 2}"), null));
            store.append(List.of(new RunEvent.Started("r", 1, 1, 0, "count", cfg),
                    new RunEvent.Point("r", 1, 2, 0, "s", Map.of("v", 1.5))));
            assertEquals(List.of("q", "r"), store.interruptInFlight(t.plusSeconds(9)));
            assertEquals(List.of(), store.interruptInFlight(t.plusSeconds(10)));
            assertEquals(RunStatus.INTERRUPTED, store.find("q").orElseThrow().status());
            List<RunEvent> r = store.events("r", 0);
            assertEquals(3, r.size());
            assertEquals(new RunEvent.Interrupted("r", 1, 3, t.plusSeconds(9).toEpochMilli()), r.get(2));
            assertEquals(new RunEvent.Interrupted("q", 1, 1, t.plusSeconds(9).toEpochMilli()), store.events("q", 0).get(0));
            RunRecord f = store.find("f").orElseThrow();
            assertEquals(RunStatus.FINISHED, f.status());
            assertEquals(t, f.created());
            assertEquals(t.plusSeconds(2), f.finished());
            assertEquals(json("{\"x\": 2}"), f.result());
            assertTrue(store.events("f", 0).isEmpty());
        } finally {
            store.close();
        }
    }

    @Test
    void eventsRoundTripEveryType() throws Exception {
        JdbcRunStore store = TestLabs.memoryStore();
        try {
            JsonNode cfg = json("{\"a\": [1, 2.5]}");
            store.insert(new RunRecord("x", "count", 1, cfg, RunStatus.RUNNING, Instant.EPOCH, null, null, null, null));
            List<RunEvent> all = List.of(
                    new RunEvent.Started("x", 1, 1, 10, "count", cfg),
                    new RunEvent.Progress("x", 1, 2, 11, 0.5, "half"),
                    new RunEvent.Point("x", 1, 3, 12, "s", Map.of("i", 1, "v", 0.25, "name", "é\"\n")),
                    new RunEvent.Log("x", 1, 4, 13, "hello"),
                    new RunEvent.Failed("x", 1, 5, 14, "why"),
                    new RunEvent.Diverged("x", 1, 6, 15, "nan"),
                    new RunEvent.Cancelled("x", 1, 7, 16),
                    new RunEvent.Interrupted("x", 1, 8, 17),
                    new RunEvent.Finished("x", 1, 9, 18, json("{\"r\": [1, null]}")));
            store.append(all);
            assertEquals(all, store.events("x", 0));
            assertEquals(all.subList(7, 9), store.events("x", 7));
            assertThrows(RunStoreException.class, () -> store.append(List.of(all.get(0))), "(run, seq) is unique");
            assertEquals(all, store.events("x", 0), "a failed batch leaves nothing half-written");
            // a NaN in a point is stored as null (JSON has no NaN)
            store.append(List.of(new RunEvent.Point("x", 1, 10, 19, "s", Map.of("v", Double.NaN))));
            assertNull(((RunEvent.Point) store.events("x", 9).get(0)).values().get("v"));
            store.delete("x");
            assertTrue(store.find("x").isEmpty());
            assertTrue(store.events("x", 0).isEmpty(), "events go with their run");
        } finally {
            store.close();
        }
    }

    @Test
    void historyLimitsAndFilters() throws Exception {
        JdbcRunStore store = TestLabs.memoryStore();
        try {
            for (int i = 0; i < 5; i++)
                store.insert(new RunRecord("r" + i, i % 2 == 0 ? "a" : "b", 1, json("{}"), RunStatus.QUEUED, Instant.EPOCH, null, null, null, null));
            assertEquals(List.of("r4", "r3", "r2", "r1", "r0"), store.history(null, 10).stream().map(RunRecord::id).toList());
            assertEquals(List.of("r4", "r2"), store.history("a", 2).stream().map(RunRecord::id).toList());
            assertEquals(List.of(), store.history("zzz", 10));
            RunRecord u = new RunRecord("r1", "b", 1, json("{}"), RunStatus.FAILED, Instant.EPOCH, Instant.EPOCH,
                    Instant.EPOCH.plusMillis(1500), null, "x".repeat(5000));
            store.update(u);
            RunRecord back = store.find("r1").orElseThrow();
            assertEquals(RunStatus.FAILED, back.status());
            assertEquals(4000, back.error().length(), "long errors are clipped to the column");
            assertThrows(RunStoreException.class, () -> store.update(new RunRecord("nope", "b", 1, json("{}"), RunStatus.FAILED,
                    Instant.EPOCH, null, null, null, null)));
        } finally {
            store.close();
        }
    }

    @Test
    void aSecondProcessFindsTheFileInUse() throws Exception {
        // H2 shares an open file within one JVM; another JVM gets error 90020, which inUse() recognises.
        String url = JdbcRunStore.url(null, dir);
        JdbcRunStore store = JdbcRunStore.open(url);
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), InUseProbe.class.getName(), url)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), out);
            assertTrue(out.contains("IN_USE true"), out);
        } finally {
            store.close();
        }
    }

    @Test
    void aFinishedRunSurvivesTheProcessBeingKilledRightAfter() throws Exception {
        String url = JdbcRunStore.url(null, dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashProbe.class.getName(), url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        String[] ids = out.lines().filter(l -> l.startsWith("IDS ")).findFirst().orElseThrow(() -> new AssertionError(out)).substring(4).split(" ");
        try (JdbcRunStore store = JdbcRunStore.open(url)) {
            RunService s = service(store);
            try {
                RunRecord done = s.find(ids[0]).orElseThrow();
                assertEquals(RunStatus.FINISHED, done.status(), "finished just before the kill");
                assertNotNull(done.result());
                List<RunEvent> ev = s.events(ids[0], 0);
                assertInstanceOf(RunEvent.Finished.class, ev.get(ev.size() - 1));
                assertEquals(RunStatus.INTERRUPTED, s.find(ids[1]).orElseThrow().status(), "the run in flight");
            } finally {
                s.close();
            }
        }
    }

    /** Run in a second JVM: finishes a run, starts another, and halts the JVM at once (like kill -9). */
    public static final class CrashProbe {
        public static void main(String[] args) throws Exception {
            JdbcRunStore store = JdbcRunStore.open(args[0]);
            RunService s = new RunService(TestLabs.catalog(), store, new PlaceholderDataCatalog(), RunService.Settings.defaults());
            RunRecord a = s.submit("count", Json.MAPPER.readTree("{\"points\": 200}"));
            Await.record(s, a.id(), RunStatus.FINISHED);
            RunRecord b = s.submit("slow", Json.MAPPER.readTree("{\"steps\": 100000, \"sleepMillis\": 1}"));
            Await.until(() -> store.find(a.id()).map(r -> r.status() == RunStatus.FINISHED).orElse(false)
                    && store.find(b.id()).map(r -> r.status() == RunStatus.RUNNING).orElse(false), Duration.ofSeconds(10), "stored");
            System.out.println("IDS " + a.id() + " " + b.id());
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    /** Run in a second JVM by {@link #aSecondProcessFindsTheFileInUse}. */
    public static final class InUseProbe {
        public static void main(String[] args) {
            try {
                JdbcRunStore.open(args[0]).close();
                System.out.println("IN_USE false (opened)");
            } catch (RunStoreException e) {
                System.out.println("IN_USE " + JdbcRunStore.inUse(e) + " " + e.getMessage());
            }
        }
    }
}
