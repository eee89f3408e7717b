package cheaplab.lab.rbm;

import java.nio.ByteBuffer;

/**
 * The reference implementation of {@link LogisticSampling}, one element at a time, and the scalar functions both
 * implementations share. Used when the JVM has no {@code jdk.incubator.vector}; gives the same bits as the
 * vectorised kernel, several times more slowly.
 */
final class ScalarLogisticSampling implements LogisticSampling {
    static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2²³: adding it rounds a float of magnitude &lt; 2²² to an integer, held in the low mantissa bits. */
    static final float ROUNDER = 12582912f;
    static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** e^y for y below this is not needed (σ(−86) ≈ 4·10⁻³⁸); clamping keeps 2ⁿ a normal float. */
    static final float LOWEST = -86f;
    /** Cephes expf: e^r ≈ 1 + r + r²·P(r) on |r| ≤ ln2/2, relative error ≈ 1e-7. */
    static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f, P3 = 4.1665795894E-2f,
            P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;
    /** 1/k! for k = 0…10 (Taylor coefficients of eˣ − 1). */
    static final float[] INV_FACTORIAL = new float[11];

    static {
        double f = 1;
        for (int k = 0; k <= 10; k++) {
            if (k > 0) f *= k;
            INV_FACTORIAL[k] = (float) (1 / f);
        }
    }

    private float[] acc = new float[LANES];

    /** e^y for y ≤ 0 (y below {@value #LOWEST} is taken as {@value #LOWEST}). */
    static float expNonPositive(float y) {
        y = Math.max(y, LOWEST);
        float kf = Math.fma(y, LOG2E, ROUNDER);
        int k = Float.floatToRawIntBits(kf) - ROUNDER_BITS;
        kf = kf - ROUNDER;
        float r = Math.fma(kf, -LN2_HI, y);
        r = Math.fma(kf, -LN2_LO, r);
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P0, r, P1), r, P2), r, P3), r, P4), r, P5);
        float e = Math.fma(p, r * r, r) + 1f;
        return Float.intBitsToFloat(Float.floatToRawIntBits(e) + (k << 23));
    }

    /** The logistic function σ(s) = 1 / (1 + e^{−s}), from e^{−|s|} (no overflow). */
    static float sigmoid(float s) {
        float e = expNonPositive(-Math.abs(s));
        float q = 1f / (e + 1f);
        return s < 0f ? e * q : q;
    }

    /** eˣ − 1 for |x| ≤ 1 (degree-10 Taylor polynomial: relative error ≤ 3·10⁻⁸ plus rounding). */
    static float expm1Small(float x) {
        float[] c = INV_FACTORIAL;
        float p = c[10];
        for (int k = 9; k >= 1; k--) p = Math.fma(p, x, c[k]);
        return p * x;
    }

    /** The factor 1 + t·(e^{−ρ s} − 1) of one unit. */
    static float factor(float t, float s, float ratio) {
        return Math.fma(t, expm1Small(s * -ratio), 1f);
    }

    /** log of the product of the partials, in double (|log| stays far inside double range). */
    static double fold(float[] partials) {
        double p = 1;
        for (int l = 0; l < LANES; l++) p *= partials[l];
        return Math.log(p);
    }

    static void requireNativeOrder(ByteBuffer z, ByteBuffer out) {
        if (z.order() != java.nio.ByteOrder.nativeOrder() || out.order() != java.nio.ByteOrder.nativeOrder())
            throw new IllegalArgumentException("buffers must be in native byte order");
    }

    @Override
    public void sample(ByteBuffer z, int ldz, float[] bias, ByteBuffer out, int ldo, int m, int n, long keys,
                       float ratio, double[] logFactor) {
        requireNativeOrder(z, out);
        int k0 = CounterRandom.k0(keys), k1 = CounterRandom.k1(keys);
        int mainEnd = n - n % LANES;
        for (int r = 0; r < m; r++) {
            int zRow = r * ldz, outRow = r * ldo, counter = r * n;
            java.util.Arrays.fill(acc, 1f);
            double rowLog = 0;
            for (int j = 0; j < n; j++) {
                if (j > 0 && j % CHUNK == 0 && j < mainEnd && logFactor != null) {
                    rowLog += fold(acc);
                    java.util.Arrays.fill(acc, 1f);
                }
                float s = z.getFloat(4 * (zRow + j));
                if (bias != null) s += bias[j];
                float t = sigmoid(s);
                out.putFloat(4 * (outRow + j), CounterRandom.uniform(counter + j, k0, k1) < t ? 1f : 0f);
                if (logFactor != null) acc[j % LANES] *= factor(t, s, ratio);
            }
            if (logFactor != null) logFactor[r] = rowLog + fold(acc);
        }
    }
}
