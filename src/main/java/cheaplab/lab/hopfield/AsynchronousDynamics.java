package cheaplab.lab.hopfield;

import cheaplab.core.CancelledException;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Recall by asynchronous single-neuron updates, one random permutation of the neurons per sweep.
 *
 * <p>The local fields h_i = Σ_j K_ij s_j (in units of {@link Couplings#scale}) are kept up to date incrementally:
 * when neuron i flips to s_i', every field changes by 2 s_i' K_ij — one row of K, O(N) per flip; a neuron that
 * does not flip costs one comparison. Because K is symmetric with a zero diagonal, each flip at zero temperature
 * changes the energy E = −½ scale · Σ_i s_i h_i by −2 scale · s_i' h_i &lt; 0: E never increases and the run ends at
 * a fixed point (a sweep without a flip) or at the sweep limit.
 *
 * <ul>
 *   <li>T = 0: s_i ← sign(h_i); a tie (h_i = 0) keeps s_i.</li>
 *   <li>T &gt; 0: Glauber dynamics, s_i ← +1 with probability 1/(1 + exp(−2 scale · h_i / T)); it runs every sweep
 *       up to the limit (a thermal state has no fixed point).</li>
 * </ul>
 */
final class AsynchronousDynamics {
    /** Outcome of one recall. */
    record Outcome(int sweeps, long updates, long flips, boolean fixedPoint) {}

    /** Energies per neuron, E/N, sampled every {@code every} updates (and at the start and the end). */
    static final class EnergyTrace {
        private final int every;
        private double[] updates = new double[64], energy = new double[64];
        private int size;

        EnergyTrace(int every) {
            this.every = Math.max(1, every);
        }

        void add(long update, double e) {
            if (size == updates.length) {
                updates = java.util.Arrays.copyOf(updates, 2 * size);
                energy = java.util.Arrays.copyOf(energy, 2 * size);
            }
            updates[size] = update;
            energy[size++] = e;
        }

        int every() {
            return every;
        }

        int size() {
            return size;
        }

        double update(int i) {
            return updates[i];
        }

        double energy(int i) {
            return energy[i];
        }
    }

    private AsynchronousDynamics() {}

    /**
     * Runs the dynamics from {@code state} (±1, modified in place) whose fields {@code fields} = K·state (modified in
     * place) are given.
     *
     * @param rng    the sweep orders and, at T &gt; 0, the Glauber draws
     * @param order  scratch of N ints
     * @param trace  energies to record, or null
     */
    static Outcome run(Couplings j, float[] state, double[] fields, double temperature, int maxSweeps,
                       SplittableRandom rng, int[] order, EnergyTrace trace, BooleanSupplier cancelled) {
        int n = j.n;
        float[] k = j.k;
        double scale = j.scale;
        for (int i = 0; i < n; i++) order[i] = i;
        long updates = 0, flips = 0;
        int sweeps = 0;
        boolean fixed = false;
        if (trace != null) trace.add(0, energyPerNeuron(state, fields, scale));
        double beta2 = temperature > 0 ? 2 * scale / temperature : 0;
        while (sweeps < maxSweeps) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) throw new CancelledException();
            for (int i = n - 1; i > 0; i--) {
                int r = rng.nextInt(i + 1), t = order[i];
                order[i] = order[r];
                order[r] = t;
            }
            long sweepFlips = 0;
            for (int u = 0; u < n; u++) {
                int i = order[u];
                double h = fields[i];
                float s = state[i], want;
                if (temperature == 0) want = h > 0 ? 1f : h < 0 ? -1f : s;
                else want = rng.nextDouble() * (1 + Math.exp(-beta2 * h)) < 1 ? 1f : -1f;
                if (want != s) {
                    state[i] = want;
                    addRow(fields, k, i * n, n, 2.0 * want);
                    sweepFlips++;
                }
                updates++;
                if (trace != null && updates % trace.every() == 0) trace.add(updates, energyPerNeuron(state, fields, scale));
            }
            sweeps++;
            flips += sweepFlips;
            if (sweepFlips == 0 && temperature == 0) {
                fixed = true;
                break;
            }
        }
        if (trace != null && updates % trace.every() != 0) trace.add(updates, energyPerNeuron(state, fields, scale));
        return new Outcome(sweeps, updates, flips, fixed);
    }

    /** fields += c · K[row …]: the O(N) update after one flip (auto-vectorised by the JIT). */
    private static void addRow(double[] fields, float[] k, int row, int n, double c) {
        for (int x = 0; x < n; x++) fields[x] += c * k[row + x];
    }

    /** E/N = −(scale / 2N) Σ_i s_i h_i. */
    static double energyPerNeuron(float[] state, double[] fields, double scale) {
        double sum = 0;
        for (int i = 0; i < state.length; i++) sum += state[i] * fields[i];
        return -0.5 * scale * sum / state.length;
    }

    /** Whether {@code state} is a fixed point of the zero-temperature dynamics: every s_i h_i ≥ 0. */
    static boolean isFixedPoint(float[] state, double[] fields) {
        for (int i = 0; i < state.length; i++) if (state[i] * fields[i] < 0) return false;
        return true;
    }
}
