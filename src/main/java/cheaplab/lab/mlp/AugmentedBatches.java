package cheaplab.lab.mlp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Training batches produced ahead of the trainer by worker threads: each batch's images are copied (and, with
 * {@code distortion}, distorted afresh: {@link ElasticDistortion#random(long, int, int)} keyed by seed, epoch and
 * image) and mapped to the input range. Batch g (counted over the whole run) is one task; the trainer takes the
 * batches in order, so the numbers do not depend on how many workers there are or how they are scheduled. Up to
 * {@link #imagesAhead(int)} images are kept ready, across epoch boundaries (the trainer's evaluation at the end of an
 * epoch overlaps the next epoch's first batches).
 *
 * <p>Measured: the trainer's time blocked waiting for a batch ({@link #waitNanos()}) and the workers' busy time per
 * image ({@link #busyNanos()}), from which the production capacity (images per second with all workers) follows.
 */
final class AugmentedBatches implements AutoCloseable {
    /** Images the workers keep ready (at least two batches). */
    static long imagesAhead(int batchSize) {
        return (long) windowBatches(batchSize) * batchSize;
    }

    static int windowBatches(int batchSize) {
        return Math.max(2, (4096 + batchSize - 1) / batchSize);
    }

    /** One mini-batch: {@code size} images of the input, {@code size} × 10 one-hot labels. */
    record Batch(int epoch, int index, int size, float[] x, float[] y) {}

    private final MlpData.Split train;
    private final MlpConfig cfg;
    private final int pixels, width, height, perEpoch, window, threads;
    private final ExecutorService pool;
    private final ThreadLocal<ElasticDistortion> distortion;
    private final IntFunction<int[]> orderOfEpoch;
    private final Map<Integer, int[]> orders = new HashMap<>();
    private final ArrayDeque<Future<Batch>> ready = new ArrayDeque<>();
    private final AtomicLong busy = new AtomicLong(), produced = new AtomicLong();
    private long waited, submitted;
    private final long total;

    /**
     * @param orderOfEpoch the permutation of the training images for epoch e (1-based), asked for in epoch order
     */
    AugmentedBatches(MlpData.Split train, int width, int height, MlpConfig cfg, int threads, IntFunction<int[]> orderOfEpoch) {
        this.train = train;
        this.cfg = cfg;
        this.width = width;
        this.height = height;
        this.pixels = width * height;
        this.perEpoch = cfg.trainImages() / cfg.batchSize();
        this.window = windowBatches(cfg.batchSize());
        this.threads = threads;
        this.orderOfEpoch = orderOfEpoch;
        this.total = (long) perEpoch * cfg.epochs();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mlp-augment-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.distortion = ThreadLocal.withInitial(() -> new ElasticDistortion(width, height, cfg.sigma(), cfg.alpha(),
                cfg.rotation(), cfg.scaling()));
        fill();
    }

    int perEpoch() {
        return perEpoch;
    }

    int threads() {
        return threads;
    }

    private void fill() {
        while (ready.size() < window && submitted < total) {
            long g = submitted++;
            int epoch = (int) (g / perEpoch) + 1, k = (int) (g % perEpoch);
            int[] order = orders.computeIfAbsent(epoch, orderOfEpoch::apply);
            orders.remove(epoch - 2);
            ready.add(pool.submit(() -> produce(epoch, k, order)));
        }
    }

    /** The next batch in order (blocks until it is ready; the time blocked counts as waiting). */
    Batch next() throws InterruptedException {
        Future<Batch> f = ready.poll();
        if (f == null) throw new IllegalStateException("no batch left");
        long t0 = System.nanoTime();
        Batch b;
        try {
            b = f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            throw new IllegalStateException(c);
        }
        waited += System.nanoTime() - t0;
        fill();
        return b;
    }

    private Batch produce(int epoch, int k, int[] order) {
        long t0 = System.nanoTime();
        int b = cfg.batchSize();
        float[] x = new float[b * pixels], y = new float[b * MlpConfig.CLASSES];
        boolean symmetric = cfg.inputRange().equals("symmetric");
        ElasticDistortion d = cfg.distortion() ? distortion.get() : null;
        for (int i = 0; i < b; i++) {
            int image = order[k * b + i];
            if (d != null) {
                SplittableRandom rng = ElasticDistortion.random(cfg.seed(), epoch, image);
                d.apply(train.x(), image * pixels, x, i * pixels, rng);
            } else {
                System.arraycopy(train.x(), image * pixels, x, i * pixels, pixels);
            }
            if (symmetric) for (int p = i * pixels; p < (i + 1) * pixels; p++) x[p] = 2 * x[p] - 1;
            y[i * MlpConfig.CLASSES + train.labels()[image]] = 1f;
        }
        busy.addAndGet(System.nanoTime() - t0);
        produced.addAndGet(b);
        return new Batch(epoch, k, b, x, y);
    }

    /** Nanoseconds the trainer has spent blocked in {@link #next()}. */
    long waitNanos() {
        return waited;
    }

    /** Nanoseconds the workers have spent producing, summed over workers. */
    long busyNanos() {
        return busy.get();
    }

    long producedImages() {
        return produced.get();
    }

    @Override
    public void close() {
        for (Future<Batch> f : ready) f.cancel(false);
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
