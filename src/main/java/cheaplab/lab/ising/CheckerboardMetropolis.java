package cheaplab.lab.ising;

import cheaplab.linalg.ComputeThreads;

import java.util.concurrent.Future;

/**
 * Checkerboard Metropolis on the 64 replicas of a {@link SpinLanes}, J = 1, field h, k_B = 1. A sweep updates
 * the sites with (x + y) even, then those with (x + y) odd: the sites of one colour have neighbours only of the
 * other, so they are updated at once (and split between two threads by rows) without changing the chain.
 *
 * <p>Every site word is updated branch-free for all 64 replicas: the four neighbour XORs are summed bit-sliced
 * into n, the number of antiparallel neighbours (0…4), so a flip costs ΔE = 2(4 − 2n) + 2hs. A flip with ΔE ≤ 0
 * is always accepted; one with ΔE > 0 is accepted when a uniform U < p = exp(−ΔE/T), compared for all 64 lanes
 * bit by bit from the most significant bit of U and of the 64-bit fixed-point p: each random word decides the
 * lanes whose bit of U differs from p's bit and the loop stops when every lane is decided (≈ 7–9 random words per
 * 64 spins). The acceptance probability is ⌊p·2⁶⁴⌋/2⁶⁴ — exact to 2⁻⁶⁴ below the double p.
 *
 * <p>Random words come from SplitMix64 streams keyed by (stream key, sweep, colour, row), so a run's numbers do
 * not depend on how rows are split between threads.
 */
public final class CheckerboardMetropolis {
    /** Lattices at least this large use the second thread for half of the rows. */
    static final int PARALLEL_MIN_SITES = 64 * 64;

    private final double temperature, field;
    /** Per class c: 0 = never flips (unused), 1 = always, 2 = threshold {@link #thresholds}[c]. Class = 2n + (spin up ? 1 : 0). */
    private final int[] kind = new int[10];
    private final long[] thresholds = new long[10];
    private final boolean zeroField;
    private final long p4, p8;

    public CheckerboardMetropolis(double temperature, double field) {
        this.temperature = temperature;
        this.field = field;
        for (int n = 0; n <= 4; n++)
            for (int up = 0; up <= 1; up++) {
                int c = 2 * n + up;
                double dE = 2.0 * (4 - 2 * n) + 2.0 * field * (up == 1 ? 1 : -1);
                if (dE <= 0) kind[c] = 1;
                else {
                    kind[c] = 2;
                    thresholds[c] = fixedPoint(Math.exp(-dE / temperature));
                }
            }
        zeroField = field == 0.0;
        p4 = fixedPoint(Math.exp(-4.0 / temperature));
        p8 = fixedPoint(Math.exp(-8.0 / temperature));
    }

    /** ⌊p·2⁶⁴⌋ as an unsigned 64-bit integer, for p in [0, 1). */
    static long fixedPoint(double p) {
        if (!(p >= 0)) return 0;
        if (p >= 1) return -1L;
        return ((long) (p * 0x1p63)) << 1;
    }

    /** The acceptance probability of a flip with ΔE as the kernel applies it: ⌊p·2⁶⁴⌋/2⁶⁴, or 1 for ΔE ≤ 0. */
    public double acceptance(int antiparallel, boolean up) {
        int c = 2 * antiparallel + (up ? 1 : 0);
        if (kind[c] == 1) return 1.0;
        long t = thresholds[c];
        return ((t >>> 1) * 0x1p-63) + ((t & 1) * 0x1p-64);
    }

    public double temperature() {
        return temperature;
    }

    /**
     * {@code sweeps} full sweeps, sweep numbers {@code firstSweep…}; with {@code threads} (may be null) and a
     * lattice of at least {@value #PARALLEL_MIN_SITES} sites, the rows of each half-sweep are split between this
     * thread and one compute thread.
     */
    public void sweep(SpinLanes lattice, long key, long firstSweep, int sweeps, ComputeThreads threads) throws Exception {
        int l = lattice.size;
        boolean parallel = threads != null && threads.workers() >= 1 && lattice.sites() >= PARALLEL_MIN_SITES;
        for (int s = 0; s < sweeps; s++) {
            long sweep = firstSweep + s;
            for (int colour = 0; colour <= 1; colour++) {
                if (parallel) {
                    final int c = colour;
                    Future<?> half = threads.submit(() -> {
                        halfSweep(lattice, key, sweep, c, l / 2, l);
                        return null;
                    });
                    halfSweep(lattice, key, sweep, colour, 0, l / 2);
                    try {
                        half.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof Exception ex) throw ex;
                        throw e;
                    }
                } else {
                    halfSweep(lattice, key, sweep, colour, 0, l);
                }
            }
        }
    }

    /** Updates the sites of {@code colour} ((x + y) mod 2) in rows [y0, y1). */
    public void halfSweep(SpinLanes lattice, long key, long sweep, int colour, int y0, int y1) {
        if (zeroField) halfSweepZeroField(lattice, key, sweep, colour, y0, y1);
        else halfSweepField(lattice, key, sweep, colour, y0, y1);
    }

    static long rowSeed(long key, long sweep, int colour, int y) {
        long z = key ^ (sweep * 0x9E3779B97F4A7C15L) ^ ((long) (2 * y + colour) * 0xD1B54A32D192ED03L);
        return mix(z + 0x632BE59BD9B4E019L);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void halfSweepZeroField(SpinLanes lattice, long key, long sweep, int colour, int y0, int y1) {
        final int l = lattice.size;
        final long[] sp = lattice.spins;
        final long t4 = p4, t8 = p8;
        for (int y = y0; y < y1; y++) {
            long state = rowSeed(key, sweep, colour, y);
            int row = y * l, up = (y == 0 ? l - 1 : y - 1) * l, down = (y == l - 1 ? 0 : y + 1) * l;
            for (int x = (colour + y) & 1; x < l; x += 2) {
                long si = sp[row + x];
                long a = si ^ sp[up + x], b = si ^ sp[down + x];
                long c = si ^ sp[row + (x == 0 ? l - 1 : x - 1)], d = si ^ sp[row + (x == l - 1 ? 0 : x + 1)];
                long t1 = a ^ b, c1 = a & b, t2 = c ^ d, c2 = c & d;
                long s0 = t1 ^ t2, c3 = t1 & t2;
                long s1 = c1 ^ c2 ^ c3, s2 = c1 & c2;
                long high = s1 | s2;
                long n0 = ~(s0 | high), n1 = s0 & ~high;
                long accept = high; // n ≥ 2: ΔE ≤ 0
                long undecided = n0 | n1;
                for (int j = 63; undecided != 0 && j >= 0; j--) {
                    state += 0x9E3779B97F4A7C15L;
                    long u = mix(state);
                    long bit = (n1 & -((t4 >>> j) & 1L)) | (n0 & -((t8 >>> j) & 1L));
                    long diff = (bit ^ u) & undecided;
                    accept |= diff & bit;
                    undecided &= ~diff;
                }
                sp[row + x] = si ^ accept;
            }
        }
    }

    private void halfSweepField(SpinLanes lattice, long key, long sweep, int colour, int y0, int y1) {
        final int l = lattice.size;
        final long[] sp = lattice.spins;
        final long[] masks = new long[10];
        for (int y = y0; y < y1; y++) {
            long state = rowSeed(key, sweep, colour, y);
            int row = y * l, up = (y == 0 ? l - 1 : y - 1) * l, down = (y == l - 1 ? 0 : y + 1) * l;
            for (int x = (colour + y) & 1; x < l; x += 2) {
                long si = sp[row + x];
                long a = si ^ sp[up + x], b = si ^ sp[down + x];
                long c = si ^ sp[row + (x == 0 ? l - 1 : x - 1)], d = si ^ sp[row + (x == l - 1 ? 0 : x + 1)];
                long t1 = a ^ b, c1 = a & b, t2 = c ^ d, c2 = c & d;
                long s0 = t1 ^ t2, c3 = t1 & t2;
                long s1 = c1 ^ c2 ^ c3, s2 = c1 & c2;
                long[] byN = {~(s0 | s1 | s2), s0 & ~s1 & ~s2, ~s0 & s1 & ~s2, s0 & s1, s2};
                long accept = 0, undecided = 0;
                for (int n = 0; n <= 4; n++) {
                    masks[2 * n] = byN[n] & ~si;
                    masks[2 * n + 1] = byN[n] & si;
                }
                for (int k = 0; k < 10; k++) {
                    if (kind[k] == 1) accept |= masks[k];
                    else undecided |= masks[k];
                }
                for (int j = 63; undecided != 0 && j >= 0; j--) {
                    state += 0x9E3779B97F4A7C15L;
                    long u = mix(state);
                    long bit = 0;
                    for (int k = 0; k < 10; k++) if (kind[k] == 2) bit |= masks[k] & -((thresholds[k] >>> j) & 1L);
                    long diff = (bit ^ u) & undecided;
                    accept |= diff & bit;
                    undecided &= ~diff;
                }
                sp[row + x] = si ^ accept;
            }
        }
    }
}
