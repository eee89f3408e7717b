package cheaplab.bench;

import cheaplab.linalg.Blas;
import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.NativeSlice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measured single-precision GEMM throughput on this machine, for the benchmarks' "% of the GEMM rate" and
 * "flops / GEMM rate" lower bounds: C = A·B through {@code Nd4j.gemm} into a reused output and through CBLAS on
 * the same buffers, best of several timed repetitions after a warm-up.
 */
final class GemmRate {
    private GemmRate() {}

    /** GFLOP/s of the best of {@code reps} products (m × k) · (k × n) via Nd4j.gemm. */
    static double nd4j(int m, int n, int k, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k), b = Nd4j.rand(DataType.FLOAT, k, n), c = Nd4j.create(DataType.FLOAT, m, n);
        return best(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0), 2.0 * m * n * k, reps);
    }

    /** The same through cblas_sgemm with explicit leading dimensions. */
    static double cblas(int m, int n, int k, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k), b = Nd4j.rand(DataType.FLOAT, k, n), c = Nd4j.create(DataType.FLOAT, m, n);
        NativeSlice pa = NativeBuffer.of(a).at(0), pb = NativeBuffer.of(b).at(0), pc = NativeBuffer.of(c).at(0);
        return best(() -> Blas.sgemm(false, false, m, n, k, 1f, pa, k, pb, n, 0f, pc, n), 2.0 * m * n * k, reps);
    }

    /**
     * Aggregate GFLOP/s of {@code threads} Java threads each running its own single-threaded n³ product at the same
     * time (OpenBLAS at one thread per call, as the engine runs it): the machine's rate with all those cores busy.
     */
    static double concurrent(int threads, int n, int reps) throws InterruptedException {
        double[] rates = new double[threads];
        Thread[] ts = new Thread[threads];
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        for (int i = 0; i < threads; i++) {
            int id = i;
            ts[i] = new Thread(null, () -> {
                try {
                    start.await();
                    rates[id] = cblas(n, n, n, reps);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "gemm-rate-" + i, 16L << 20);
            ts[i].start();
        }
        double total = 0;
        for (int i = 0; i < threads; i++) {
            ts[i].join();
            total += rates[i];
        }
        return total;
    }

    private static double best(Runnable r, double flop, int reps) {
        // Warm-up and enough calls per timing that each lasts ≥ ~20 ms.
        long t0 = System.nanoTime();
        r.run();
        long one = Math.max(1, System.nanoTime() - t0);
        int calls = (int) Math.max(1, Math.min(10_000, 20_000_000L / one));
        for (int i = 0; i < calls; i++) r.run();
        double bestRate = 0;
        for (int rep = 0; rep < reps; rep++) {
            long s = System.nanoTime();
            for (int i = 0; i < calls; i++) r.run();
            double sec = (System.nanoTime() - s) / 1e9;
            bestRate = Math.max(bestRate, flop * calls / sec / 1e9);
        }
        return bestRate;
    }
}
