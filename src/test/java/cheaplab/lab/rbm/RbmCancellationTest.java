package cheaplab.lab.rbm;

import cheaplab.testlabs.RecordingContext;

import cheaplab.core.CancelledException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancelling mid-epoch and mid-AIS ends the run's compute (and its helper threads) before the run returns. */
class RbmCancellationTest {
    private static boolean helpersAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && (t.getName().equals("rbm-cd-worker") || t.getName().equals("ais-worker")));
    }

    @Test
    void cancelMidEpochStopsTrainingAndItsHelper() {
        // batch 20 ≥ 16: every update is split over the helper thread
        RbmConfig cfg = new RbmConfig("mnist", 64, 1, false, 0.05, 0.5, 0.0002, 0, 20, 50, true, 900, 100, 200,
                0, 100, 0, 5, null);
        AtomicInteger calls = new AtomicInteger();
        RecordingContext ctx = new RecordingContext(5) {
            @Override
            public boolean cancelled() {
                return calls.incrementAndGet() > 60; // some way into the first epochs
            }
        };
        assertThrows(CancelledException.class, () -> new RbmLab().run(cfg, ctx));
        assertTrue(calls.get() > 60);
        assertFalse(helpersAlive(), "no RBM helper thread is alive when run() returns");
    }

    @Test
    void cancelDuringAisStopsIt() {
        RbmConfig cfg = new RbmConfig("mnist", 40, 1, false, 0.05, 0.5, 0.0002, 0, 20, 1, true, 500, 100, 200,
                100, 200_000, 1, 5, null);
        RecordingContext ctx = new RecordingContext(5) {
            @Override
            public boolean cancelled() {
                return progressMessages.stream().anyMatch(m -> m.toLowerCase().contains("ais") || m.contains("log Z"));
            }
        };
        long t0 = System.nanoTime();
        assertThrows(CancelledException.class, () -> new RbmLab().run(cfg, ctx));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertFalse(helpersAlive(), "the AIS helper is stopped");
        assertTrue(seconds < 60, "200,000 β would take minutes; cancelled after " + seconds + " s");
    }
}
