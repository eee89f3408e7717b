package cheaplab.lab.hopfield;

/**
 * The replica-symmetric theory of the Hopfield model at zero temperature (Amit, Gutfreund &amp; Sompolinsky,
 * Phys. Rev. Lett. 55, 1530 (1985); Ann. Phys. 173, 30 (1987), the β → ∞ limit; also Coolen, "Statistical
 * mechanics of recurrent neural networks I", cond-mat/0006010). A retrieval state with
 * overlap m with one pattern, at load α = P/N, satisfies
 * <pre>
 *   m = erf( m / √(2rα) ),   C = √(2/(πrα)) · exp(−m²/(2rα)),   r = 1/(1 − C)²
 * </pre>
 * (r: the spin-glass noise from the other patterns, C = β(1 − q) in the β → ∞ limit). Writing y = m/√(2rα), the
 * second and third equations give √(2α) = m(1 − C)/y with C = 2y e^{−y²}/(√π m), so the three reduce to one
 * unknown: m = erf(y) and
 * <pre>
 *   α(y) = (erf y − (2/√π) y e^{−y²})² / (2y²).
 * </pre>
 * α(y) rises from 0 at y = 0 to a maximum, α_c ≈ 0.138 at m ≈ 0.967, and falls again; the retrieval branch is the
 * large-y side (m → 1 as α → 0). Above α_c no retrieval solution exists: the overlap collapses. The solver finds
 * the root y of α(y) = α on that branch by bisection and returns m, C and r, which satisfy the original three
 * equations (AgsTheoryTest checks the residuals, and a plain fixed-point iteration of the three equations).
 */
final class AgsTheory {
    /** The retrieval solution at one load: overlap m, C and r. */
    record Solution(double alpha, double overlap, double c, double r) {
        /** Fraction of wrong bits in the retrieval state, (1 − m)/2. */
        double errorFraction() {
            return (1 - overlap) / 2;
        }
    }

    private static final double SQRT_PI = Math.sqrt(Math.PI);
    /** y at the maximum of α(y), and α_c = α(y_c) (golden-section search, computed once). */
    private static final double Y_C, ALPHA_C;

    static {
        double lo = 0.5, hi = 3.0, g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
        for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
            if (alphaOf(a) > alphaOf(b)) {
                hi = b;
                b = a;
                a = hi - g * (hi - lo);
            } else {
                lo = a;
                a = b;
                b = lo + g * (hi - lo);
            }
        }
        Y_C = (lo + hi) / 2;
        ALPHA_C = alphaOf(Y_C);
    }

    private AgsTheory() {}

    /** The load at which the retrieval solution disappears (≈ 0.1379). */
    static double criticalAlpha() {
        return ALPHA_C;
    }

    /** The retrieval solution at α_c. */
    static Solution atCriticalAlpha() {
        return solution(ALPHA_C, Y_C);
    }

    /** α as a function of y = m/√(2rα) (see the class comment). */
    static double alphaOf(double y) {
        double s = ErrorFunction.erf(y) - 2 * y * Math.exp(-y * y) / SQRT_PI;
        return s * s / (2 * y * y);
    }

    /** The retrieval solution at load {@code alpha} in (0, α_c], or null above α_c (no retrieval state). */
    static Solution retrieval(double alpha) {
        if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be > 0, was " + alpha);
        if (alpha > ALPHA_C) return null;
        // α(y) decreases from α_c at y_c towards 0 as y → ∞; α(y) < 1/(2y²), so y ≤ 1/√(2α) brackets the root.
        double lo = Y_C, hi = Math.max(Y_C, 1 / Math.sqrt(2 * alpha)) + 1;
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (alphaOf(mid) > alpha) lo = mid;
            else hi = mid;
        }
        return solution(alpha, (lo + hi) / 2);
    }

    private static Solution solution(double alpha, double y) {
        double m = ErrorFunction.erf(y);
        double c = 2 * y * Math.exp(-y * y) / (SQRT_PI * m);
        return new Solution(alpha, m, c, 1 / ((1 - c) * (1 - c)));
    }

    /**
     * The fraction of bits of a stored pattern that one update would flip, for N neurons and P Hebbian patterns
     * (zero diagonal): ξ_i h_i = (N − 1) + a sum of (N − 1)(P − 1) independent ±1 terms, so in the Gaussian
     * approximation Φ(−√((N − 1)/(P − 1))); the large-N form is Φ(−1/√α) (Amit's "one-step" error). 0 for P = 1.
     */
    static double unstableBitFraction(int neurons, int patterns) {
        if (patterns <= 1) return 0;
        return ErrorFunction.normalCdf(-Math.sqrt((neurons - 1.0) / (patterns - 1.0)));
    }
}
