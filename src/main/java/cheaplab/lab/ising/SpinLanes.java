package cheaplab.lab.ising;

import java.util.SplittableRandom;

/**
 * 64 independent replicas of an L×L periodic Ising lattice in multi-spin coding: site {@code i = y·L + x} is one
 * {@code long}, and bit ℓ of it is the spin of replica ℓ (1 = up, +1; 0 = down, −1). Every update and
 * measurement works on all 64 replicas at once with bitwise operations; the replicas never interact, so they are
 * 64 independent Markov chains and their spread gives honest error bars (see {@link ReplicaStatistics}).
 */
public final class SpinLanes {
    public static final int LANES = 64;

    final int size;
    final long[] spins;

    public SpinLanes(int size) {
        if (size < 2) throw new IllegalArgumentException("size " + size);
        this.size = size;
        this.spins = new long[size * size];
    }

    public int size() {
        return size;
    }

    public int sites() {
        return spins.length;
    }

    /** Every replica all up (the ordered start). */
    public void fillUp() {
        java.util.Arrays.fill(spins, -1L);
    }

    /** Independent fair coin spins in every replica (the T = ∞ start). */
    public void fillRandom(SplittableRandom random) {
        for (int i = 0; i < spins.length; i++) spins[i] = random.nextLong();
    }

    /** Spin (+1 or −1) of replica {@code lane} at (x, y). */
    public int spin(int lane, int x, int y) {
        return ((spins[y * size + x] >>> lane) & 1L) != 0 ? 1 : -1;
    }

    public void set(int lane, int x, int y, int s) {
        int i = y * size + x;
        if (s > 0) spins[i] |= 1L << lane;
        else spins[i] &= ~(1L << lane);
    }

    /** Replica {@code lane} as one bit per site, rows top to bottom, bit 7 of each byte first; 1 = up. */
    public byte[] laneBits(int lane, int crop) {
        int n = Math.min(size, crop);
        byte[] out = new byte[(n * n + 7) / 8];
        int k = 0;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++, k++)
                if (((spins[y * size + x] >>> lane) & 1L) != 0) out[k >>> 3] |= (byte) (0x80 >>> (k & 7));
        return out;
    }

    /** Copies another lattice of the same size. */
    public void copyFrom(SpinLanes other) {
        System.arraycopy(other.spins, 0, spins, 0, spins.length);
    }

    /**
     * Per replica: the number of up spins and the number of unsatisfied (antiparallel) nearest-neighbour bonds,
     * counted over the 2N bonds (right and down of every site), with bit-sliced counters.
     */
    public void count(LaneCounter ups, LaneCounter antiBonds) {
        ups.reset();
        antiBonds.reset();
        int l = size;
        long[] s = spins;
        for (int y = 0; y < l; y++) {
            int row = y * l, down = (y == l - 1 ? 0 : y + 1) * l;
            for (int x = 0; x < l; x++) {
                long v = s[row + x];
                ups.add(v);
                antiBonds.add(v ^ s[row + (x == l - 1 ? 0 : x + 1)]);
                antiBonds.add(v ^ s[down + x]);
            }
        }
    }
}
