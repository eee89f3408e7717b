package cheaplab.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class LiveRunContextTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<RunEvent> events = new ArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private synchronized void sink(RunEvent e) {
        events.add(e);
    }

    private synchronized List<RunEvent> snapshot() {
        return List.copyOf(events);
    }

    private LiveRunContext ctx(AtomicLong clock, long interval) {
        return new LiveRunContext("r1", 1, 42, null, this::sink, () -> false, timer, clock::get, interval);
    }

    @Test
    void seqStartsAtOneAndGrowsByOne() {
        LiveRunContext c = ctx(new AtomicLong(), 100);
        c.log("a");
        c.point("s", Map.of("x", 1));
        c.progress(0.5, "half");
        assertTrue(c.end(s -> new RunEvent.Cancelled("r1", 1, s, 0)));
        List<RunEvent> es = snapshot();
        for (int i = 0; i < es.size(); i++) assertEquals(i + 1, es.get(i).seq());
        assertEquals(4, es.size());
        assertEquals(42, c.seed());
        assertEquals("r1", c.runId());
    }

    @Test
    void progressIsThrottledPointsAreNot() {
        AtomicLong clock = new AtomicLong();
        LiveRunContext c = ctx(clock, TimeUnit.MILLISECONDS.toNanos(100));
        // 1000 progress calls and points over 1 simulated second (1 ms apart)
        for (int i = 1; i <= 1000; i++) {
            clock.set(TimeUnit.MILLISECONDS.toNanos(i));
            c.progress(i / 1000.0, "step " + i);
            c.point("s", Map.of("i", i));
        }
        c.end(s -> new RunEvent.Finished("r1", 1, s, 0, null));
        List<RunEvent> es = snapshot();
        long points = es.stream().filter(e -> e instanceof RunEvent.Point).count();
        List<RunEvent.Progress> progress = es.stream().filter(e -> e instanceof RunEvent.Progress).map(e -> (RunEvent.Progress) e).toList();
        assertEquals(1000, points);
        assertTrue(progress.size() <= 12, "at most 10/s (+ first and last): " + progress.size());
        assertTrue(progress.size() >= 10, "one per interval: " + progress.size());
        RunEvent.Progress last = progress.get(progress.size() - 1);
        assertEquals(1.0, last.fraction());
        assertEquals("step 1000", last.message());
        assertTrue(es.get(es.size() - 1) instanceof RunEvent.Finished, "held progress goes before the terminal event");
        for (int i = 0; i < es.size(); i++) assertEquals(i + 1, es.get(i).seq());
    }

    @Test
    void heldProgressIsDeliveredByTheTimerWhenTheLabGoesQuiet() throws Exception {
        AtomicLong clock = new AtomicLong(); // the lab's clock stands still: only the timer can send the held event
        LiveRunContext c = ctx(clock, TimeUnit.MILLISECONDS.toNanos(100));
        c.progress(0.1, "first");
        c.progress(0.2, "second"); // within the interval: held
        c.progress(0.3, "third");  // replaces the held one
        assertEquals(1, snapshot().size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (snapshot().size() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
        List<RunEvent> es = snapshot();
        assertEquals(2, es.size());
        assertEquals("third", ((RunEvent.Progress) es.get(1)).message());
        Thread.sleep(250);
        assertEquals(2, snapshot().size(), "nothing more was held");
    }

    @Test
    void progressIsClampedAndNullSafe() {
        AtomicLong clock = new AtomicLong();
        LiveRunContext c = ctx(clock, 0);
        c.progress(Double.NaN, null);
        c.progress(7, "x");
        c.progress(-1, "y");
        List<RunEvent> es = snapshot();
        assertEquals(0.0, ((RunEvent.Progress) es.get(0)).fraction());
        assertEquals("", ((RunEvent.Progress) es.get(0)).message());
        assertEquals(1.0, ((RunEvent.Progress) es.get(1)).fraction());
        assertEquals(0.0, ((RunEvent.Progress) es.get(2)).fraction());
    }

    @Test
    void pointsAreCopiedSoLabsMayReuseTheirMap() {
        LiveRunContext c = ctx(new AtomicLong(), 0);
        Map<String, Object> m = new HashMap<>();
        m.put("x", 1);
        c.point("s", m);
        m.put("x", 2);
        c.point("s", m);
        List<RunEvent> es = snapshot();
        assertEquals(1, ((RunEvent.Point) es.get(0)).values().get("x"));
        assertEquals(2, ((RunEvent.Point) es.get(1)).values().get("x"));
        assertThrows(UnsupportedOperationException.class, () -> ((RunEvent.Point) es.get(0)).values().put("y", 1));
    }

    @Test
    void endsExactlyOnceAndIgnoresLaterEvents() {
        LiveRunContext c = ctx(new AtomicLong(), 0);
        c.log("x");
        assertTrue(c.end(s -> new RunEvent.Failed("r1", 1, s, 0, "why")));
        assertFalse(c.end(s -> new RunEvent.Cancelled("r1", 1, s, 0)));
        c.log("after");
        c.point("s", Map.of());
        c.progress(1, "after");
        assertEquals(2, snapshot().size());
        assertTrue(c.ended());
        assertThrows(IllegalArgumentException.class, () -> ctx(new AtomicLong(), 0).emit(s -> new RunEvent.Cancelled("r1", 1, s, 0)));
        assertThrows(IllegalArgumentException.class, () -> ctx(new AtomicLong(), 0).end(s -> new RunEvent.Log("r1", 1, s, 0, "x")));
    }

    @Test
    void checkCancelledThrowsWhenFlagged() {
        boolean[] flag = {false};
        LiveRunContext c = new LiveRunContext("r", 1, 0, null, e -> {}, () -> flag[0], timer);
        c.checkCancelled();
        flag[0] = true;
        assertTrue(c.cancelled());
        assertThrows(CancelledException.class, c::checkCancelled);
    }
}
