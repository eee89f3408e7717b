package cheaplab.core;

import cheaplab.testlabs.Await;
import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.TestLabs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployment's wall-clock cap per run: a run past it ends timed-out, its history kept; a short run is untouched. */
class WallClockCapTest {

    @Test
    void aRunPastTheCapEndsTimedOutWithWhatItStreamedKept() throws Exception {
        JdbcRunStore store = TestLabs.memoryStore();
        try (RunService runs = new RunService(TestLabs.catalog(), store, new PlaceholderDataCatalog(),
                new RunService.Settings(1, 4, Duration.ofSeconds(5), Duration.ofMillis(300)))) {
            // 100 000 steps of 1 ms: far past the cap; each step checks for cancellation and streams a point.
            long t0 = System.nanoTime();
            String slow = runs.submit("slow", Json.MAPPER.readTree("{\"steps\": 100000, \"sleepMillis\": 1}")).id();
            List<RunEvent> events = Await.terminal(runs, slow);
            double seconds = (System.nanoTime() - t0) / 1e9;
            RunEvent end = events.get(events.size() - 1);
            assertInstanceOf(RunEvent.TimedOut.class, end);
            assertTrue(((RunEvent.TimedOut) end).reason().contains("--max-run-seconds"), ((RunEvent.TimedOut) end).reason());
            assertTrue(seconds < 3, "stopped " + seconds + " s after the submit, cap 0.3 s");
            assertTrue(events.stream().filter(e -> e instanceof RunEvent.Progress || e instanceof RunEvent.Point).count() > 0,
                    "what it streamed before the cap is kept");
            RunRecord r = runs.find(slow).orElseThrow();
            assertEquals(RunStatus.TIMED_OUT, r.status());
            assertEquals("timed-out", r.status().wire());
            // The store agrees (it catches up just after the terminal event), and its events end the same way.
            long until = System.nanoTime() + 5_000_000_000L;
            while (store.find(slow).orElseThrow().status() != RunStatus.TIMED_OUT && System.nanoTime() < until) Thread.sleep(10);
            assertEquals(RunStatus.TIMED_OUT, store.find(slow).orElseThrow().status());
            List<RunEvent> stored = store.events(slow, 0);
            assertInstanceOf(RunEvent.TimedOut.class, stored.get(stored.size() - 1));
            assertEquals("timed-out", Json.MAPPER.readTree(EventsJson.write(List.of(end))).get(0).get("type").asText());

            // A run that ends within the cap finishes as usual; the worker took the next run at once.
            String quick = runs.submit("count", Json.MAPPER.readTree("{\"points\": 5}")).id();
            List<RunEvent> q = Await.terminal(runs, quick);
            assertInstanceOf(RunEvent.Finished.class, q.get(q.size() - 1));
        }
    }

    @Test
    void aCancelBeforeTheCapStaysACancel() throws Exception {
        try (RunService runs = new RunService(TestLabs.catalog(), TestLabs.memoryStore(), new PlaceholderDataCatalog(),
                new RunService.Settings(1, 4, Duration.ofSeconds(5), Duration.ofSeconds(30)))) {
            String slow = runs.submit("slow", Json.MAPPER.readTree("{\"steps\": 100000, \"sleepMillis\": 1}")).id();
            Thread.sleep(200);
            assertTrue(runs.cancel(slow));
            List<RunEvent> events = Await.terminal(runs, slow);
            assertInstanceOf(RunEvent.Cancelled.class, events.get(events.size() - 1));
            assertFalse(events.stream().anyMatch(e -> e instanceof RunEvent.TimedOut));
        }
    }

    @Test
    void theCapMustBePositive() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RunService.Settings(1, 4, Duration.ofSeconds(5), Duration.ZERO));
    }
}
