package cheaplab.lab.rbm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CD / PCD update against exact expectations on a 6 × 4 RBM: the k-step CD chain's distribution by
 * matrix powers of the exact Gibbs transition, and the exact log-likelihood gradient by enumeration.
 */
class ContrastiveDivergenceTest {
    static final int NV = 6, NH = 4;
    /** Five training patterns (bit patterns of the 6 visible units). */
    static final int[] PATTERNS = {0b000111, 0b111000, 0b101010, 0b110011, 0b000001};

    private static VisibleRows data(int rows) {
        double[][] v = new double[rows][];
        for (int r = 0; r < rows; r++) v[r] = Enumeration.bits(PATTERNS[r % PATTERNS.length], NV);
        return VisibleRows.of(v);
    }

    private static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
    }

    private static double[][] matrix(INDArray a) {
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
    }

    /** Exact Gibbs transition T[s][t] = Σ_h p(h | v_s) p(v_t | h) over the 2^NV visible states. */
    private static double[][] transition(Enumeration e) {
        int n = 1 << NV;
        double[][] t = new double[n][n];
        for (int s = 0; s < n; s++) {
            double[] q = e.hiddenProbabilities(Enumeration.bits(s, NV));
            for (int hs = 0; hs < (1 << NH); hs++) {
                double[] h = Enumeration.bits(hs, NH);
                double ph = Enumeration.product(q, h);
                double[] p = e.visibleProbabilities(h);
                for (int u = 0; u < n; u++) t[s][u] += ph * Enumeration.product(p, Enumeration.bits(u, NV));
            }
        }
        return t;
    }

    /** Positive statistics of the data: mean of [v q(v)ᵀ, v; q(v)ᵀ, ·]. */
    private static double[][] positive(Enumeration e) {
        double[][] acc = new double[NV + 1][NH + 1];
        for (int s : PATTERNS) {
            double[] v = Enumeration.bits(s, NV);
            Enumeration.statistics(v, e.hiddenProbabilities(v), 1.0 / PATTERNS.length, acc);
        }
        return acc;
    }

    /** Exact expectation of the CD-k negative statistics: v_k ~ T^k(· | v⁰) from each data pattern. */
    private static double[][] cdNegative(Enumeration e, int k) {
        double[][] t = transition(e);
        double[][] acc = new double[NV + 1][NH + 1];
        int n = 1 << NV;
        for (int s : PATTERNS) {
            double[] dist = new double[n];
            dist[s] = 1;
            for (int step = 0; step < k; step++) {
                double[] next = new double[n];
                for (int a = 0; a < n; a++) if (dist[a] != 0) for (int b = 0; b < n; b++) next[b] += dist[a] * t[a][b];
                dist = next;
            }
            for (int u = 0; u < n; u++) {
                double[] v = Enumeration.bits(u, NV);
                Enumeration.statistics(v, e.hiddenProbabilities(v), dist[u] / PATTERNS.length, acc);
            }
        }
        return acc;
    }

    private static double[][] minus(double[][] a, double[][] b) {
        double[][] d = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) d[i][j] = a[i][j] - b[i][j];
        return d;
    }

    private static void assertClose(double[][] want, double[][] got, double tol, String what) {
        double worst = 0;
        for (int i = 0; i <= NV; i++)
            for (int j = 0; j <= NH; j++) {
                if (i == NV && j == NH) continue;
                worst = Math.max(worst, Math.abs(want[i][j] - got[i][j]));
            }
        assertTrue(worst <= tol, what + ": largest deviation " + worst + " > " + tol);
    }

    /** ΔΘ / ε of one plain update (no momentum, decay or L1). */
    private static double[][] oneUpdate(BernoulliRbm rbm, int k, boolean persistent, int batch, double lr, long seed) {
        double[][] before = matrix(rbm.theta());
        try (ContrastiveDivergence cd = new ContrastiveDivergence(rbm,
                new ContrastiveDivergence.Settings(k, persistent, lr, 0, 0, batch), seed)) {
            cd.update(data(batch), identity(batch), 0, 0.0);
        }
        double[][] d = minus(matrix(rbm.theta()), before);
        for (double[] row : d) for (int j = 0; j < row.length; j++) row[j] /= lr;
        return d;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void cdUpdateHasTheExpectationOfTheKStepChain(int k) {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 11);
        Enumeration e = Enumeration.of(rbm);
        double[][] want = minus(positive(e), cdNegative(e, k));
        double[][] got = oneUpdate(rbm, k, false, 50_000, 0.01, 1);
        // Sampling error of a mean of 50,000 terms in [0, 1]: ≤ 0.5/√50000 ≈ 0.0022 per entry.
        assertClose(want, got, 0.012, "CD-" + k);
    }

    /**
     * The small-batch path (two halves on two threads, rows copied one by one): many CD-1 updates of 16 rows with a
     * learning rate small enough that the model does not move, averaged, match the exact CD-1 expectation.
     */
    @Test
    void smallBatchUpdatesAverageToTheCdExpectation() {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 17);
        Enumeration e = Enumeration.of(rbm);
        double[][] want = minus(positive(e), cdNegative(e, 1));
        int batch = 16, updates = 4000;
        double lr = 1e-5; // the model moves by ~ε·updates·|gradient| ≈ 0.01 during the average
        VisibleRows rows = data(PATTERNS.length * batch);
        int[] order = identity(PATTERNS.length * batch);
        double[][] before = matrix(rbm.theta());
        try (ContrastiveDivergence cd = new ContrastiveDivergence(rbm, new ContrastiveDivergence.Settings(1, false, lr, 0, 0, batch), 6)) {
            for (int u = 0; u < updates; u++) cd.update(rows, order, (u % PATTERNS.length) * batch, 0.0);
        }
        double[][] d = minus(matrix(rbm.theta()), before);
        for (double[] row : d) for (int j = 0; j < row.length; j++) row[j] /= lr * updates;
        assertClose(want, d, 0.015, "mean of " + updates + " CD-1 updates of " + batch + " rows");
    }

    @Test
    void cdWithLongChainsFollowsTheLikelihoodGradient() {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 12);
        Enumeration e = Enumeration.of(rbm);
        double[][] gradient = minus(positive(e), e.modelStatistics());
        double[][] got = oneUpdate(rbm, 60, false, 30_000, 0.01, 2);
        assertClose(gradient, got, 0.015, "CD-60 vs ∂ log L");
        // CD-1 is biased for this model: it must not match the gradient as well.
        double[][] cd1 = minus(positive(e), cdNegative(e, 1));
        double bias = 0;
        for (int i = 0; i <= NV; i++) for (int j = 0; j <= NH; j++) bias = Math.max(bias, Math.abs(cd1[i][j] - gradient[i][j]));
        assertTrue(bias > 0.05, "the test model should make CD-1 visibly biased, was " + bias);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void persistentChainsSampleTheModel(int k) {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 13);
        Enumeration e = Enumeration.of(rbm);
        double[][] gradient = minus(positive(e), e.modelStatistics());
        int batch = 4000, burnIn = 40, measured = 300;
        double lr = 3e-5;
        VisibleRows rows = data(batch);
        int[] order = identity(batch);
        try (ContrastiveDivergence cd = new ContrastiveDivergence(rbm,
                new ContrastiveDivergence.Settings(k, true, lr, 0, 0, batch), 3)) {
            for (int u = 0; u < burnIn; u++) cd.update(rows, order, 0, 0.0);
            double[][] start = matrix(rbm.theta());
            for (int u = 0; u < measured; u++) cd.update(rows, order, 0, 0.0);
            double[][] d = minus(matrix(rbm.theta()), start);
            for (double[] row : d) for (int j = 0; j < row.length; j++) row[j] /= lr * measured;
            assertClose(gradient, d, 0.02, "PCD-" + k + " average update vs ∂ log L");
        }
    }

    @Test
    void weightDecayAndL1ActOnWeightsOnly() {
        BernoulliRbm a = Enumeration.random(NV, NH, 1.0, 14), b = a.copy();
        double[][] w0 = matrix(a.theta());
        double lr = 0.05, decay = 0.1, l1 = 0.02;
        int batch = 200;
        try (ContrastiveDivergence plain = new ContrastiveDivergence(a, new ContrastiveDivergence.Settings(1, false, lr, 0, 0, batch), 4);
             ContrastiveDivergence decayed = new ContrastiveDivergence(b, new ContrastiveDivergence.Settings(1, false, lr, decay, l1, batch), 4)) {
            plain.update(data(batch), identity(batch), 0, 0.0);
            decayed.update(data(batch), identity(batch), 0, 0.0);
        }
        double[][] d = minus(matrix(b.theta()), matrix(a.theta()));
        for (int i = 0; i <= NV; i++)
            for (int j = 0; j <= NH; j++) {
                double want = i < NV && j < NH ? -lr * (decay * w0[i][j] + l1 * Math.signum(w0[i][j])) : 0.0;
                assertEquals(want, d[i][j], 2e-6, "Θ[" + i + "][" + j + "]");
            }
    }

    @Test
    void momentumAddsTheScaledPreviousIncrement() {
        BernoulliRbm a = Enumeration.random(NV, NH, 1.0, 15), b = a.copy();
        double[][] t0 = matrix(a.theta());
        int batch = 200;
        double mu = 0.5;
        VisibleRows rows = data(batch);
        try (ContrastiveDivergence withMomentum = new ContrastiveDivergence(a, new ContrastiveDivergence.Settings(1, false, 0.05, 0, 0, batch), 5);
             ContrastiveDivergence without = new ContrastiveDivergence(b, new ContrastiveDivergence.Settings(1, false, 0.05, 0, 0, batch), 5)) {
            withMomentum.update(rows, identity(batch), 0, mu);
            without.update(rows, identity(batch), 0, 0.0);
            double[][] t1 = matrix(a.theta());
            assertClose(t1, matrix(b.theta()), 1e-6, "first update (no previous increment)");
            withMomentum.update(rows, identity(batch), 0, mu);
            without.update(rows, identity(batch), 0, 0.0);
            double[][] want = new double[NV + 1][NH + 1];
            for (int i = 0; i <= NV; i++) for (int j = 0; j <= NH; j++) want[i][j] = mu * (t1[i][j] - t0[i][j]);
            assertClose(want, minus(matrix(a.theta()), matrix(b.theta())), 2e-6, "second update carries μ·inc₁");
        }
    }

    @Test
    void theHalvesGiveTheSameNumbersOnOneThreadOrTwo() {
        double[][][] out = new double[2][][];
        for (int run = 0; run < 2; run++) {
            BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 18);
            try (ContrastiveDivergence cd = new ContrastiveDivergence(rbm, new ContrastiveDivergence.Settings(1, true, 0.05, 1e-3, 1e-3, 40), 9)) {
                assertTrue(cd.worker() != null, "a batch of 40 is split");
                if (run == 1) cd.worker().sequentialFor(Integer.MAX_VALUE);
                VisibleRows rows = data(200);
                int[] order = identity(200);
                for (int u = 0; u < 200; u++) cd.update(rows, order, (u % 5) * 40, 0.5);
            }
            out[run] = matrix(rbm.theta());
        }
        for (int i = 0; i <= NV; i++) for (int j = 0; j <= NH; j++) assertEquals(out[0][i][j], out[1][i][j], 0.0);
    }

    @Test
    void hintonMomentumSchedule() {
        assertEquals(0.5, ContrastiveDivergence.momentum(1, 0.9));
        assertEquals(0.5, ContrastiveDivergence.momentum(5, 0.9));
        assertEquals(0.9, ContrastiveDivergence.momentum(6, 0.9));
        assertEquals(0.3, ContrastiveDivergence.momentum(2, 0.3));
        assertEquals(0.0, ContrastiveDivergence.momentum(9, 0.0));
    }

    @Test
    void sameSeedSameParametersOtherSeedOthers() {
        double[][][] runs = new double[3][][];
        long[] seeds = {7, 7, 8};
        for (int r = 0; r < 3; r++) {
            BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 16);
            try (ContrastiveDivergence cd = new ContrastiveDivergence(rbm, new ContrastiveDivergence.Settings(2, r == 0 || r == 1, 0.1, 0.001, 0, 20), seeds[r])) {
                VisibleRows rows = data(100);
                int[] order = identity(100);
                for (int u = 0; u < 25; u++) cd.update(rows, order, (u % 5) * 20, 0.5);
            }
            runs[r] = matrix(rbm.theta());
        }
        for (int i = 0; i <= NV; i++) for (int j = 0; j <= NH; j++) assertEquals(runs[0][i][j], runs[1][i][j], 0.0);
        assertNotEquals(java.util.Arrays.deepToString(runs[0]), java.util.Arrays.deepToString(runs[2]));
    }
}
