package cheaplab.lab.ising;

/**
 * Kadanoff block spins by majority rule, for the 64 replicas at once: each b×b block of a {@link SpinLanes}
 * becomes one spin, up when most of its b² spins are up; for even b a tie (b²/2 up) is broken by a fair coin,
 * independently per block and replica. The blocked lattice is again periodic, of size L/b.
 */
public final class BlockSpins {
    private BlockSpins() {}

    /**
     * Blocks {@code fine} into {@code coarse} (size fine.size / b). {@code key} keys the tie-breaking coins
     * (SplitMix64, one word per block), so a seeded run is reproducible.
     */
    public static void majority(SpinLanes fine, SpinLanes coarse, int b, long key) {
        int lf = fine.size, lc = coarse.size;
        if (lc * b != lf) throw new IllegalArgumentException(lf + " is not " + b + " × " + lc);
        long[] f = fine.spins, c = coarse.spins;
        long state = CheckerboardMetropolis.mix(key ^ 0x5851F42D4C957F2DL);
        long[] planes = new long[5];
        for (int by = 0; by < lc; by++)
            for (int bx = 0; bx < lc; bx++) {
                java.util.Arrays.fill(planes, 0);
                for (int dy = 0; dy < b; dy++) {
                    int row = (by * b + dy) * lf + bx * b;
                    for (int dx = 0; dx < b; dx++) {
                        long carry = f[row + dx];
                        for (int p = 0; carry != 0; p++) {
                            long t = planes[p] & carry;
                            planes[p] ^= carry;
                            carry = t;
                        }
                    }
                }
                int total = b * b;
                // up count ≥ ⌊total/2⌋ + 1 → up; == total/2 (even total) → coin.
                long above = atLeast(planes, total / 2 + 1);
                long out = above;
                if (total % 2 == 0) {
                    long tie = atLeast(planes, total / 2) & ~above;
                    state += 0x9E3779B97F4A7C15L;
                    out |= tie & CheckerboardMetropolis.mix(state);
                }
                c[by * lc + bx] = out;
            }
    }

    /** Lanes whose bit-sliced count (planes, little-endian) is at least {@code k}: a bitwise comparison from the top. */
    static long atLeast(long[] planes, int k) {
        long greater = 0, equal = -1L;
        for (int p = planes.length - 1; p >= 0; p--) {
            long kb = ((k >>> p) & 1) != 0 ? -1L : 0L;
            greater |= equal & planes[p] & ~kb;
            equal &= ~(planes[p] ^ kb);
        }
        return greater | equal;
    }
}
