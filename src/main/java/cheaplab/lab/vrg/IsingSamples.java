package cheaplab.lab.vrg;

import cheaplab.core.Seeds;
import cheaplab.lab.ising.Onsager;
import cheaplab.lab.ising.SpinLanes;
import cheaplab.lab.ising.WolffClusters;
import cheaplab.linalg.ComputeThreads;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Equilibrated, decorrelated configurations of the L×L periodic Ising model (J = 1, h = 0) from the ising lab's
 * sampler: 64 replicas of a {@link SpinLanes} updated by {@link WolffClusters} (which needs no even L and does not
 * slow down near T_c), {@value #EQUILIBRATION} sweeps discarded, then one configuration per replica every
 * {@value #DECORRELATION} sweeps. A sample is one byte per site, row-major ({@code i = y·L + x}), 1 = up, 0 = down.
 *
 * <p>Sample sets are cached per (L, T, count, seed) — the same config reuses them, and a run that changes only the
 * training knobs skips the Monte Carlo — in a small LRU bounded by {@value #CACHE_BYTES} bytes. The arrays are
 * never written after they are made.
 */
public final class IsingSamples {
    /** Wolff sweeps (cluster sites adding up to N per replica) before the first sample. */
    public static final int EQUILIBRATION = 200;
    /** Wolff sweeps between two samples of one replica. */
    public static final int DECORRELATION = 4;
    static final long CACHE_BYTES = 256L << 20;

    private record Key(int lattice, double temperature, int count, long seed) {}

    private static final Map<Key, byte[][]> CACHE = new LinkedHashMap<>(16, 0.75f, true);
    private static long cachedBytes;

    private IsingSamples() {}

    /** Called between sweeps; may throw to cancel. */
    public interface Checkpoint {
        void check(double fraction);
    }

    /** {@code count} samples, from the cache when this (L, T, count, seed) was drawn before. */
    public static byte[][] draw(int lattice, double temperature, int count, long seed, Checkpoint checkpoint) throws Exception {
        Key key = new Key(lattice, temperature, count, seed);
        synchronized (CACHE) {
            byte[][] hit = CACHE.get(key);
            if (hit != null) return hit;
        }
        byte[][] s = sample(lattice, temperature, count, seed, checkpoint);
        long bytes = (long) count * lattice * lattice;
        synchronized (CACHE) {
            if (bytes <= CACHE_BYTES && CACHE.putIfAbsent(key, s) == null) {
                cachedBytes += bytes;
                var it = CACHE.entrySet().iterator();
                while (cachedBytes > CACHE_BYTES && it.hasNext()) {
                    var e = it.next();
                    cachedBytes -= (long) e.getValue().length * e.getKey().lattice() * e.getKey().lattice();
                    it.remove();
                }
            }
        }
        return s;
    }

    /** Whether this (L, T, count, seed) is in the cache (tests). */
    static boolean cached(int lattice, double temperature, int count, long seed) {
        synchronized (CACHE) {
            return CACHE.containsKey(new Key(lattice, temperature, count, seed));
        }
    }

    static byte[][] sample(int lattice, double temperature, int count, long seed, Checkpoint checkpoint) throws Exception {
        SpinLanes lanes = new SpinLanes(lattice);
        SplittableRandom start = Seeds.stream(seed, "vrg/ising/start");
        if (temperature < Onsager.CRITICAL_TEMPERATURE) lanes.fillUp();
        else lanes.fillRandom(start);
        WolffClusters wolff = new WolffClusters(lattice, temperature, 0.0, Seeds.stream(seed, "vrg/ising/wolff").nextLong());
        int rounds = (count + SpinLanes.LANES - 1) / SpinLanes.LANES;
        double total = EQUILIBRATION + (double) rounds * DECORRELATION;
        byte[][] out = new byte[count][];
        try (ComputeThreads threads = ComputeThreads.open("vrg-ising", 1)) {
            for (int s = 0; s < EQUILIBRATION; s += 10) {
                checkpoint.check(s / total);
                wolff.sweep(lanes, Math.min(10, EQUILIBRATION - s), threads);
            }
            wolff.fixClusterCounts(lanes);
            int n = 0;
            for (int r = 0; r < rounds; r++) {
                checkpoint.check((EQUILIBRATION + (double) r * DECORRELATION) / total);
                wolff.sweep(lanes, DECORRELATION, threads);
                for (int lane = 0; lane < SpinLanes.LANES && n < count; lane++) out[n++] = spins(lanes, lane);
            }
        }
        return out;
    }

    /** Replica {@code lane} as one byte per site, row-major, 1 = up. */
    static byte[] spins(SpinLanes lanes, int lane) {
        int l = lanes.size();
        byte[] v = new byte[l * l];
        for (int y = 0; y < l; y++)
            for (int x = 0; x < l; x++) v[y * l + x] = (byte) (lanes.spin(lane, x, y) > 0 ? 1 : 0);
        return v;
    }

    /** Mean |m| of samples (m = mean spin, ±1 per site). */
    static double meanAbsMagnetization(byte[][] samples) {
        double sum = 0;
        for (byte[] v : samples) {
            int up = 0;
            for (byte b : v) up += b;
            sum += Math.abs(2.0 * up / v.length - 1);
        }
        return sum / samples.length;
    }
}
