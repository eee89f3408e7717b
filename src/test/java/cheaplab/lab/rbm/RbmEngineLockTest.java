package cheaplab.lab.rbm;

import cheaplab.core.CancelledException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RbmEngineLockTest {

    @Test
    void aSecondRunWaitsForTheFirstAndACancelledWaiterGivesUp() throws Exception {
        RecordingContext first = new RecordingContext(1), second = new RecordingContext(2), third = new RecordingContext(3);
        RbmEngineLock.acquire(first);
        try {
            CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                RbmEngineLock.acquire(second);
                RbmEngineLock.release();
            });
            Thread.sleep(500);
            assertFalse(waiter.isDone(), "the second run waits while the first computes");
            assertTrue(second.progressMessages.stream().anyMatch(m -> m.contains("waiting for another RBM run")), "and says so");

            CompletableFuture<Void> cancelled = CompletableFuture.runAsync(() -> RbmEngineLock.acquire(third));
            third.cancel = true;
            Throwable t = assertThrows(Exception.class, () -> cancelled.get(5, TimeUnit.SECONDS));
            assertTrue(t.getCause() instanceof CancelledException, "a cancelled waiter ends without its turn: " + t);

            RbmEngineLock.release();
            waiter.get(5, TimeUnit.SECONDS);
        } finally {
            if (RbmEngineLock.held()) {
                try {
                    RbmEngineLock.release();
                } catch (IllegalMonitorStateException ignored) {
                    // released above
                }
            }
        }
        assertFalse(RbmEngineLock.held());
    }
}
