package cheaplab.linalg;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComputeThreadsTest {
    /** A task inside an uninterruptible native call (a LAPACK SVD) must have returned before close() does. */
    @Test
    void closeWaitsForRunningTasksAndDropsQueuedOnes() throws Exception {
        AtomicBoolean nativeDone = new AtomicBoolean(), interruptibleDone = new AtomicBoolean();
        AtomicInteger queuedRan = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(2);
        ComputeThreads pool = ComputeThreads.open("close-test", 2);
        pool.submit(() -> {
            started.countDown();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            while (System.nanoTime() < end) Thread.onSpinWait(); // ignores interrupts, like native code
            nativeDone.set(true);
            return null;
        });
        pool.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interruptibleDone.set(true);
            }
            return null;
        });
        for (int i = 0; i < 10; i++) pool.submit(queuedRan::incrementAndGet);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        pool.close();
        assertTrue(nativeDone.get(), "the uninterruptible task finished before close() returned");
        assertTrue(interruptibleDone.get(), "the interruptible task was interrupted and returned");
        assertTrue(pool.terminated());
        assertEquals(0, queuedRan.get(), "queued tasks never start");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("close-test-") && t.isAlive()),
                "no thread of the pool is left");
    }

    @Test
    void anInterruptedCallerStillWaitsAndKeepsItsInterrupt() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        ComputeThreads pool = ComputeThreads.open("interrupt-test", 1);
        CountDownLatch started = new CountDownLatch(1);
        pool.submit(() -> {
            started.countDown();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < end) Thread.onSpinWait();
            done.set(true);
            return null;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.currentThread().interrupt();
        pool.close();
        assertTrue(Thread.interrupted(), "the interrupt flag is kept");
        assertTrue(done.get());
    }
}
