package cheaplab.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Range checks for config compact constructors. Every failure is a {@link ConfigException} that names
 * the field and says what was expected and what was given.
 */
public final class Check {
    /** Bytes one run may allocate for its main arrays (refused up front beyond this). */
    public static final long MEMORY_BUDGET_BYTES = 2L << 30;
    private static final double GIB = 1L << 30;

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
        throw new ConfigException(field, "must be one of " + String.join(", ", allowed) + ", was '" + Excerpt.of(v) + "'");
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

    /** The sum of {@code terms} (bytes by field), rounded up to whole bytes. */
    public static long totalBytes(Map<String, Double> terms) {
        double sum = 0;
        for (double b : terms.values()) sum += b;
        return (long) Math.ceil(sum);
    }

    /**
     * Refuses a config whose main arrays, which a run holds all at once, exceed {@link #MEMORY_BUDGET_BYTES}
     * together. {@code terms} are bytes by the field that drives them; the exception names the largest and the
     * message gives the total, every term and the budget.
     */
    public static void memory(Map<String, Double> terms) {
        long total = totalBytes(terms);
        if (total <= MEMORY_BUDGET_BYTES) return;
        String dominant = null;
        StringBuilder parts = new StringBuilder();
        for (Map.Entry<String, Double> t : terms.entrySet()) {
            if (dominant == null || t.getValue() > terms.get(dominant)) dominant = t.getKey();
            parts.append(parts.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f GiB", t.getKey(), t.getValue() / GIB));
        }
        throw new ConfigException(dominant, String.format(Locale.ROOT,
                "the run's main arrays need %.2f GiB (%,d bytes) together (%s), over the %.2f GiB (%,d bytes) per-run "
                        + "memory budget; make %s smaller", total / GIB, total, parts, MEMORY_BUDGET_BYTES / GIB,
                MEMORY_BUDGET_BYTES, dominant));
    }
}
