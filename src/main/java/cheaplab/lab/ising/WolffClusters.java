package cheaplab.lab.ising;

import cheaplab.linalg.ComputeThreads;

import cheaplab.core.CancelledException;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.concurrent.Future;

/**
 * Wolff single-cluster updates (Wolff 1989) of each of the 64 replicas of a {@link SpinLanes}. A cluster grows
 * from a random site over parallel neighbours, each bond added with probability p = 1 − exp(−2/T); the whole
 * cluster is then flipped — with probability min(1, exp(−2hσn/T)) in a field h (σ the cluster's spin, n its size),
 * the Metropolis acceptance of the field energy, which keeps detailed balance. Near T_c the clusters are as large
 * as the correlated regions, so the critical slowing down of local updates (τ ∝ L^2.17) nearly disappears.
 *
 * <p>A "sweep" of a replica is, while equilibrating, clusters until their sizes add up to N; for measurements
 * it is a fixed number of clusters per replica, N over the replica's mean cluster size so far
 * ({@link #fixClusterCounts}). Stopping at a size budget would make the measured states depend on the sizes of
 * the clusters just flipped (an inspection-paradox bias, 28σ in ⟨e⟩ on 4×4 at T = 1.5); a fixed count does not.
 * Replicas 0–31 and 32–63 work on separate 32-bit halves of the words (on two threads when given), each replica
 * with its own random stream, so the result does not depend on the thread count.
 */
public final class WolffClusters {
    private final int size, sites;
    private final double addProbability, temperature, field;
    private final int[] neighbours;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** Per replica: its SplitMix64 state. */
    private final long[] state = new long[SpinLanes.LANES];
    /** ⌈p·2⁵³⌉: a bond is added when the top 53 bits of a random word are below it. */
    private final long addThreshold;
    private final int[] low, high;
    private final Half[] halves;
    /** Sweeps' worth of work carried over per replica (a cluster may overshoot its sweep's budget). */
    private final long[] credit = new long[SpinLanes.LANES];
    /** Per replica: clusters and cluster sites so far, and once fixed ({@link #fixClusterCounts}) clusters per sweep. */
    private final double[] laneClusters = new double[SpinLanes.LANES], laneSites = new double[SpinLanes.LANES];
    private final int[] clustersPerSweep = new int[SpinLanes.LANES];
    private long clusters, clusterSites;

    public WolffClusters(int size, double temperature, double field, long seed) {
        this.size = size;
        this.sites = size * size;
        this.temperature = temperature;
        this.field = field;
        this.addProbability = -Math.expm1(-2.0 / temperature);
        this.addThreshold = (long) Math.ceil(addProbability * 0x1p53);
        this.neighbours = new int[4 * sites];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int i = y * size + x;
                neighbours[4 * i] = y * size + (x + 1) % size;
                neighbours[4 * i + 1] = y * size + (x + size - 1) % size;
                neighbours[4 * i + 2] = ((y + 1) % size) * size + x;
                neighbours[4 * i + 3] = ((y + size - 1) % size) * size + x;
            }
        SplittableRandom root = new SplittableRandom(seed);
        for (int r = 0; r < state.length; r++) state[r] = root.nextLong();
        low = new int[sites];
        halves = new Half[]{new Half(), new Half()};
        high = new int[sites];
    }

    /** Mean cluster size so far, as a fraction of N. */
    public double meanClusterFraction() {
        return clusters == 0 ? 0 : (double) clusterSites / clusters / sites;
    }

    /**
     * From now on a sweep of replica r is a fixed ⌈N / ⟨cluster size⟩_r⌉ clusters (at least one), the mean over the
     * replica's recent clusters (each earlier {@link #sweep} call's weight halved; one sweep first if there were none).
     */
    public void fixClusterCounts(SpinLanes lattice) throws Exception {
        boolean any = true;
        for (double c : laneClusters) any &= c > 0;
        if (!any) sweep(lattice, 1, null, () -> false);
        for (int r = 0; r < clustersPerSweep.length; r++)
            clustersPerSweep[r] = (int) Math.max(1, Math.ceil((double) sites * laneClusters[r] / laneSites[r]));
    }

    public void sweep(SpinLanes lattice, int sweeps, ComputeThreads threads) throws Exception {
        sweep(lattice, sweeps, threads, () -> false);
    }

    /**
     * {@code sweeps} sweeps of every replica; {@code cancelled} is polled after each replica's share (a sweep of
     * a 512² replica near T_c is ~10 ms), and a cancelled sweep throws {@link CancelledException} with the
     * lattice partly updated.
     */
    public void sweep(SpinLanes lattice, int sweeps, ComputeThreads threads, BooleanSupplier cancelled) throws Exception {
        long[] s = lattice.spins;
        for (int i = 0; i < sites; i++) {
            low[i] = (int) s[i];
            high[i] = (int) (s[i] >>> 32);
        }
        if (threads != null && sites >= CheckerboardMetropolis.PARALLEL_MIN_SITES) {
            Future<?> f = threads.submit(() -> {
                halves[1].run(high, 32, sweeps, cancelled);
                return null;
            });
            halves[0].run(low, 0, sweeps, cancelled);
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof Exception ex) throw ex;
                throw e;
            }
        } else {
            halves[0].run(low, 0, sweeps, cancelled);
            halves[1].run(high, 32, sweeps, cancelled);
        }
        for (int i = 0; i < sites; i++) s[i] = (low[i] & 0xFFFFFFFFL) | ((long) high[i] << 32);
        for (Half h : halves) {
            clusters += h.clusters;
            clusterSites += h.clusterSites;
            h.clusters = 0;
            h.clusterSites = 0;
        }
    }

    /** One thread's state: 32 replicas, one bit each of {@code words}. */
    private final class Half {
        // one spare slot: the branch-free loop writes a candidate at q[tail] before deciding to keep it
        final int[] queue = new int[sites + 1];
        long clusters, clusterSites;

        void run(int[] words, int firstLane, int sweeps, BooleanSupplier cancelled) {
            for (int b = 0; b < 32; b++) {
                if (cancelled.getAsBoolean()) throw new CancelledException();
                int lane = firstLane + b;
                if (clustersPerSweep[lane] > 0) {
                    long n = (long) sweeps * clustersPerSweep[lane];
                    for (long c = 0; c < n; c++) cluster(words, b, lane);
                } else {
                    // Exponential forgetting: the estimate follows the cluster sizes of the latest sweeps, not
                    // the small ones of the disordered start.
                    laneClusters[lane] *= 0.5;
                    laneSites[lane] *= 0.5;
                    long budget = credit[lane] + (long) sweeps * sites;
                    while (budget > 0) {
                        int size = cluster(words, b, lane);
                        budget -= size;
                        laneClusters[lane]++;
                        laneSites[lane] += size;
                    }
                    credit[lane] = budget;
                }
            }
        }

        /**
         * Grows one cluster in bit {@code b} of {@code words}, flipping each site as it joins (so a member never
         * passes the same-spin test again: no marks needed); in a field a rejected cluster is flipped back.
         * Branch-free per bond (the same-spin test and the coin are unpredictable; mispredicted branches were most
         * of the cost): every bond draws a SplitMix64 word, and a site joins when it is parallel and the word's top
         * 53 bits fall below ⌈p·2⁵³⌉. Returns the cluster's size.
         */
        int cluster(int[] words, int b, int lane) {
            int m = 1 << b;
            long st = state[lane];
            st += GOLDEN;
            int seed = (int) Math.multiplyHigh(CheckerboardMetropolis.mix(st) & Long.MAX_VALUE, (long) sites << 1);
            int spin = words[seed] & m;
            words[seed] ^= m;
            queue[0] = seed;
            int head = 0, tail = 1;
            final long t53 = addThreshold;
            final int[] nb = neighbours, q = queue;
            while (head < tail) {
                int base = 4 * q[head++];
                for (int k = 0; k < 4; k++) {
                    int j = nb[base + k];
                    int w = words[j];
                    st += GOLDEN;
                    long r = CheckerboardMetropolis.mix(st) >>> 11;
                    int same = (((w ^ spin) & m) - 1) >>> 31;
                    int coin = (int) ((r - t53) >>> 63);
                    int add = same & coin;
                    words[j] = w ^ (m & -add);
                    q[tail] = j;
                    tail += add;
                }
            }
            if (field != 0) {
                double dE = 2.0 * field * (spin != 0 ? 1 : -1) * tail;
                st += GOLDEN;
                double u = (CheckerboardMetropolis.mix(st) >>> 11) * 0x1p-53;
                boolean flip = dE <= 0 || u < Math.exp(-dE / temperature);
                if (!flip) for (int i = 0; i < tail; i++) words[q[i]] ^= m;
            }
            state[lane] = st;
            clusters++;
            clusterSites += tail;
            return tail;
        }
    }
}
