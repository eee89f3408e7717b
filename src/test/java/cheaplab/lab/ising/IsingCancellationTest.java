package cheaplab.lab.ising;

import cheaplab.core.CancelledException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The largest lattice with Wolff at T_c, whose sweeps are the lab's slowest (~0.5–2 s for 64 replicas of 512²):
 * a cancel during a sweep ends the run within a fraction of one (the replicas poll it between their shares).
 */
class IsingCancellationTest {

    @Test
    void cancelDuringALargeWolffSweepEndsTheRunPromptly() throws Exception {
        IsingConfig cfg = new IsingConfig(List.of(512), List.of(2.27), 0.0, "wolff", 1000, 1000, 1, 2, 8, 1L);
        IsingRecordingContext ctx = new IsingRecordingContext(1L);
        CompletableFuture<IsingResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return new IsingLab().run(cfg, ctx);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        Thread.sleep(1500);
        long cancelledAt = System.nanoTime();
        ctx.cancel = true;
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
        double seconds = (System.nanoTime() - cancelledAt) / 1e9;
        assertInstanceOf(CancelledException.class, e.getCause());
        assertTrue(seconds < 5, "ended " + seconds + " s after the cancel");
        System.out.printf("512² Wolff run ended %.3f s after the cancel%n", seconds);
    }
}
