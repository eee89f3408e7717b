package cheaplab.core;

import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.TestLabs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cancel the server accepted is never lost: a lab that returns its result after the cancel (it was in a stretch
 * without checks, e.g. serialising a large result) still ends as cancelled, with no finished event.
 */
class CancelNeverLostTest {
    static final CountDownLatch STARTED = new CountDownLatch(1), RELEASE = new CountDownLatch(1);

    /** Ignores cancellation: waits for the test, then returns. */
    public static final class DeafLab implements Lab<DeafLab.Config, DeafLab.Result> {
        public record Config(long seed) {}
        public record Result(int answer) {}
        @Override public String id() { return "deaf"; }
        @Override public String title() { return "Deaf"; }
        @Override public String summary() { return "Never checks for cancellation."; }
        @Override public Class<Config> configType() { return Config.class; }
        @Override public Config defaults() { return new Config(1); }
        @Override public Result run(Config c, RunContext ctx) throws InterruptedException {
            STARTED.countDown();
            RELEASE.await(30, TimeUnit.SECONDS);
            return new Result(42);
        }
    }

    @Test
    void aCancelAcceptedBeforeTheLabReturnsWins() throws Exception {
        var store = TestLabs.memoryStore();
        RunService s = new RunService(new LabCatalog(List.of(new DeafLab())), store, new PlaceholderDataCatalog(),
                new RunService.Settings(1, 2, Duration.ofSeconds(5)));
        try {
            RunRecord r = s.submit("deaf", Json.MAPPER.readTree("{}"));
            assertTrue(STARTED.await(30, TimeUnit.SECONDS));
            assertTrue(s.cancel(r.id()), "the cancel is accepted while the run is running");
            RELEASE.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!s.find(r.id()).orElseThrow().status().terminal() && System.nanoTime() < deadline) Thread.sleep(10);
            RunRecord end = s.find(r.id()).orElseThrow();
            assertEquals(RunStatus.CANCELLED, end.status());
            assertNull(end.result(), "no result is kept for a cancelled run");
            List<RunEvent> events = s.events(r.id(), 0);
            assertFalse(events.stream().anyMatch(e -> e instanceof RunEvent.Finished), "no finished event");
            assertTrue(events.get(events.size() - 1) instanceof RunEvent.Cancelled, "the last event is cancelled");
            assertFalse(s.cancel(r.id()), "a second cancel of an ended run is refused");
        } finally {
            RELEASE.countDown();
            s.close();
            store.close();
        }
    }
}
