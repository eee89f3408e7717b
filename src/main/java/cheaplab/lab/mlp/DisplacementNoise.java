package cheaplab.lab.mlp;

import cheaplab.linalg.CounterHash;
import cheaplab.linalg.VectorApi;

/**
 * The two loops that make an elastic displacement field ({@link ElasticDistortion}): counter-based uniform noise and
 * one pass of a 1-D convolution over a flat grid. Each output element is computed the same way whatever the vector
 * width — noise[i] from the hash of (i, key) alone, and a convolution sum accumulated tap by tap in the same order,
 * a multiplication then an addition (no fused multiply-add) — so {@link VectorDisplacementNoise} (the Java Vector API,
 * when the module is present) and the scalar loops here give the same bits on any processor.
 *
 * <p>Noise: h = {@link CounterHash#bits}(i, k₀, k₁) (the RBM's counter hash too), then the top 23 bits m as
 * (m + ½)·2⁻²² − 1: uniform on (−1, 1), symmetric about 0, every step exact in float.
 */
final class DisplacementNoise {
    /** Every length handed to the loops is rounded up to this many elements (any vector width divides it). */
    static final int BLOCK = 16;
    private static final boolean VECTOR = VectorApi.available();

    private DisplacementNoise() {}

    static int roundUp(int n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }

    static float uniform(int i, int k0, int k1) {
        int h = CounterHash.bits(i, k0, k1);
        return ((h >>> 9) + 0.5f) * 0x1p-22f - 1f;
    }

    /** out[i] = uniform(i, k0, k1) for i &lt; roundUp(n). */
    static void fill(float[] out, int n, int k0, int k1, boolean vector) {
        int end = roundUp(n);
        if (vector) {
            VectorDisplacementNoise.fill(out, end, k0, k1);
            return;
        }
        for (int i = 0; i < end; i++) out[i] = uniform(i, k0, k1);
    }

    static void fill(float[] out, int n, int k0, int k1) {
        fill(out, n, k0, k1, VECTOR);
    }

    /** out[i] = Σₖ g[k]·in[i + k·stride] (k = 0, 1, … in order) for i &lt; roundUp(n). */
    static void convolve(float[] in, int stride, float[] g, float[] out, int n, boolean vector) {
        int end = roundUp(n);
        if (vector) {
            VectorDisplacementNoise.convolve(in, stride, g, out, end);
            return;
        }
        for (int i = 0; i < end; i++) {
            float s = 0f;
            for (int k = 0; k < g.length; k++) s += g[k] * in[i + k * stride];
            out[i] = s;
        }
    }

    static void convolve(float[] in, int stride, float[] g, float[] out, int n) {
        convolve(in, stride, g, out, n, VECTOR);
    }
}
