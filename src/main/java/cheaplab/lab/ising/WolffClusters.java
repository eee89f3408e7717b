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
    private final SplittableRandom[] random = new SplittableRandom[SpinLanes.LANES];
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
        for (int r = 0; r < random.length; r++) random[r] = root.split();
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
        final int[] queue = new int[sites];
        long clusters, clusterSites;

        void run(int[] words, int firstLane, int sweeps, BooleanSupplier cancelled) {
            for (int b = 0; b < 32; b++) {
                if (cancelled.getAsBoolean()) throw new CancelledException();
                int lane = firstLane + b;
                SplittableRandom rnd = random[lane];
                if (clustersPerSweep[lane] > 0) {
                    long n = (long) sweeps * clustersPerSweep[lane];
                    for (long c = 0; c < n; c++) cluster(words, b, rnd);
                } else {
                    // Exponential forgetting: the estimate follows the cluster sizes of the latest sweeps, not
                    // the small ones of the disordered start.
                    laneClusters[lane] *= 0.5;
                    laneSites[lane] *= 0.5;
                    long budget = credit[lane] + (long) sweeps * sites;
                    while (budget > 0) {
                        int size = cluster(words, b, rnd);
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
         * Returns its size.
         */
        int cluster(int[] words, int b, SplittableRandom rnd) {
            int m = 1 << b;
            int seed = rnd.nextInt(sites);
            int spin = words[seed] & m;
            words[seed] ^= m;
            queue[0] = seed;
            int head = 0, tail = 1;
            double p = addProbability;
            int[] nb = neighbours;
            while (head < tail) {
                int base = 4 * queue[head++];
                for (int k = 0; k < 4; k++) {
                    int j = nb[base + k];
                    if ((words[j] & m) == spin && rnd.nextDouble() < p) {
                        words[j] ^= m;
                        queue[tail++] = j;
                    }
                }
            }
            if (field != 0) {
                double dE = 2.0 * field * (spin != 0 ? 1 : -1) * tail;
                boolean flip = dE <= 0 || rnd.nextDouble() < Math.exp(-dE / temperature);
                if (!flip) for (int q = 0; q < tail; q++) words[queue[q]] ^= m;
            }
            clusters++;
            clusterSites += tail;
            return tail;
        }
    }
}
