package cheaplab.lab.hopfield;

/**
 * erf and erfc in double precision (the JDK has neither): the Maclaurin series below |x| = 2 and a Lentz continued
 * fraction for erfc above, both to about 1e-15 relative. The AGS equations ({@link AgsTheory}) and the one-step
 * error rate of a stored pattern need them.
 */
final class ErrorFunction {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private ErrorFunction() {}

    static double erf(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) return -erf(-x);
        if (x < 2) return series(x);
        return 1 - erfcFraction(x);
    }

    static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) return 2 - erfc(-x);
        if (x < 2) return 1 - series(x);
        return erfcFraction(x);
    }

    /** Φ(x), the standard normal distribution function. */
    static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /** erf(x) = 2/√π Σ (−1)ⁿ x^{2n+1} / (n! (2n+1)). */
    private static double series(double x) {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /**
     * erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by the modified Lentz method
     * (x ≥ 2, where it converges in a few dozen terms).
     */
    private static double erfcFraction(double x) {
        if (x > 27) return 0; // e^{−729} underflows
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
    }
}
