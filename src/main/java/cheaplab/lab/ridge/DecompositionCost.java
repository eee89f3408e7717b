package cheaplab.lab.ridge;

import cheaplab.core.ConfigException;

import java.util.Locale;

/**
 * The cost of the one LAPACK call a synthetic training set needs, and the bound that keeps cancellation prompt.
 *
 * <p>A native call cannot be interrupted: a cancelled run waits for the call in flight (its compute threads are
 * joined before the worker takes the next job). So one call may cost at most {@link #MAX_FLOPS}. The model is the
 * leading term of a thin SVD ({@code dgesdd}) of an {@code n × p} matrix, {@code 4·M·m²} with {@code M = max(n, p)},
 * {@code m = min(n, p)}: measured (docs/benchmarks.md, "Cancellation"), a call at the bound takes 0.25 s square
 * (790 × 790) to 0.55 s tall and narrow (12,500 × 200, where the SVD is memory-bound) on one quiet core, and up to
 * twice that with both cores decomposing at once, so a cancel takes effect within 2 s for every accepted config. MNIST training sets are factored in 512-row QR updates
 * instead ({@link PrefixRidgePath}) and need no bound; its focus set is decomposed directly and is bounded.
 */
final class DecompositionCost {
    /** Floating-point operations (by the model) one SVD may cost. */
    static final double MAX_FLOPS = 2.0e9;

    private DecompositionCost() {}

    /** The model's operation count for the thin SVD of an {@code n × p} matrix. */
    static double svdFlops(int n, int p) {
        double big = Math.max(n, p), small = Math.min(n, p);
        return 4 * big * small * small;
    }

    /** The largest training set with these features whose SVD stays within {@link #MAX_FLOPS} (0 if none). */
    static int largestInstances(int features) {
        double p = features;
        if (4 * p * p * p <= MAX_FLOPS) return (int) Math.floor(MAX_FLOPS / (4 * p * p)); // N ≥ p: 4·N·p²
        return (int) Math.floor(Math.sqrt(MAX_FLOPS / (4 * p)));                           // N < p: 4·p·N²
    }

    /**
     * Refuses a training set of {@code n} instances whose SVD would cost more than {@link #MAX_FLOPS}, naming
     * {@code field} and the largest size that would be accepted.
     */
    static void check(String field, int n, int features) {
        if (n <= 0) return;
        double flops = svdFlops(n, features);
        if (flops <= MAX_FLOPS) return;
        int most = largestInstances(features);
        String advice = field.equals("focusInstances")
                ? "give focusInstances a training set of at most " + most + " instances (with 0 the sweep value nearest N = p is used)"
                : "use at most " + most + " instances with " + features + " features, or fewer features";
        throw new ConfigException(field, String.format(Locale.ROOT,
                "a training set of %d instances × %d features needs one SVD of %.1e floating-point operations, "
                        + "which cannot be interrupted; at most %.1e are accepted so that cancelling takes effect within "
                        + "2 s: %s", n, features, flops, MAX_FLOPS, advice));
    }
}
