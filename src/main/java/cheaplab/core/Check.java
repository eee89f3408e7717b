package cheaplab.core;

import java.util.List;

/**
 * Range checks for config compact constructors. Every failure is a {@link ConfigException} that names
 * the field and says what was expected and what was given.
 */
public final class Check {
    /** Bytes one run may allocate for its main arrays (refused up front beyond this). */
    public static final long MEMORY_BUDGET_BYTES = 2L << 30;

    private Check() {}

    public static double finite(String field, double v) {
        if (!Double.isFinite(v)) throw new ConfigException(field, "must be a finite number, was " + v);
        return v;
    }

    public static double range(String field, double v, double lo, double hi) {
        finite(field, v);
        if (v < lo || v > hi) throw new ConfigException(field, "must be in [" + lo + ", " + hi + "], was " + v);
        return v;
    }

    public static double positive(String field, double v) {
        finite(field, v);
        if (v <= 0) throw new ConfigException(field, "must be > 0, was " + v);
        return v;
    }

    public static double nonNegative(String field, double v) {
        finite(field, v);
        if (v < 0) throw new ConfigException(field, "must be >= 0, was " + v);
        return v;
    }

    public static int range(String field, int v, int lo, int hi) {
        if (v < lo || v > hi) throw new ConfigException(field, "must be an integer in [" + lo + ", " + hi + "], was " + v);
        return v;
    }

    public static <T> T required(String field, T v) {
        if (v == null) throw new ConfigException(field, "is required");
        return v;
    }

    public static String oneOf(String field, String v, String... allowed) {
        required(field, v);
        for (String a : allowed) if (a.equals(v)) return v;
        throw new ConfigException(field, "must be one of " + String.join(", ", allowed) + ", was '" + v + "'");
    }

    /** A non-empty list of at most {@code maxSize} entries, each in [lo, hi] and finite; returns an immutable copy. */
    public static List<Double> doubles(String field, List<Double> v, int maxSize, double lo, double hi) {
        required(field, v);
        if (v.isEmpty() || v.size() > maxSize)
            throw new ConfigException(field, "must have 1 to " + maxSize + " values, had " + v.size());
        for (int i = 0; i < v.size(); i++) {
            Double x = v.get(i);
            if (x == null) throw new ConfigException(field, "value #" + (i + 1) + " is missing");
            if (!Double.isFinite(x) || x < lo || x > hi)
                throw new ConfigException(field, "value #" + (i + 1) + " must be in [" + lo + ", " + hi + "], was " + x);
        }
        return List.copyOf(v);
    }

    public static List<Integer> ints(String field, List<Integer> v, int maxSize, int lo, int hi) {
        required(field, v);
        if (v.isEmpty() || v.size() > maxSize)
            throw new ConfigException(field, "must have 1 to " + maxSize + " values, had " + v.size());
        for (int i = 0; i < v.size(); i++) {
            Integer x = v.get(i);
            if (x == null) throw new ConfigException(field, "value #" + (i + 1) + " is missing");
            if (x < lo || x > hi)
                throw new ConfigException(field, "value #" + (i + 1) + " must be an integer in [" + lo + ", " + hi + "], was " + x);
        }
        return List.copyOf(v);
    }

    /** Refuses configs whose main arrays would exceed {@link #MEMORY_BUDGET_BYTES}. */
    public static void memory(String field, double bytes) {
        if (bytes > MEMORY_BUDGET_BYTES)
            throw new ConfigException(field, String.format(java.util.Locale.ROOT,
                    "needs about %.1f GB, over the %.1f GB per-run memory budget; make it smaller",
                    bytes / 1e9, MEMORY_BUDGET_BYTES / 1e9));
    }
}
