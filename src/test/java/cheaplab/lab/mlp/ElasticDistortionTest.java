package cheaplab.lab.mlp;

import cheaplab.testlabs.MnistFixture;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElasticDistortionTest {
    private static final int W = 28, H = 28;

    private static float[] digit(int i) {
        MlpData.Split s = MlpData.split(MnistFixture.INSTANCE.images("mnist").train(), i, 1);
        return s.x();
    }

    @Test
    void noDisplacementNoRotationNoScalingIsTheIdentity() {
        ElasticDistortion d = new ElasticDistortion(W, H, 4.0, 0.0, 0.0, 0.0);
        for (int i = 0; i < 20; i++) {
            float[] src = digit(i), dst = new float[W * H];
            d.apply(src, 0, dst, 0, ElasticDistortion.random(7, 1, i));
            assertArrayEquals(src, dst, "image " + i);
        }
        // The same with a shift by a whole pixel is not the identity: the test can tell.
        ElasticDistortion rot = new ElasticDistortion(W, H, 4.0, 0.0, 10.0, 0.0);
        float[] src = digit(0), dst = new float[W * H];
        rot.apply(src, 0, dst, 0, ElasticDistortion.random(7, 1, 0));
        assertFalse(java.util.Arrays.equals(src, dst));
    }

    @Test
    void sameSeedSameDistortionOtherSeedOrEpochAnother() {
        ElasticDistortion d = new ElasticDistortion(W, H, 5.0, 34.0, 10.0, 0.15);
        ElasticDistortion other = new ElasticDistortion(W, H, 5.0, 34.0, 10.0, 0.15); // another thread's scratch
        float[] src = digit(3), a = new float[W * H], b = new float[W * H], c = new float[W * H], e = new float[W * H];
        d.apply(src, 0, a, 0, ElasticDistortion.random(11, 2, 3));
        other.apply(src, 0, b, 0, ElasticDistortion.random(11, 2, 3));
        d.apply(src, 0, c, 0, ElasticDistortion.random(12, 2, 3));
        d.apply(src, 0, e, 0, ElasticDistortion.random(11, 3, 3));
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
        assertFalse(java.util.Arrays.equals(a, e));
        assertFalse(java.util.Arrays.equals(a, src));
    }

    @Test
    void pixelRangeIsPreservedAndInkIsMostlyKept() {
        ElasticDistortion d = new ElasticDistortion(W, H, 4.0, 34.0, 15.0, 0.2);
        for (int i = 0; i < 200; i++) {
            float[] src = digit(i), dst = new float[W * H];
            d.apply(src, 0, dst, 0, ElasticDistortion.random(1, 1, i));
            double inkIn = 0, inkOut = 0;
            for (int p = 0; p < W * H; p++) {
                assertTrue(dst[p] >= 0f && dst[p] <= 1f, "pixel " + p + " of image " + i + " = " + dst[p]);
                inkIn += src[p];
                inkOut += dst[p];
            }
            // Scaling by up to ±20% per axis changes the area by at most (1.2)² ≈ 1.44 or (0.8)² ≈ 0.64; the
            // elastic part moves ink around. Far outside that would be a wrong interpolation.
            assertTrue(inkOut > 0.4 * inkIn && inkOut < 2.0 * inkIn, "ink " + inkIn + " → " + inkOut + " (image " + i + ")");
        }
    }

    /**
     * The smoothed field's autocorrelation at lag d along x: the kernel's own Σ gₖ gₖ₊d / Σ gₖ² and, for a Gaussian of
     * width σ, ≈ exp(−d²/4σ²). Estimated from many fields at every pixel (the padding makes the field stationary).
     */
    @Test
    void displacementCorrelationLengthFollowsSigma() {
        for (double sigma : new double[]{1.5, 3.0, 5.0}) {
            ElasticDistortion d = new ElasticDistortion(W, H, sigma, 1.0, 0, 0);
            float[] field = new float[W * H];
            int lagA = (int) Math.round(sigma), lagB = (int) Math.round(2 * sigma);
            double s0 = 0, sa = 0, sb = 0, mean = 0;
            long n0 = 0, na = 0, nb = 0;
            SplittableRandom rng = new SplittableRandom(42);
            for (int f = 0; f < 400; f++) {
                d.smoothedField(rng, field);
                for (int y = 0; y < H; y++)
                    for (int x = 0; x < W; x++) {
                        double v = field[y * W + x];
                        mean += v;
                        s0 += v * v;
                        n0++;
                        if (x + lagA < W) { sa += v * field[y * W + x + lagA]; na++; }
                        if (x + lagB < W) { sb += v * field[y * W + x + lagB]; nb++; }
                    }
            }
            double var = s0 / n0;
            assertEquals(0.0, mean / n0, 0.05 * Math.sqrt(var), "mean, σ = " + sigma);
            double rhoA = (sa / na) / var, rhoB = (sb / nb) / var;
            assertEquals(Math.exp(-lagA * lagA / (4 * sigma * sigma)), rhoA, 0.05, "ρ(" + lagA + "), σ = " + sigma);
            assertEquals(Math.exp(-lagB * lagB / (4 * sigma * sigma)), rhoB, 0.05, "ρ(" + lagB + "), σ = " + sigma);
            // The kernel's exact autocorrelation agrees too, and one of half or twice the width does not.
            assertEquals(kernelCorrelation(sigma, lagB), rhoB, 0.05);
            assertTrue(Math.abs(kernelCorrelation(sigma / 2, lagB) - rhoB) > 0.1, "σ/2 would be told apart, σ = " + sigma);
            assertTrue(Math.abs(kernelCorrelation(sigma * 2, lagB) - rhoB) > 0.1, "2σ would be told apart, σ = " + sigma);
            // The field's variance: Var U(−1, 1) = 1/3 times (Σ gₖ²)² for the separable kernel.
            double[] g = ElasticDistortion.gaussian(sigma, (int) Math.ceil(ElasticDistortion.TRUNCATE * sigma));
            double g2 = 0;
            for (double v : g) g2 += v * v;
            assertEquals(g2 * g2 / 3, var, 0.1 * g2 * g2 / 3, "variance, σ = " + sigma);
        }
    }

    private static double kernelCorrelation(double sigma, int lag) {
        double[] g = ElasticDistortion.gaussian(sigma, (int) Math.ceil(ElasticDistortion.TRUNCATE * sigma));
        double num = 0, den = 0;
        for (int k = 0; k < g.length; k++) {
            den += g[k] * g[k];
            if (k + lag < g.length) num += g[k] * g[k + lag];
        }
        return num / den;
    }
}
