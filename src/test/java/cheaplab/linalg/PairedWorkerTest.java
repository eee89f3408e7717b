package cheaplab.linalg;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PairedWorkerTest {
    /** With one processor PairedWorker has no helper thread and runs both parts on the caller: nothing to adapt. */
    private static void assumeTwoProcessors() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "one processor: PairedWorker never starts its helper thread, so its fallback cannot be exercised");
    }

    @Test
    void runsBothPartsEveryTimeAndPropagatesFailures() {
        try (PairedWorker w = new PairedWorker("test")) {
            long[] sums = new long[2];
            for (int i = 1; i <= 1000; i++) {
                int n = i;
                w.run(g -> sums[g] += n);
            }
            assertArrayEquals(new long[]{500_500, 500_500}, sums);
            assertThrows(IllegalStateException.class, () -> w.run(g -> {
                if (g == 1) throw new IllegalStateException("part 1");
            }));
            AtomicInteger after = new AtomicInteger();
            w.run(g -> after.incrementAndGet());
            assertEquals(2, after.get(), "still usable after a failure");
        }
    }

    @Test
    void fallsBackToOneThreadWhenTheHelperIsLate() {
        assumeTwoProcessors();
        try (PairedWorker w = new PairedWorker("test")) {
            for (int i = 0; i < PairedWorker.LATE_LIMIT; i++) w.run(g -> {
                if (g == 1) sleep(5);
            });
            long before = w.calls()[1];
            w.run(g -> {});
            assertEquals(before + 1, w.calls()[1], "after repeated late helpers the parts run on the caller");
        }
    }

    @Test
    void aBriefStallCostsAShortStretchAndLastingContentionALongerOne() {
        assumeTwoProcessors();
        try (PairedWorker w = new PairedWorker("test")) {
            Runnable lateStreak = () -> {
                for (int i = 0; i < PairedWorker.LATE_LIMIT; i++) w.run(g -> {
                    if (g == 1) sleep(5);
                });
            };
            lateStreak.run();
            assertEquals(PairedWorker.MIN_SEQUENTIAL, w.backoff());
            long[] before = w.calls();
            for (int i = 0; i < PairedWorker.MIN_SEQUENTIAL; i++) w.run(g -> {});
            assertEquals(before[1] + PairedWorker.MIN_SEQUENTIAL, w.calls()[1], "a short stretch on the caller");
            w.run(g -> {});
            assertEquals(before[0] + 1, w.calls()[0], "then both threads again");
            lateStreak.run(); // lateness again soon after: the stretch doubles
            assertEquals(2 * PairedWorker.MIN_SEQUENTIAL, w.backoff());
            for (int i = 0; i < 2 * PairedWorker.MIN_SEQUENTIAL; i++) w.run(g -> {});
            for (int i = 0; i < 20; i++) {
                lateStreak.run();
                for (int j = 0; j < w.backoff(); j++) w.run(g -> {});
            }
            assertEquals(PairedWorker.MAX_SEQUENTIAL, w.backoff(), "lasting contention: capped");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
