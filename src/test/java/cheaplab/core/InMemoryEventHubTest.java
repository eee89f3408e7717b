package cheaplab.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class InMemoryEventHubTest {
    private final InMemoryEventHub hub = new InMemoryEventHub(2);

    @AfterEach
    void close() {
        hub.close();
    }

    private static RunEvent point(String run, long seq) {
        return new RunEvent.Point(run, 1, seq, 0, "s", Map.of("i", seq));
    }

    /** Collects events and checks they are contiguous from a starting seq. */
    private static class Collector implements java.util.function.Consumer<RunEvent> {
        final long after;
        // delivery is serial per subscriber; the latch publishes the list to the test thread
        final List<Long> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch done = new CountDownLatch(1);

        Collector(long after) {
            this.after = after;
        }

        @Override
        public void accept(RunEvent e) {
            seqs.add(e.seq());
            if (e.terminal()) done.countDown();
        }

        void assertContiguousTo(long last) {
            assertEquals(last - after, seqs.size(), "count after " + after);
            for (int i = 0; i < seqs.size(); i++) assertEquals(after + 1 + i, seqs.get(i), "no gap, duplicate or reordering");
        }
    }

    @Test
    void replayThenLiveWithNoGapUnderConcurrency() throws Exception {
        int n = 5_000;
        hub.open("r");
        List<Collector> collectors = new CopyOnWriteArrayList<>();
        CountDownLatch publishing = new CountDownLatch(1);
        Thread publisher = new Thread(() -> {
            publishing.countDown();
            for (long s = 1; s < n; s++) {
                hub.publish(point("r", s));
                if (s % 50 == 0) sleep(1); // ~100 ms of emission for subscriptions to land in
            }
            hub.publish(new RunEvent.Finished("r", 1, n, 0, null));
        });
        publisher.start();
        publishing.await();
        Random rnd = new Random(1);
        int live = 0;
        // subscribe at random moments with random 'after' while the run emits, and a few after it ended
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) sleep(1);
            long buffered = hub.events("r", 0).orElseThrow().size();
            long after = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(n);
            Collector c = new Collector(after);
            hub.subscribe("r", after, c).orElseThrow();
            collectors.add(c);
            if (buffered < n) live++;
        }
        assertTrue(live >= 10, "subscriptions while the run was live: " + live);
        publisher.join();
        for (Collector c : collectors) {
            assertTrue(c.done.await(20, TimeUnit.SECONDS), "terminal event arrives");
            c.assertContiguousTo(n);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aThrowingListenerIsDroppedOthersAndPublisherUnaffected() throws Exception {
        hub.open("r");
        AtomicInteger calls = new AtomicInteger();
        Runs.Subscription bad = hub.subscribe("r", 0, e -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }).orElseThrow();
        Collector good = new Collector(0);
        hub.subscribe("r", 0, good);
        for (long s = 1; s < 100; s++) hub.publish(point("r", s));
        hub.publish(new RunEvent.Cancelled("r", 1, 100, 0));
        assertTrue(good.done.await(5, TimeUnit.SECONDS));
        good.assertContiguousTo(100);
        // Delivery is asynchronous: wait for the bad one's first (and only) call, then make sure
        // no second call follows once it was dropped.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (calls.get() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
        Thread.sleep(50);
        assertEquals(1, calls.get(), "unsubscribed after its first throw");
        bad.close(); // idempotent
    }

    @Test
    void aSlowListenerNeverBlocksThePublisher() throws Exception {
        hub.open("r");
        CountDownLatch unblock = new CountDownLatch(1);
        hub.subscribe("r", 0, e -> {
            try {
                unblock.await();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        Collector fast = new Collector(0);
        hub.subscribe("r", 0, fast);
        long t0 = System.nanoTime();
        for (long s = 1; s < 50_000; s++) hub.publish(point("r", s));
        hub.publish(new RunEvent.Cancelled("r", 1, 50_000, 0));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(fast.done.await(10, TimeUnit.SECONDS), "the other listener got everything while one is stuck");
        fast.assertContiguousTo(50_000);
        assertTrue(ms < 5_000, "publishing 50k events took " + ms + " ms with a stuck listener");
        unblock.countDown();
    }

    @Test
    void closedSubscriptionsGetNothingMore() throws Exception {
        hub.open("r");
        Collector c = new Collector(0);
        Runs.Subscription sub = hub.subscribe("r", 0, c).orElseThrow();
        hub.publish(point("r", 1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (c.seqs.isEmpty() && System.nanoTime() < deadline) Thread.sleep(1);
        sub.close();
        hub.publish(point("r", 2));
        Thread.sleep(50);
        assertEquals(List.of(1L), List.copyOf(c.seqs));
    }

    @Test
    void endedRunsReplayAndReleasedOnesAreForgottenAfterRetention() throws Exception {
        for (String r : new String[]{"a", "b", "c"}) {
            hub.open(r);
            hub.publish(point(r, 1));
            hub.publish(new RunEvent.Finished(r, 1, 2, 0, null));
        }
        Collector late = new Collector(1);
        hub.subscribe("a", 1, late).orElseThrow();
        assertTrue(late.done.await(5, TimeUnit.SECONDS));
        late.assertContiguousTo(2);
        assertEquals(2, hub.events("a", 0).orElseThrow().size());
        assertEquals(0, hub.events("a", 5).orElseThrow().size());
        hub.release("a");
        hub.release("b");
        assertTrue(hub.events("a", 0).isPresent(), "retained: 2 ended runs");
        hub.release("c");
        assertTrue(hub.events("a", 0).isEmpty(), "oldest released run forgotten");
        assertTrue(hub.subscribe("a", 0, e -> {}).isEmpty());
        assertTrue(hub.events("c", 0).isPresent());
    }

    @Test
    void publishChecksSeqAndState() {
        hub.open("r");
        assertThrows(IllegalStateException.class, () -> hub.open("r"));
        assertThrows(IllegalStateException.class, () -> hub.publish(point("r", 2)), "gap");
        hub.publish(point("r", 1));
        assertThrows(IllegalStateException.class, () -> hub.publish(point("r", 1)), "duplicate");
        hub.publish(new RunEvent.Cancelled("r", 1, 2, 0));
        assertThrows(IllegalStateException.class, () -> hub.publish(point("r", 3)), "after the end");
        assertThrows(IllegalStateException.class, () -> hub.publish(point("nope", 1)));
        hub.discard("r");
        assertTrue(hub.events("r", 0).isEmpty());
    }

    @Test
    void deliverHandsAFixedListInOrder() throws Exception {
        List<RunEvent> es = new ArrayList<>();
        for (long s = 1; s < 1000; s++) es.add(point("x", s));
        es.add(new RunEvent.Finished("x", 1, 1000, 0, null));
        Collector c = new Collector(0);
        hub.deliver("x", es, c);
        assertTrue(c.done.await(5, TimeUnit.SECONDS));
        c.assertContiguousTo(1000);
    }

    @Test
    void deliveryUsesAFewThreadsWhateverTheNumberOfSubscribers() throws Exception {
        hub.open("r");
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Collector> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Collector c = new Collector(0) {
                @Override
                public void accept(RunEvent e) {
                    threads.add(Thread.currentThread().getName());
                    // a listener that takes a little time keeps many mailboxes busy at once
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) Thread.onSpinWait();
                    super.accept(e);
                }
            };
            all.add(c);
            hub.subscribe("r", 0, c).orElseThrow();
        }
        for (long s = 1; s < 100; s++) hub.publish(point("r", s));
        hub.publish(new RunEvent.Cancelled("r", 1, 100, 0));
        for (Collector c : all) {
            assertTrue(c.done.await(30, TimeUnit.SECONDS));
            c.assertContiguousTo(100);
        }
        assertTrue(threads.size() <= InMemoryEventHub.DELIVERY_THREADS, threads.size() + " delivery threads for 200 subscribers: " + threads);
    }
}
