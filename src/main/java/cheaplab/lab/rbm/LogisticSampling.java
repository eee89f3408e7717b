package cheaplab.lab.rbm;

import java.nio.ByteBuffer;

/**
 * One fused pass over a layer of logistic units: the probabilities t = σ(s), s = z + bias, a Bernoulli sample
 * [u < t] with {@link CounterRandom} numbers, and — for annealed importance sampling — each row's
 * Σⱼ log(1 + tⱼ · (e^{−ρ sⱼ} − 1)). Done as separate library calls (sigmoid, a random fill, a comparison, exp,
 * products) this element-wise work costs more than the two GEMMs of an AIS step; fused it is a small fraction.
 *
 * <p>Arithmetic is fixed to the last bit: e^{y} by Cody–Waite reduction and Cephes' degree-6 polynomial, σ from
 * e^{−|s|}, e^{x} − 1 by its degree-10 Taylor polynomial on |x| ≤ 1, all with fused multiply-adds; the factors of a
 * row multiply into {@value #LANES} float partial products (element j into partial j mod {@value #LANES}) that
 * are folded into a double logarithm every {@value #CHUNK} elements (and at the end, the last n mod
 * {@value #LANES} elements joining the last chunk). So {@link ScalarLogisticSampling} and
 * {@link VectorLogisticSampling} give bit-identical results, whatever the processor or the vector width.
 *
 * <p>Rows are read from and written to direct byte buffers in native order (the memory BLAS writes and reads):
 * row r of z starts at float r·ldz, row r of the sample at r·ldo.
 */
interface LogisticSampling {
    /** Width of the partial products and of the vectors (256 bits of floats). */
    int LANES = 8;
    /** Elements per partial product before it is folded into the row's logarithm (|log| ≤ 33 when |ρ s| ≤ 1). */
    int CHUNK = 256;

    /**
     * For rows r &lt; m and columns j &lt; n: out[r, j] = 1 if u(r·n + j) &lt; σ(z[r, j] + bias[j]) else 0, with the
     * uniform numbers of {@code keys} ({@link CounterRandom}). When {@code logFactor} is not null, also
     * logFactor[r] = Σⱼ log(1 + σ(sⱼ)·(e^{−ρ sⱼ} − 1)) with ρ = {@code ratio}; this form needs |ρ sⱼ| ≤ 1.
     *
     * @param bias null for none
     */
    void sample(ByteBuffer z, int ldz, float[] bias, ByteBuffer out, int ldo, int m, int n, long keys, float ratio,
                double[] logFactor);

    /** The vectorised kernel when the JVM runs with {@code --add-modules jdk.incubator.vector}, else the scalar one. */
    static LogisticSampling fastest() {
        if (vectorAvailable()) return new VectorLogisticSampling();
        ScalarNotice.once();
        return new ScalarLogisticSampling();
    }

    /** Says once per JVM that the slower, bit-identical scalar kernel is in use, and how to get the fast one. */
    final class ScalarNotice {
        private static final java.util.concurrent.atomic.AtomicBoolean SAID = new java.util.concurrent.atomic.AtomicBoolean();

        private ScalarNotice() {}

        static void once() {
            if (SAID.compareAndSet(false, true))
                org.slf4j.LoggerFactory.getLogger(LogisticSampling.class).warn(
                        "jdk.incubator.vector is not enabled: RBM sampling uses the scalar kernel (same numbers, several "
                                + "times slower). Start java with --add-modules jdk.incubator.vector.");
        }
    }

    static boolean vectorAvailable() {
        return cheaplab.linalg.VectorApi.available();
    }
}
