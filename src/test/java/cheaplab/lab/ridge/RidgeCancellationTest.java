package cheaplab.lab.ridge;

import cheaplab.core.CancelledException;
import cheaplab.testlabs.PlaceholderDataCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancelling mid-sweep ends the run's compute before the run returns (the next job never shares the cores). */
class RidgeCancellationTest {
    @Test
    void cancelMidSweepLeavesNoComputeRunning() {
        RidgeConfig c = new RidgeConfig("isotropic", 1200, List.of(200, 1100, 1200, 1300, 2400), List.of(1e-6, 1e-2, 1.0),
                "mean", 3, 0.5, 1.0, 1.0, 0.9, "digit", 0, 5, false, 7);
        RecordingContext ctx = new RecordingContext(7, new PlaceholderDataCatalog()) {
            @Override
            public void point(String series, Map<String, ?> values) {
                super.point(series, values);
                if (series.equals("risk")) cancel = true; // mid-sweep: N = 200 is done, SVDs of ~1200 × 1200 are running
            }
        };
        long t0 = System.nanoTime();
        assertThrows(CancelledException.class, () -> new RidgeLab().run(c, ctx, 2));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(ctx.series("risk").size() < c.sweep().length * c.lambdas().size(), "cancelled before the sweep ended");
        // A pool thread may still be exiting; what must not be left is one inside the lab's compute (LAPACK).
        assertFalse(Thread.getAllStackTraces().entrySet().stream()
                        .anyMatch(e -> e.getKey().getName().startsWith("ridge-" + ctx.runId() + "-")
                                && java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("cheaplab."))),
                "no compute thread of the cancelled run is still computing when run() returns");
        assertTrue(seconds < 30, "took " + seconds + " s");
    }
}
