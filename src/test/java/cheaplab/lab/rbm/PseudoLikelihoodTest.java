package cheaplab.lab.rbm;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** scikit-learn's score_samples: nv · log σ(F(ṽ) − F(v)) with one flipped unit per row. */
class PseudoLikelihoodTest {
    @Test
    void matchesTheDefinitionWithTheSameFlips() {
        BernoulliRbm rbm = Enumeration.random(9, 5, 1.0, 41);
        Enumeration e = Enumeration.of(rbm);
        SplittableRandom data = new SplittableRandom(3);
        double[][] v = new double[1500][9]; // more than one block of rows
        for (double[] row : v) for (int i = 0; i < 9; i++) row[i] = data.nextInt(4) == 0 ? data.nextDouble() : data.nextInt(2);
        double[] got = new PseudoLikelihood(9, 5).of(rbm, VisibleRows.of(v), new SplittableRandom(77));
        SplittableRandom flips = new SplittableRandom(77);
        for (int r = 0; r < v.length; r++) {
            int i = flips.nextInt(9);
            double[] w = v[r].clone();
            w[i] = 1 - w[i];
            double want = 9 * Math.log(Enumeration.sigmoid(freeEnergy(e, w) - freeEnergy(e, v[r])));
            assertEquals(want, got[r], 1e-4 * Math.max(1, Math.abs(want)), "row " + r);
        }
    }

    /** F(v) = −bᵀv − Σⱼ softplus(cⱼ + vᵀWⱼ), also for non-binary v. */
    private static double freeEnergy(Enumeration e, double[] v) {
        double f = 0;
        for (int i = 0; i < e.nv; i++) f -= e.b[i] * v[i];
        for (int j = 0; j < e.nh; j++) {
            double a = e.c[j];
            for (int i = 0; i < e.nv; i++) a += v[i] * e.w[i][j];
            f -= Softplus.of(a);
        }
        return f;
    }
}
