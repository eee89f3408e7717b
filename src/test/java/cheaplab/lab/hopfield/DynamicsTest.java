package cheaplab.lab.hopfield;

import cheaplab.core.Seeds;
import cheaplab.linalg.Blas;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The couplings against their definitions written out naively, and the asynchronous dynamics against the energy
 * E = −½ Σ_ij J_ij s_i s_j computed from scratch: at T = 0 it never increases, update by update, and the fields the
 * dynamics maintains incrementally stay equal to J·s.
 */
class DynamicsTest {

    private static Workspace network(int n, int p, String rule, long seed) {
        return network(n, p, 1, rule, seed);
    }

    private static Workspace network(int n, int p, int cues, String rule, long seed) {
        Workspace ws = new Workspace(n, p, cues);
        Network.randomPatterns(ws.patterns, p, n, Seeds.stream(seed, "test"));
        Blas.put(ws.nativePatterns.at(0), ws.patterns, 0, p * n);
        if (rule.equals("hebb")) ws.couplings.hebb(ws.nativePatterns, p);
        else ws.couplings.storkey(ws.patterns, p, ws.fields);
        return ws;
    }

    @Test
    void hebbCouplingsAreTheOuterProductSumWithZeroDiagonal() {
        int n = 37, p = 9;
        try (Workspace ws = network(n, p, "hebb", 3)) {
            float[] xi = ws.patterns;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    int sum = 0;
                    if (i != j) for (int mu = 0; mu < p; mu++) sum += (int) (xi[mu * n + i] * xi[mu * n + j]);
                    assertEquals(sum, ws.couplings.k[i * n + j], 0, "K[" + i + "][" + j + "]");
                }
            assertEquals(1.0 / n, ws.couplings.scale, 0);
        }
    }

    @Test
    void storkeyCouplingsFollowTheRuleAsWritten() {
        int n = 23, p = 6;
        try (Workspace ws = network(n, p, "storkey", 5)) {
            float[] xi = ws.patterns;
            double[][] w = new double[n][n];
            for (int mu = 0; mu < p; mu++) {
                double[][] next = new double[n][n];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) {
                        if (i == j) continue;
                        double hij = 0, hji = 0; // h_ij = Σ_{k≠i,j} w_ik ξ_k
                        for (int k = 0; k < n; k++) {
                            if (k == i || k == j) continue;
                            hij += w[i][k] * xi[mu * n + k];
                            hji += w[j][k] * xi[mu * n + k];
                        }
                        double a = xi[mu * n + i], b = xi[mu * n + j];
                        next[i][j] = w[i][j] + (a * b - a * hji - hij * b) / n;
                    }
                w = next;
            }
            float[] k = ws.couplings.k;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    assertEquals(w[i][j], k[i * n + j], 1e-6, "w[" + i + "][" + j + "]");
                    assertEquals(k[i * n + j], k[j * n + i], 0, "exactly symmetric");
                }
        }
    }

    /** K·s in double, from scratch. */
    private static double[] fields(Couplings j, float[] s) {
        int n = j.n;
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int x = 0; x < n; x++) sum += (double) j.k[i * n + x] * s[x];
            h[i] = sum;
        }
        return h;
    }

    private static double energy(Couplings j, float[] s) {
        double[] h = fields(j, s);
        double e = 0;
        for (int i = 0; i < j.n; i++) e += s[i] * h[i];
        return -0.5 * j.scale * e / j.n;
    }

    @Test
    void energyNeverIncreasesUnderZeroTemperatureUpdates() {
        for (String rule : new String[]{"hebb", "storkey"}) {
            int n = 150, p = 45; // α = 0.3: far above capacity, so recalls wander through many flips
            try (Workspace ws = network(n, p, rule, 11)) {
                Couplings j = ws.couplings;
                SplittableRandom rng = new SplittableRandom(7);
                for (int start = 0; start < 5; start++) {
                    float[] s = new float[n];
                    for (int i = 0; i < n; i++) s[i] = rng.nextBoolean() ? 1f : -1f;
                    double[] h = fields(j, s);
                    AsynchronousDynamics.EnergyTrace trace = new AsynchronousDynamics.EnergyTrace(1);
                    AsynchronousDynamics.Outcome o = AsynchronousDynamics.run(j, s, h, 0, 1000, rng, new int[n], trace, () -> false);
                    assertTrue(o.fixedPoint(), rule + ": a zero-temperature run ends at a fixed point");
                    assertTrue(o.flips() > 10, rule + ": the test sees flips: " + o.flips());
                    assertEquals(o.updates() + 1, trace.size(), "one energy per update and the start");
                    for (int t = 1; t < trace.size(); t++)
                        assertTrue(trace.energy(t) <= trace.energy(t - 1) + 1e-12,
                                rule + ": E rose at update " + t + ": " + trace.energy(t - 1) + " → " + trace.energy(t));
                    double[] exact = fields(j, s);
                    if (rule.equals("hebb")) assertArrayEquals(exact, h, 0, "incremental fields are exact integers");
                    else assertArrayEquals(exact, h, 1e-9, "incremental fields");
                    assertEquals(energy(j, s), trace.energy(trace.size() - 1), 1e-12, "final energy from scratch");
                    assertTrue(AsynchronousDynamics.isFixedPoint(s, exact), "no neuron wants to flip");
                }
            }
        }
    }

    @Test
    void energyFromScratchFallsSweepBySweep() {
        int n = 200, p = 40;
        try (Workspace ws = network(n, p, "hebb", 13)) {
            Couplings j = ws.couplings;
            SplittableRandom rng = new SplittableRandom(1);
            float[] s = new float[n];
            for (int i = 0; i < n; i++) s[i] = rng.nextBoolean() ? 1f : -1f;
            double[] h = fields(j, s);
            double before = energy(j, s);
            for (int sweep = 0; sweep < 30; sweep++) {
                AsynchronousDynamics.Outcome o = AsynchronousDynamics.run(j, s, h, 0, 1, rng, new int[n], null, () -> false);
                double after = energy(j, s);
                assertTrue(after <= before, "sweep " + sweep + ": " + before + " → " + after);
                if (o.flips() > 0) assertTrue(after < before, "a flip lowers E strictly");
                before = after;
            }
        }
    }

    @Test
    void glauberDynamicsAtHighTemperatureDoesRaiseTheEnergy() {
        // The energy test above can fail: thermal updates climb uphill now and then.
        int n = 100, p = 5;
        try (Workspace ws = network(n, p, "hebb", 17)) {
            Couplings j = ws.couplings;
            float[] s = java.util.Arrays.copyOfRange(ws.patterns, 0, n);
            double[] h = fields(j, s);
            AsynchronousDynamics.EnergyTrace trace = new AsynchronousDynamics.EnergyTrace(1);
            AsynchronousDynamics.Outcome o = AsynchronousDynamics.run(j, s, h, 1.5, 5, new SplittableRandom(3), new int[n], trace, () -> false);
            assertEquals(5, o.sweeps(), "T > 0 runs to the sweep limit");
            int rises = 0;
            for (int t = 1; t < trace.size(); t++) if (trace.energy(t) > trace.energy(t - 1)) rises++;
            assertTrue(rises > 10, "uphill moves at T = 1.5: " + rises);
            assertArrayEquals(fields(j, s), h, 0);
        }
    }

    @Test
    void gemmFieldsOfManyStatesAreKTimesEachState() {
        int n = 64, p = 12, rows = 12;
        for (String rule : new String[]{"hebb", "storkey"}) {
            try (Workspace ws = network(n, p, rows, rule, 19)) {
                HopfieldConfig c = new HopfieldConfig(n, java.util.List.of((double) p / n), 0.1, 1, rule, 0, 10, 1);
                float[] states = new float[rows * n];
                Network.randomPatterns(states, rows, n, new SplittableRandom(4));
                Blas.put(ws.nativeStates.at(0), states, 0, rows * n);
                Network.fields(c, ws.couplings, ws, ws.nativeStates, rows, p);
                float[] got = new float[rows * n];
                Blas.get(ws.nativeProducts.at(0), got, 0, rows * n);
                for (int r = 0; r < rows; r++) {
                    double[] want = fields(ws.couplings, java.util.Arrays.copyOfRange(states, r * n, (r + 1) * n));
                    for (int i = 0; i < n; i++)
                        assertEquals(want[i], got[r * n + i], rule.equals("hebb") ? 0 : 1e-5, rule + " row " + r + ", neuron " + i);
                }
            }
        }
    }

    @Test
    void cuesFlipExactlyTheAskedBits() {
        int n = 1000;
        float[] s = new float[n];
        java.util.Arrays.fill(s, 1f);
        Network.flipRandomBits(s, 0, n, 100, new int[n], new SplittableRandom(2));
        int flipped = 0;
        for (float v : s) if (v < 0) flipped++;
        assertEquals(100, flipped);
        float[] xi = new float[64 * 100];
        Network.randomPatterns(xi, 64, 100, new SplittableRandom(9));
        double mean = 0;
        for (float v : xi) {
            assertTrue(v == 1f || v == -1f);
            mean += v;
        }
        assertEquals(0, mean / xi.length, 4.0 / Math.sqrt(xi.length), "fair bits");
    }
}
