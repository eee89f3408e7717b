package cheaplab.lab.vrg;

import cheaplab.lab.ising.Onsager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The adapter's samples follow the exact 2D Ising results (Onsager), and a sample set is drawn once per key. */
class IsingSamplesTest {

    /** ⟨s_i s_j⟩ over right and down neighbours (periodic), per sample, averaged. */
    static double[] bondCorrelation(byte[][] samples, int l) {
        double[] per = new double[samples.length];
        for (int s = 0; s < samples.length; s++) {
            byte[] v = samples[s];
            double c = 0;
            for (int y = 0; y < l; y++)
                for (int x = 0; x < l; x++) {
                    int a = 2 * v[y * l + x] - 1;
                    c += a * (2 * v[y * l + (x + 1) % l] - 1) + a * (2 * v[((y + 1) % l) * l + x] - 1);
                }
            per[s] = c / (2.0 * l * l);
        }
        return per;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    static double sem(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1) / v.length);
    }

    @Test
    void theEnergyAboveAndBelowTcIsOnsagers() throws Exception {
        // u = −2⟨s s'⟩ per site; L = 16 is far from T_c large enough for finite-size effects under the noise.
        for (double t : new double[]{1.5, 3.5}) {
            byte[][] s = IsingSamples.sample(16, t, 1024, 11, f -> {});
            double[] c = bondCorrelation(s, 16);
            double u = -2 * mean(c), err = 2 * sem(c), exact = Onsager.energy(t);
            assertTrue(Math.abs(u - exact) < 4 * err + 2e-3, "T = " + t + ": u = " + u + " ± " + err + ", exact " + exact);
        }
        byte[][] cold = IsingSamples.sample(16, 1.5, 512, 12, f -> {});
        assertEquals(Onsager.magnetization(1.5), IsingSamples.meanAbsMagnetization(cold), 0.005);
    }

    @Test
    void atInfiniteTemperatureNeighboursAreUncorrelated() throws Exception {
        byte[][] s = IsingSamples.sample(8, 100, 1024, 5, f -> {});
        double[] c = bondCorrelation(s, 8);
        // ⟨s s'⟩ = tanh(1/T) ≈ 0.01 at T = 100
        assertEquals(Math.tanh(0.01), mean(c), 4 * sem(c));
        double ups = 0;
        for (byte[] v : s) for (byte b : v) ups += b;
        assertEquals(0.5, ups / (s.length * 64.0), 0.01);
    }

    @Test
    void aSampleSetIsDrawnOncePerKeyAndIsReproducible() throws Exception {
        int[] calls = {0};
        byte[][] a = IsingSamples.draw(6, 2.0, 100, 99, f -> calls[0]++);
        int first = calls[0];
        assertTrue(first > 0);
        assertTrue(IsingSamples.cached(6, 2.0, 100, 99));
        assertSame(a, IsingSamples.draw(6, 2.0, 100, 99, f -> calls[0]++));
        assertEquals(first, calls[0], "a cached set runs no Monte Carlo");
        byte[][] fresh = IsingSamples.sample(6, 2.0, 100, 99, f -> {});
        assertEquals(100, fresh.length);
        for (int i = 0; i < 100; i++) assertTrue(java.util.Arrays.equals(a[i], fresh[i]), "sample " + i);
    }
}
