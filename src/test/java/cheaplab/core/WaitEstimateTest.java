package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The expected wait of a queued run: workers freeing up at their labs' median run times, the runs ahead after them. */
class WaitEstimateTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    /** Just what WaitEstimate reads: a history, places in the queue, workers. */
    private record Server(List<RunRecord> history, Map<String, Integer> positions, int workers) implements Runs {
        public RunRecord submit(String lab, JsonNode config) { throw new UnsupportedOperationException(); }
        public RunRecord submit(String lab, JsonNode config, String owner) { throw new UnsupportedOperationException(); }
        public Optional<RunRecord> find(String runId) { return Optional.empty(); }
        public boolean cancel(String runId) { return false; }
        public List<RunRecord> history(String lab, int limit) { return history; }
        public List<RunEvent> events(String runId, long afterSeq) { return List.of(); }
        public Subscription subscribe(String runId, long afterSeq, Consumer<RunEvent> listener) { throw new UnsupportedOperationException(); }
        public int queuePosition(String runId) { return positions.getOrDefault(runId, -1); }
    }

    private static RunRecord finished(String lab, int seconds) {
        Instant start = NOW.minusSeconds(1000);
        return new RunRecord("f" + lab + seconds, lab, 1, null, RunStatus.FINISHED, start, start, start.plusSeconds(seconds), null, null, "x");
    }

    private static RunRecord running(String lab, int forSeconds) {
        return new RunRecord("r" + lab + forSeconds, lab, 1, null, RunStatus.RUNNING, NOW, NOW.minusSeconds(forSeconds), null, null, null, "x");
    }

    private static OptionalLong wait(List<RunRecord> history, int workers, int ahead) {
        return WaitEstimate.seconds(new Server(history, Map.of("q", ahead), workers), "q", NOW);
    }

    @Test
    void workersFreeUpAtTheirLabsMedianAndTheRunsAheadTakeTheOverallMedian() {
        List<RunRecord> h = new ArrayList<>(List.of(finished("a", 8), finished("a", 10), finished("a", 30), finished("b", 100)));
        // Medians: a 10 s; all labs (8, 10, 30, 100) 20 s.
        h.add(running("a", 4));
        assertEquals(OptionalLong.of(6), wait(h, 1, 0), "the running a-run has 6 s left");
        assertEquals(OptionalLong.of(6 + 20 + 20), wait(h, 1, 2), "two runs ahead at the overall median");
        assertEquals(OptionalLong.of(0), wait(h, 2, 0), "an idle second worker takes it now");
        assertEquals(OptionalLong.of(6), wait(h, 2, 1));
        assertEquals(OptionalLong.of(20), wait(h, 2, 2), "the idle worker's first run ends at 20 s, before the a-run's successor");
        List<RunRecord> late = new ArrayList<>(h.subList(0, 4));
        late.add(running("b", 500));
        assertEquals(OptionalLong.of(0), wait(late, 1, 0), "a run past its median could end any moment");
    }

    @Test
    void unknownUntilARunHasFinishedAndForARunThatIsNotWaiting() {
        assertEquals(OptionalLong.empty(), wait(List.of(running("a", 4)), 1, 0));
        assertEquals(OptionalLong.empty(), WaitEstimate.seconds(new Server(List.of(finished("a", 5)), Map.of(), 1), "q", NOW));
    }

    @Test
    void theWaitReadsAsAPersonWouldSayIt() {
        assertEquals("about 1 s", WaitEstimate.text(0));
        assertEquals("about 40 s", WaitEstimate.text(40));
        assertEquals("about 3 min", WaitEstimate.text(150));
        assertEquals("about 2 h", WaitEstimate.text(7000));
    }
}
