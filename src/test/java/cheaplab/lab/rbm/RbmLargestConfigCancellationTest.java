package cheaplab.lab.rbm;

import cheaplab.testlabs.RecordingContext;

import cheaplab.core.CancelledException;
import cheaplab.core.ConfigException;
import cheaplab.data.DataCatalog;
import cheaplab.data.ImageDataset;
import cheaplab.data.ImageSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The largest RBM configs validation accepts (4096 hidden units, CD-1000 or PCD-1000, batches of 10,000, the whole
 * training split) end within 2 s of a cancel requested mid-update, and mid-evaluation. Run on 60,000 + 10,000 random
 * binary images: the work per check is what matters, not the pictures.
 */
class RbmLargestConfigCancellationTest {
    private static final ImageDataset RANDOM = randomImages();

    private static ImageDataset randomImages() {
        Random r = new Random(3);
        return new ImageDataset("mnist", set(r, RbmConfig.TRAIN_SPLIT), set(r, RbmConfig.TEST_SPLIT));
    }

    private static ImageSet set(Random r, int n) {
        byte[] px = new byte[n * RbmConfig.PIXELS];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (r.nextInt(4) == 0 ? 255 : 0);
        return new ImageSet(n, 28, 28, px, new byte[n]);
    }

    /** The largest accepted config of this shape: AIS runs, then training images, cut until the memory budget holds. */
    private static RbmConfig largest(boolean persistent, int epochs, int evalEvery) {
        for (int ais : new int[]{10_000, 5_000, 2_000, 1_000, 500, 100}) {
            for (int train = RbmConfig.TRAIN_SPLIT - 10_000; train >= 10_000; train -= 10_000) {
                try {
                    return new RbmConfig("mnist", 4096, 1000, persistent, 0.001, 0.5, 0.0002, 0.0, 10_000, epochs, true,
                            train, 10_000, 10_000, ais, 1_000_000, evalEvery, 1, null);
                } catch (ConfigException e) {
                    // over the memory budget: less
                }
            }
        }
        throw new AssertionError("no config with 4096 hidden units and batches of 10,000 is accepted");
    }

    private static double secondsToStopAfterCancel(RbmConfig cfg, long cancelAfterMillis) {
        return secondsToStopAfterCancel(cfg, cancelAfterMillis, false);
    }

    /** @param afterSetUp count the delay from the first image frame (set-up done, the first update next) */
    private static double secondsToStopAfterCancel(RbmConfig cfg, long cancelAfterMillis, boolean afterSetUp) {
        java.util.concurrent.CountDownLatch setUp = new java.util.concurrent.CountDownLatch(1);
        RecordingContext ctx = new RecordingContext(1) {
            @Override
            public void point(String series, java.util.Map<String, ?> values) {
                super.point(series, values);
                if (series.equals("filters")) setUp.countDown();
            }

            @Override
            public DataCatalog data() {
                return new DataCatalog() {
                    @Override public List<String> ids() { return List.of("mnist"); }
                    @Override public boolean isLocal(String id) { return true; }
                    @Override public ImageDataset images(String id) { return RANDOM; }
                };
            }
        };
        long[] cancelledAt = {0};
        Thread canceller = new Thread(() -> {
            try {
                if (afterSetUp) setUp.await();
                Thread.sleep(cancelAfterMillis);
            } catch (InterruptedException e) {
                return;
            }
            cancelledAt[0] = System.nanoTime();
            ctx.cancel = true;
        });
        canceller.start();
        Thread watchdog = new Thread(() -> { // on a slow stop, say where the run thread is
            try {
                while (cancelledAt[0] == 0) Thread.sleep(20);
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            Thread.getAllStackTraces().forEach((t, st) -> {
                if (!t.getName().equals("main") && !t.getName().startsWith("rbm")) return;
                StringBuilder b = new StringBuilder("still running 1.5 s after the cancel: " + t.getName());
                for (int f = 0; f < Math.min(12, st.length); f++) b.append("\n    at ").append(st[f]);
                System.out.println(b);
            });
        });
        watchdog.setDaemon(true);
        watchdog.start();
        assertThrows(CancelledException.class, () -> new RbmLab().run(cfg, ctx));
        long end = System.nanoTime();
        watchdog.interrupt();
        assertTrue(cancelledAt[0] != 0, "the run ended before it was cancelled");
        return (end - cancelledAt[0]) / 1e9;
    }

    @Test
    void cdThousandOnFourThousandHiddenUnitsStopsWithinTwoSeconds() {
        // 1.5 s after set-up (data, buffers, the epoch-0 measures and images): inside the first update's Gibbs chain
        double s = secondsToStopAfterCancel(largest(false, 10_000, 0), 1500, true);
        System.out.printf("RBM CD-1000, 4096 hidden, batch 10,000: stopped %.3f s after the cancel%n", s);
        assertTrue(s < 2.0, "stopped " + s + " s after the cancel");
    }

    @Test
    void evaluationOfTheLargestModelStopsWithinTwoSeconds() {
        // epochs 0: the run starts with the monitor (free energies, pseudo-likelihood) and then AIS with 10,000 runs
        double s = secondsToStopAfterCancel(largest(true, 0, 0), 3000);
        System.out.printf("RBM evaluation of 4096 hidden units: stopped %.3f s after the cancel%n", s);
        assertTrue(s < 2.0, "stopped " + s + " s after the cancel");
    }

    @Test
    void setUpOfTheLargestRunStopsWithinTwoSeconds() {
        // 0.5 s in: loading 70,000 images and allocating gigabytes of buffers, checked between rows and parts
        double s = secondsToStopAfterCancel(largest(false, 10_000, 0), 500);
        System.out.printf("RBM set-up (data, buffers) of the largest config: stopped %.3f s after the cancel%n", s);
        assertTrue(s < 2.0, "stopped " + s + " s after the cancel");
    }
}
