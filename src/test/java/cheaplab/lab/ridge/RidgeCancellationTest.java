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
        RidgeConfig c = new RidgeConfig("isotropic", 600, List.of(200, 500, 600, 700, 1300), List.of(1e-6, 1e-2, 1.0),
                "mean", 3, 0.5, 1.0, 1.0, 0.9, "digit", 0, 5, false, 7);
        RecordingContext ctx = new RecordingContext(7, new PlaceholderDataCatalog()) {
            @Override
            public void point(String series, Map<String, ?> values) {
                super.point(series, values);
                if (series.equals("risk")) cancel = true; // mid-sweep: N = 200 is done, SVDs of ~600 × 600 are running
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

    /**
     * The largest synthetic configs validation accepts, square and tall: every training set at the SVD bound
     * ({@link DecompositionCost#MAX_FLOPS}: 790 × 790, or 12,500 × 200 where the SVD is slowest per operation),
     * 60 sweep values, 200 repeats, 12 λ, focus diagnostics with 20-fold CV. A cancel 3 s in (SVDs running on every
     * core) ends the run within 2 s.
     */
    @Test
    void theLargestAcceptedConfigsStopWithinTwoSecondsOfACancel() {
        List<Double> lambdas = List.of(0.0, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0);
        for (int p : new int[]{790, 200}) {
            int nMax = (int) (DecompositionCost.MAX_FLOPS / (4.0 * p * p)); // 790 × 790, 12,500 × 200
            List<Integer> ns = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) ns.add(nMax - 59 + i);
            RidgeConfig c = new RidgeConfig("correlated", p, ns, lambdas, "mean", 200, 0.5, 1.0, 1.0, 0.9, "digit", nMax, 20,
                    true, 3);
            if (p == 200) {
                assertThrows(cheaplab.core.ConfigException.class, () -> new RidgeConfig("isotropic", 200, List.of(nMax + 1), lambdas,
                        "mean", 1, 0.5, 1.0, 1.0, 0.9, "digit", 0, 5, false, 3), "one instance more is over the bound");
            }
            RecordingContext ctx = new RecordingContext(3, new PlaceholderDataCatalog());
            long[] cancelledAt = {0};
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    return;
                }
                cancelledAt[0] = System.nanoTime();
                ctx.cancel = true;
            });
            canceller.start();
            assertThrows(CancelledException.class, () -> new RidgeLab().run(c, ctx, 2));
            double seconds = (System.nanoTime() - cancelledAt[0]) / 1e9;
            assertTrue(cancelledAt[0] != 0, "p = " + p + ": the run ended before the cancel");
            System.out.printf("ridge p = %d, N up to %d: stopped %.3f s after the cancel%n", p, nMax, seconds);
            assertTrue(seconds < 2.0, "p = " + p + ": stopped " + seconds + " s after the cancel");
        }
    }
}
