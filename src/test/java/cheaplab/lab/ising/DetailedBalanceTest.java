package cheaplab.lab.ising;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Detailed balance of one update — a half-sweep of one colour of the checkerboard — on a 4×4 lattice in a field,
 * measured on the kernel itself: starting 64 replicas × many random streams from a state σ, (1) each site of the
 * colour flips with the Metropolis probability min(1, e^{−ΔE/T}) computed here from the energy, and (2) for the
 * most frequent outcomes σ′, π(σ)P(σ→σ′) = π(σ′)P(σ′→σ) with both transition probabilities measured. Tolerances
 * are 5 binomial standard errors.
 */
class DetailedBalanceTest {
    static final int L = 4, TRIALS = 1500; // × 64 replicas
    static final double T = 2.6, H = 0.35;

    @Test
    void halfSweepFlipsEachSiteWithTheMetropolisProbabilityAndBalancesPairs() {
        CheckerboardMetropolis kernel = new CheckerboardMetropolis(T, H);
        SplittableRandom rnd = new SplittableRandom(5);
        int pairsChecked = 0, classesSeen = 0;
        boolean[] seen = new boolean[10];
        for (int round = 0; round < 8; round++) {
            int[] sigma = new int[L * L];
            for (int i = 0; i < sigma.length; i++) sigma[i] = rnd.nextBoolean() ? 1 : -1;
            int colour = round % 2;
            Map<Long, Integer> outcomes = run(kernel, sigma, colour, 1000L * round);
            // (1) single-site flip frequencies
            for (int y = 0; y < L; y++)
                for (int x = (colour + y) & 1; x < L; x += 2) {
                    int i = y * L + x;
                    int flips = 0;
                    for (Map.Entry<Long, Integer> e : outcomes.entrySet())
                        if (((e.getKey() >>> i) & 1) != (sigma[i] > 0 ? 1 : 0)) flips += e.getValue();
                    double dE = energyChange(sigma, x, y);
                    double p = Math.min(1, Math.exp(-dE / T));
                    int anti = antiparallel(sigma, x, y);
                    seen[2 * anti + (sigma[i] > 0 ? 1 : 0)] = true;
                    binomial("site " + i + " dE=" + dE, p, flips, TRIALS * 64);
                }
            // (2) pairwise balance for the three outcomes whose rarer direction is most probable
            long from = encode(sigma);
            double n = TRIALS * 64.0;
            java.util.function.ToDoubleFunction<Map.Entry<Long, Integer>> rarer = e -> {
                double fwd = e.getValue() / n;
                return Math.min(fwd, fwd / Math.exp(-(energy(decode(e.getKey())) - energy(sigma)) / T));
            };
            var top = outcomes.entrySet().stream().filter(e -> e.getKey() != from)
                    .sorted((a, b) -> Double.compare(rarer.applyAsDouble(b), rarer.applyAsDouble(a))).limit(3).toList();
            for (Map.Entry<Long, Integer> e : top) {
                int[] to = decode(e.getKey());
                Map<Long, Integer> back = run(kernel, to, colour, 1000L * round + 500);
                double fwd = e.getValue() / n, bwd = back.getOrDefault(from, 0) / n;
                double ratio = Math.exp(-(energy(to) - energy(sigma)) / T); // π(σ′)/π(σ)
                // fwd should equal ratio · bwd; binomial errors at the rates detailed balance predicts
                double pb = fwd / ratio;
                if (Math.min(fwd, pb) < 0.002) continue; // one direction too rare to measure here
                double se = Math.sqrt(fwd * (1 - fwd) / n + ratio * ratio * pb * (1 - pb) / n);
                assertTrue(Math.abs(fwd - ratio * bwd) <= 5 * se,
                        "round " + round + ": P(σ→σ′) = " + fwd + " but π(σ′)/π(σ)·P(σ′→σ) = " + ratio * bwd + " ± " + se);
                pairsChecked++;
            }
        }
        for (boolean b : seen) if (b) classesSeen++;
        assertTrue(pairsChecked >= 12, "pairs checked: " + pairsChecked);
        assertTrue(classesSeen >= 7, "neighbour/spin classes covered: " + classesSeen);
    }

    /** Histogram of the states after one half-sweep of {@code colour} from {@code sigma}, TRIALS × 64 times. */
    static Map<Long, Integer> run(CheckerboardMetropolis kernel, int[] sigma, int colour, long keyBase) {
        Map<Long, Integer> h = new HashMap<>();
        SpinLanes lat = new SpinLanes(L);
        for (int t = 0; t < TRIALS; t++) {
            for (int y = 0; y < L; y++)
                for (int x = 0; x < L; x++)
                    lat.spins[y * L + x] = sigma[y * L + x] > 0 ? -1L : 0L;
            kernel.halfSweep(lat, keyBase + t, t, colour, 0, L);
            for (int lane = 0; lane < 64; lane++) {
                long code = 0;
                for (int i = 0; i < L * L; i++) code |= ((lat.spins[i] >>> lane) & 1L) << i;
                h.merge(code, 1, Integer::sum);
            }
        }
        return h;
    }

    static void binomial(String what, double p, int hits, int n) {
        double se = Math.sqrt(Math.max(p * (1 - p), 1e-12) / n);
        assertTrue(Math.abs((double) hits / n - p) <= 5 * se + 1e-12, what + ": flipped " + (double) hits / n + ", Metropolis " + p);
    }

    static long encode(int[] s) {
        long c = 0;
        for (int i = 0; i < s.length; i++) if (s[i] > 0) c |= 1L << i;
        return c;
    }

    static int[] decode(long c) {
        int[] s = new int[L * L];
        for (int i = 0; i < s.length; i++) s[i] = ((c >>> i) & 1) != 0 ? 1 : -1;
        return s;
    }

    static double energy(int[] s) {
        double e = 0;
        for (int y = 0; y < L; y++)
            for (int x = 0; x < L; x++) {
                int i = y * L + x;
                e -= s[i] * (s[y * L + (x + 1) % L] + s[((y + 1) % L) * L + x]) + H * s[i];
            }
        return e;
    }

    static double energyChange(int[] s, int x, int y) {
        int[] f = s.clone();
        f[y * L + x] = -f[y * L + x];
        return energy(f) - energy(s);
    }

    static int antiparallel(int[] s, int x, int y) {
        int si = s[y * L + x], n = 0;
        int[][] nb = {{(x + 1) % L, y}, {(x + L - 1) % L, y}, {x, (y + 1) % L}, {x, (y + L - 1) % L}};
        for (int[] q : nb) if (s[q[1] * L + q[0]] != si) n++;
        return n;
    }
}
