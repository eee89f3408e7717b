package cheaplab.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class InProcessJobQueueTest {

    @Test
    void boundedWaitingRoomBesideBusyWorkers() throws Exception {
        InProcessJobQueue q = new InProcessJobQueue(1, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        q.submit("a", () -> {
            started.countDown();
            await(release);
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        q.submit("b", () -> {});
        q.submit("c", () -> {});
        assertEquals(2, q.waiting());
        QueueFullException full = assertThrows(QueueFullException.class, () -> q.submit("d", () -> {}));
        assertTrue(full.getMessage().contains("2 runs waiting"));
        assertTrue(q.remove("b"));
        assertFalse(q.remove("b"));
        assertFalse(q.remove("a"), "a running job cannot be withdrawn");
        q.submit("d", () -> {});
        release.countDown();
        q.shutdown();
        assertTrue(q.awaitIdle(Duration.ofSeconds(5)));
    }

    @Test
    void zeroCapacityStillAcceptsWhenAWorkerIsFree() throws Exception {
        InProcessJobQueue q = new InProcessJobQueue(1, 0);
        CountDownLatch done = new CountDownLatch(1);
        q.submit("a", done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS));
        q.shutdown();
    }

    @Test
    void fifoOrderAndAllWorkersUsed() throws Exception {
        InProcessJobQueue q = new InProcessJobQueue(1, 100);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        q.submit("first", () -> await(gate));
        for (int i = 0; i < 20; i++) {
            String id = "j" + i;
            q.submit(id, () -> order.add(id));
        }
        gate.countDown();
        q.shutdown(); // drops the waiting ones...
        assertTrue(q.awaitIdle(Duration.ofSeconds(5)));

        InProcessJobQueue q2 = new InProcessJobQueue(3, 100);
        CountDownLatch all = new CountDownLatch(3);
        CountDownLatch hold = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) q2.submit("w" + i, () -> { all.countDown(); await(hold); });
        assertTrue(all.await(5, TimeUnit.SECONDS), "three workers run three jobs at once");
        hold.countDown();
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch fin = new CountDownLatch(1);
        InProcessJobQueue q3 = new InProcessJobQueue(1, 100);
        CountDownLatch g3 = new CountDownLatch(1);
        q3.submit("g", () -> await(g3));
        for (int i = 0; i < 10; i++) {
            String id = "k" + i;
            q3.submit(id, () -> { seen.add(id); if (id.equals("k9")) fin.countDown(); });
        }
        g3.countDown();
        assertTrue(fin.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"), seen);
        q2.shutdown();
        q3.shutdown();
    }

    @Test
    void shutdownReturnsWaitingJobsAndRefusesNewOnes() throws Exception {
        InProcessJobQueue q = new InProcessJobQueue(1, 10);
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        q.submit("run", () -> { started.countDown(); await(hold); });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        q.submit("w1", () -> fail("must not run"));
        q.submit("w2", () -> fail("must not run"));
        assertEquals(List.of("w1", "w2"), q.shutdown());
        assertThrows(IllegalStateException.class, () -> q.submit("x", () -> {}));
        assertFalse(q.awaitIdle(Duration.ofMillis(50)), "the running job is still running");
        hold.countDown();
        assertTrue(q.awaitIdle(Duration.ofSeconds(5)));
        assertTrue(q.joinWorkers(5000), "workers exit after shutdown");
    }

    @Test
    void workerSurvivesAnythingAJobThrows() throws Exception {
        InProcessJobQueue q = new InProcessJobQueue(1, 10);
        AtomicInteger ok = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        q.submit("a", () -> { throw new IllegalStateException("boom"); });
        q.submit("b", () -> { throw new AssertionError("bang"); });
        q.submit("c", () -> { throw new StackOverflowError(); });
        q.submit("d", () -> { ok.incrementAndGet(); done.countDown(); });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(1, ok.get());
        q.shutdown();
    }

    @Test
    void workersHaveTheLargeStack() throws Exception {
        // Depth reached before StackOverflowError scales with the stack: a worker (16 MB) goes far deeper than a
        // thread with a 2 MB stack. (OpenBLAS LAPACK needs the room; the JVM default would kill the process.)
        int[] depth = new int[2];
        Thread small = new Thread(null, () -> depth[0] = maxDepth(), "small", 2L << 20);
        small.start();
        small.join();
        InProcessJobQueue q = new InProcessJobQueue(1, 1);
        CountDownLatch done = new CountDownLatch(1);
        q.submit("deep", () -> { depth[1] = maxDepth(); done.countDown(); });
        assertTrue(done.await(30, TimeUnit.SECONDS));
        q.shutdown();
        assertTrue(depth[1] > 4 * depth[0], "worker depth " + depth[1] + " vs 2 MB thread " + depth[0]);
    }

    private static int maxDepth() {
        int[] d = {0};
        try {
            dive(d);
        } catch (StackOverflowError e) {
            // expected
        }
        return d[0];
    }

    private static void dive(int[] d) {
        d[0]++;
        dive(d);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
