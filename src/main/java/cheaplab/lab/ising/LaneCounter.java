package cheaplab.lab.ising;

/**
 * 64 counters side by side in bit-sliced form: plane p holds bit p of every lane's count, so adding a word (one
 * bit per lane) is a ripple of ANDs and XORs that stops as soon as the carry is empty (two planes on average).
 */
public final class LaneCounter {
    private final long[] planes = new long[40];
    private int used;

    public void reset() {
        for (int p = 0; p < used; p++) planes[p] = 0;
        used = 0;
    }

    /** Adds bit ℓ of {@code w} to lane ℓ's count, for every ℓ. */
    public void add(long w) {
        long carry = w;
        int p = 0;
        while (carry != 0) {
            long t = planes[p] & carry;
            planes[p] ^= carry;
            carry = t;
            p++;
        }
        if (p > used) used = p;
    }

    /** The 64 counts. */
    public long[] counts(long[] out) {
        java.util.Arrays.fill(out, 0);
        for (int p = 0; p < used; p++) {
            long w = planes[p];
            while (w != 0) {
                int lane = Long.numberOfTrailingZeros(w);
                out[lane] += 1L << p;
                w &= w - 1;
            }
        }
        return out;
    }
}
