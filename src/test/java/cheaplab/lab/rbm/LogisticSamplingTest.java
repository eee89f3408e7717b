package cheaplab.lab.rbm;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticSamplingTest {

    private static ByteBuffer floats(int n) {
        return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
    }

    private static double sigmoid(double s) {
        return 1 / (1 + Math.exp(-s));
    }

    @Test
    void theTestCommandRunsTheVectorKernel() {
        // surefire's argLine adds jdk.incubator.vector, as the README's launch command does
        assertTrue(LogisticSampling.vectorAvailable(), "run the JVM with --add-modules jdk.incubator.vector");
        assertInstanceOf(VectorLogisticSampling.class, LogisticSampling.fastest());
    }

    @Test
    void expSigmoidAndExpm1AreAccurateToAFewUlps() {
        double worstExp = 0, worstSigmoid = 0, worstExpm1 = 0;
        for (float y = -86f; y <= 0f; y += 0.000731f) {
            double exact = Math.exp(y);
            worstExp = Math.max(worstExp, Math.abs(ScalarLogisticSampling.expNonPositive(y) - exact) / exact);
        }
        for (float s = -86f; s <= 86f; s += 0.00173f) {
            double exact = sigmoid(s);
            worstSigmoid = Math.max(worstSigmoid, Math.abs(ScalarLogisticSampling.sigmoid(s) - exact) / exact);
        }
        for (float x = -1f; x <= 1f; x += 0.0000371f) {
            if (x == 0) continue;
            double exact = Math.expm1(x);
            worstExpm1 = Math.max(worstExpm1, Math.abs(ScalarLogisticSampling.expm1Small(x) - exact) / Math.abs(exact));
        }
        for (float x = 1e-30f; x < 1e-3f; x *= 1.7f) {
            for (float sx : new float[]{x, -x}) {
                double exact = Math.expm1(sx);
                worstExpm1 = Math.max(worstExpm1, Math.abs(ScalarLogisticSampling.expm1Small(sx) - exact) / Math.abs(exact));
            }
        }
        assertTrue(worstExp < 2.5e-7, "exp relative error " + worstExp);
        assertTrue(worstSigmoid < 4e-7, "sigmoid relative error " + worstSigmoid);
        assertTrue(worstExpm1 < 2.5e-7, "expm1 relative error " + worstExpm1);
        // the tails: saturate cleanly, never NaN or negative
        assertEquals(1f, ScalarLogisticSampling.sigmoid(200f));
        assertTrue(ScalarLogisticSampling.sigmoid(-200f) >= 0f && ScalarLogisticSampling.sigmoid(-200f) < 1e-37f);
        assertEquals(0.5f, ScalarLogisticSampling.sigmoid(0f));
        assertEquals(0.5f, ScalarLogisticSampling.sigmoid(-0f));
    }

    /** Inputs with the awkward values (zeros, the clamp, beyond it) among Gaussian ones of a trained RBM's scale. */
    private static void fill(ByteBuffer z, int count, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] special = {0f, -0f, 86f, -86f, 87.5f, -87.5f, 300f, -300f, 1e-30f, -1e-30f, 16.6355f, -16.6355f};
        for (int i = 0; i < count; i++)
            z.putFloat(4 * i, i < special.length ? special[i] : (float) (r.nextGaussian() * scale));
    }

    @Test
    void vectorAndScalarKernelsGiveTheSameBits() {
        LogisticSampling vector = new VectorLogisticSampling(), scalar = new ScalarLogisticSampling();
        int m = 3;
        for (int n : new int[]{1, 5, 8, 13, 255, 256, 259, 500, 512, 517, 784}) {
            for (boolean withBias : new boolean[]{false, true}) {
                int ldz = n + 3, ldo = n + 1; // padded rows: leading dimensions ≠ width
                ByteBuffer z = floats(m * ldz), outV = floats(m * ldo), outS = floats(m * ldo);
                fill(z, m * ldz, n, 20);
                float[] bias = null;
                if (withBias) {
                    bias = new float[n];
                    for (int j = 0; j < n; j++) bias[j] = (float) Math.sin(j) * 3;
                }
                // the factors need |ρ s| ≤ 1: ρ = 1/400 with |s| ≤ 300 + bias
                double[] logV = new double[m], logS = new double[m];
                long keys = 0x1234_5678_9abc_def0L + n;
                for (int i = 0; i < m * ldo; i++) {
                    outV.putFloat(4 * i, 7f);
                    outS.putFloat(4 * i, 7f);
                }
                vector.sample(z, ldz, bias, outV, ldo, m, n, keys, 1f / 400, logV);
                scalar.sample(z, ldz, bias, outS, ldo, m, n, keys, 1f / 400, logS);
                for (int i = 0; i < m * ldo; i++) {
                    float v = outV.getFloat(4 * i);
                    assertEquals(Float.floatToRawIntBits(outS.getFloat(4 * i)), Float.floatToRawIntBits(v), "n " + n + " element " + i);
                    if (i % ldo >= n) assertEquals(7f, v, "the padding beyond n columns is not written");
                    else assertTrue(v == 0f || v == 1f);
                }
                assertArrayEquals(logS, logV, 0.0, "n " + n);
            }
        }
    }

    @Test
    void rowLogFactorsMatchDoublePrecision() {
        int m = 4, n = 517;
        ByteBuffer z = floats(m * n), out = floats(m * n);
        fill(z, m * n, 9, 15);
        for (float ratio : new float[]{1e-5f, 1e-3f, 1f / 300}) {
            double[] got = new double[m];
            new VectorLogisticSampling().sample(z, n, null, out, n, m, n, 42L, ratio, got);
            for (int r = 0; r < m; r++) {
                double exact = 0;
                for (int j = 0; j < n; j++) {
                    double s = z.getFloat(4 * (r * n + j));
                    // softplus(s − ρ s) − softplus(s), the log of the factor, in double
                    exact += Softplus.of(s - ratio * s) - Softplus.of(s);
                }
                double scale = Math.max(1e-3, Math.abs(exact));
                assertEquals(exact, got[r], 2e-5 * scale + 1e-6, "ratio " + ratio + " row " + r);
            }
        }
    }

    @Test
    void samplesHaveTheRightFrequencies() {
        int m = 40, n = 1000; // 40,000 draws per probability
        double[] ps = {0.001, 0.1, 0.37, 0.5, 0.9, 0.999};
        for (double p : ps) {
            ByteBuffer z = floats(m * n), out = floats(m * n);
            float logit = (float) Math.log(p / (1 - p));
            for (int i = 0; i < m * n; i++) z.putFloat(4 * i, logit);
            double t = ScalarLogisticSampling.sigmoid(logit);
            long ones = 0;
            CounterRandom keys = new CounterRandom(5, "freq");
            for (int rep = 0; rep < 5; rep++) {
                new VectorLogisticSampling().sample(z, n, null, out, n, m, n, keys.nextKeys(), 0f, null);
                for (int i = 0; i < m * n; i++) ones += (long) out.getFloat(4 * i);
            }
            double draws = 5.0 * m * n, sd = Math.sqrt(draws * t * (1 - t));
            assertEquals(draws * t, ones, 5 * sd + 1, "p = " + p);
        }
    }

    @Test
    void buffersInTheWrongByteOrderAreRefused() {
        ByteBuffer big = ByteBuffer.allocateDirect(64).order(ByteOrder.BIG_ENDIAN), ok = floats(16);
        ByteBuffer wrong = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN) : big;
        assertThrows(IllegalArgumentException.class, () -> new ScalarLogisticSampling().sample(wrong, 4, null, ok, 4, 2, 4, 1L, 0f, null));
        assertThrows(IllegalArgumentException.class, () -> new VectorLogisticSampling().sample(ok, 4, null, wrong, 4, 2, 4, 1L, 0f, null));
    }
}
