package cheaplab.lab.mlp;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisplacementNoiseTest {
    @Test
    void theNoiseIsUniformOnMinusOneToOne() {
        int n = 1 << 16;
        float[] u = new float[DisplacementNoise.roundUp(n)];
        DisplacementNoise.fill(u, n, 12345, -777);
        double sum = 0, sq = 0;
        int[] bins = new int[10];
        for (int i = 0; i < n; i++) {
            assertTrue(u[i] > -1f && u[i] < 1f, "in (−1, 1): " + u[i]);
            sum += u[i];
            sq += u[i] * (double) u[i];
            bins[(int) ((u[i] + 1) * 5)]++;
        }
        assertEquals(0.0, sum / n, 4 * Math.sqrt(1.0 / 3 / n), "mean 0");
        assertEquals(1.0 / 3, sq / n, 0.01, "variance 1/3");
        for (int b : bins) assertEquals(n / 10.0, b, 5 * Math.sqrt(n / 10.0), "flat histogram");
        // Neighbours are uncorrelated.
        double lag = 0;
        for (int i = 0; i + 1 < n; i++) lag += u[i] * (double) u[i + 1];
        assertEquals(0.0, lag / (n - 1) / (1.0 / 3), 4 / Math.sqrt(n));
    }

    @Test
    void vectorAndScalarLoopsGiveTheSameBits() {
        for (int n : new int[]{1, 15, 16, 17, 4064, 5000}) {
            float[] a = new float[DisplacementNoise.roundUp(n)], b = new float[a.length];
            DisplacementNoise.fill(a, n, 7, 99, false);
            DisplacementNoise.fill(b, n, 7, 99, true);
            assertArrayEquals(a, b, "noise of " + n);
            float[] g = {0.1f, 0.25f, 0.3f, 0.25f, 0.1f};
            int stride = 3;
            float[] in = new float[a.length + (g.length - 1) * stride];
            SplittableRandom r = new SplittableRandom(n);
            for (int i = 0; i < in.length; i++) in[i] = (float) r.nextGaussian();
            float[] ca = new float[a.length], cb = new float[a.length];
            DisplacementNoise.convolve(in, stride, g, ca, n, false);
            DisplacementNoise.convolve(in, stride, g, cb, n, true);
            assertArrayEquals(ca, cb, "convolution of " + n);
            double expect = 0;
            for (int k = 0; k < g.length; k++) expect += g[k] * in[k * stride];
            assertEquals(expect, ca[0], 1e-5);
        }
    }
}
