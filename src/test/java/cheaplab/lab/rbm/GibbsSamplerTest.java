package cheaplab.lab.rbm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Block Gibbs chains leave p(v) invariant: their long-run state frequencies match the enumerated marginal. */
class GibbsSamplerTest {
    @Test
    void chainsSampleTheExactMarginal() {
        BernoulliRbm rbm = Enumeration.random(6, 4, 1.0, 31);
        double[] exact = Enumeration.of(rbm).marginal();
        int chains = 2000, sweeps = 100;
        double[] counts = new double[exact.length];
        try (GibbsSampler g = new GibbsSampler(rbm, chains, 1, "test")) {
            g.startUniform(chains);
            g.run(50);
            for (int t = 0; t < sweeps; t++) {
                g.run(1);
                float[] flat = g.visible().dup('c').data().asFloat();
                for (int r = 0; r < chains; r++) {
                    int s = 0;
                    for (int i = 0; i < 6; i++) if (flat[r * 6 + i] == 1f) s |= 1 << i;
                    counts[s]++;
                }
            }
        }
        double tv = 0;
        for (int s = 0; s < exact.length; s++) tv += Math.abs(counts[s] / ((double) chains * sweeps) - exact[s]);
        tv /= 2;
        // 200,000 correlated draws over 64 states: sampling noise in TV is about 0.005.
        assertTrue(tv < 0.015, "total variation to the exact marginal " + tv);
    }

    @Test
    void sameSeedSameChains() {
        BernoulliRbm rbm = Enumeration.random(6, 4, 1.0, 32);
        float[][][] out = new float[2][][];
        for (int r = 0; r < 2; r++) {
            try (GibbsSampler g = new GibbsSampler(rbm, 50, 9, "same")) {
                g.startUniform(50);
                g.run(10);
                out[r] = g.visible().dup('c').toFloatMatrix();
            }
        }
        for (int i = 0; i < 50; i++) assertArrayEquals(out[0][i], out[1][i]);
    }
}
