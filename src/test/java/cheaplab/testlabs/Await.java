package cheaplab.testlabs;

import cheaplab.core.RunEvent;
import cheaplab.core.RunRecord;
import cheaplab.core.Runs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting helpers for run tests. */
public final class Await {
    private Await() {}

    /** Subscribes from seq 0 and returns every event up to and including the terminal one. */
    public static List<RunEvent> terminal(Runs runs, String id) throws InterruptedException {
        List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        try (Runs.Subscription sub = runs.subscribe(id, 0, e -> {
            events.add(e);
            if (e.terminal()) done.countDown();
        })) {
            if (!done.await(30, TimeUnit.SECONDS)) throw new AssertionError("run " + id + " did not end; events: " + events.size());
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits until the stored/live record satisfies a status; returns it. */
    public static RunRecord record(Runs runs, String id, cheaplab.core.RunStatus status) throws InterruptedException {
        until(() -> runs.find(id).map(r -> r.status() == status).orElse(false), Duration.ofSeconds(30), "run " + id + " " + status);
        return runs.find(id).orElseThrow();
    }

    public static void until(BooleanSupplier cond, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(2);
        }
    }

    public static void latch(CountDownLatch l, String what) throws InterruptedException {
        if (!l.await(30, TimeUnit.SECONDS)) throw new AssertionError("timed out waiting for " + what);
    }
}
