package cheaplab.lab.ridge;

/**
 * At most {@code count} distinct 1-based indices out of 1 … max, as evenly spaced in log(index) as integers
 * allow (so every index while the log spacing is below one, then geometric), always including 1 and max.
 * Keeps the spectrum, Picard and truncated-SVD series chart-sized when the rank runs into the thousands.
 */
public final class LogSpacedIndices {
    private LogSpacedIndices() {}

    public static int[] of(int max, int count) {
        if (max <= 0) return new int[0];
        if (count < 2) throw new IllegalArgumentException("count must be at least 2, was " + count);
        if (max <= count) {
            int[] all = new int[max];
            for (int i = 0; i < max; i++) all[i] = i + 1;
            return all;
        }
        int[] out = new int[count];
        double logMax = Math.log(max);
        int previous = 0;
        for (int i = 0; i < count; i++) {
            int remaining = count - 1 - i;
            // The remaining slots each need an index of their own; within that, follow the geometric spacing,
            // measured from the last index taken so the spacing stays even once integer rounding has kicked in.
            int ideal = (int) Math.round(Math.exp(Math.log(Math.max(previous, 1)) + (logMax - Math.log(Math.max(previous, 1))) / (remaining + 1)));
            if (i == 0) ideal = 1;
            int index = Math.max(previous + 1, Math.min(ideal, max - remaining));
            out[i] = index;
            previous = index;
        }
        out[count - 1] = max;
        return out;
    }
}
