package cheaplab.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** InProcessJobQueue between owners: round-robin, per-owner limits, and the position it reports. */
class FairQueueTest {

    @Test
    void threeParticipantsSubmittingBurstsAreServedInTurn() throws Exception {
        InProcessJobQueue q = new InProcessJobQueue(1, 100);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        q.submit("A0", "A", () -> { first.countDown(); await(hold); order.add("A0"); });
        assertTrue(first.await(5, TimeUnit.SECONDS));
        for (String owner : List.of("A", "B", "C"))
            for (int i = 1; i <= 3; i++) {
                String id = owner + i;
                q.submit(id, owner, () -> order.add(id));
            }
        // First come first served would run A1 A2 A3 B1 …; in turn, each participant's next run goes in order.
        assertEquals(0, q.position("A1"));
        assertEquals(1, q.position("B1"));
        assertEquals(2, q.position("C1"));
        assertEquals(3, q.position("A2"));
        assertEquals(8, q.position("C3"));
        assertEquals(-1, q.position("A0"), "running, not waiting");
        hold.countDown();
        q.shutdownWhenIdle();
        assertEquals(List.of("A0", "A1", "B1", "C1", "A2", "B2", "C2", "A3", "B3", "C3"), order);
    }

    @Test
    void anOwnerMayKeepOnlySoManyWaitingOthersStillMay() throws Exception {
        InProcessJobQueue q = new InProcessJobQueue(1, 100, new InProcessJobQueue.OwnerLimits(1, 2));
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        q.submit("A0", "A", () -> { first.countDown(); await(hold); });
        assertTrue(first.await(5, TimeUnit.SECONDS));
        q.submit("A1", "A", () -> {});
        q.submit("A2", "A", () -> {});
        QuotaExceededException e = assertThrows(QuotaExceededException.class, () -> q.submit("A3", "A", () -> {}));
        assertTrue(e.getMessage().contains("2 runs waiting and 1 running"), e.getMessage());
        q.submit("B1", "B", () -> {});
        assertTrue(q.remove("A1"));
        q.submit("A3", "A", () -> {}); // a withdrawn job frees its place
        hold.countDown();
        q.shutdownWhenIdle();
    }

    @Test
    void anOwnerAtItsRunningLimitLetsAFreeWorkerServeTheNextOwner() throws Exception {
        InProcessJobQueue q = new InProcessJobQueue(2, 100, new InProcessJobQueue.OwnerLimits(1, 5));
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch bStarted = new CountDownLatch(1);
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        q.submit("A0", "A", () -> { started.add("A0"); aStarted.countDown(); await(hold); });
        assertTrue(aStarted.await(5, TimeUnit.SECONDS));
        q.submit("A1", "A", () -> started.add("A1"));
        q.submit("B0", "B", () -> { started.add("B0"); bStarted.countDown(); await(hold); });
        assertTrue(bStarted.await(5, TimeUnit.SECONDS), "B's run takes the free worker though A1 came first");
        Thread.sleep(100);
        assertEquals(List.of("A0", "B0"), started, "A1 waits while A runs");
        hold.countDown();
        q.shutdownWhenIdle();
        assertEquals(List.of("A0", "B0", "A1"), started);
    }

    @Test
    void withOneOwnerItIsTheFifoItWas() throws Exception {
        InProcessJobQueue q = new InProcessJobQueue(1, 3);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        q.submit("r0", () -> { first.countDown(); await(hold); order.add("r0"); });
        assertTrue(first.await(5, TimeUnit.SECONDS));
        for (int i = 1; i <= 3; i++) {
            String id = "r" + i;
            q.submit(id, () -> order.add(id));
        }
        assertThrows(QueueFullException.class, () -> q.submit("r4", () -> {}));
        hold.countDown();
        q.shutdownWhenIdle();
        assertEquals(List.of("r0", "r1", "r2", "r3"), order);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
