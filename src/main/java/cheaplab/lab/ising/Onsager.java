package cheaplab.lab.ising;

/**
 * Exact results for the infinite square-lattice Ising model, J = 1, h = 0, k_B = 1 (Onsager 1944, Yang 1952).
 */
public final class Onsager {
    /** T_c = 2/ln(1 + √2) ≈ 2.269185. */
    public static final double CRITICAL_TEMPERATURE = 2.0 / Math.log(1.0 + Math.sqrt(2.0));

    private Onsager() {}

    /** Spontaneous magnetisation (1 − sinh(2/T)⁻⁴)^{1/8} below T_c, 0 above. */
    public static double magnetization(double t) {
        if (t >= CRITICAL_TEMPERATURE) return 0.0;
        double s = Math.sinh(2.0 / t);
        return Math.pow(1.0 - 1.0 / (s * s * s * s), 0.125);
    }

    /**
     * Energy per spin u(T) = −coth(2K)[1 + (2/π)(2 tanh²(2K) − 1) K₁(q)], q = 2 sinh(2K)/cosh²(2K), K = 1/T.
     */
    public static double energy(double t) {
        double k = 1.0 / t;
        double c = Math.cosh(2 * k), s = Math.sinh(2 * k), th = Math.tanh(2 * k);
        double q = 2.0 * s / (c * c);
        double factor = 2.0 * th * th - 1.0;
        // At T_c q → 1 and K₁ diverges logarithmically, but the factor vanishes linearly: the product → 0.
        double elliptic = q >= 1.0 || factor == 0.0 ? 0.0 : ellipticK(q);
        return -(c / s) * (1.0 + (2.0 / Math.PI) * factor * elliptic);
    }

    /** Complete elliptic integral of the first kind K(k) = π / (2 AGM(1, √(1 − k²))), modulus k in [0, 1). */
    public static double ellipticK(double modulus) {
        double a = 1.0, b = Math.sqrt(Math.max(0.0, (1.0 - modulus) * (1.0 + modulus)));
        if (b == 0.0) return Double.POSITIVE_INFINITY;
        for (int i = 0; i < 64 && Math.abs(a - b) > 1e-16 * a; i++) {
            double an = 0.5 * (a + b);
            b = Math.sqrt(a * b);
            a = an;
        }
        return Math.PI / (2.0 * a);
    }
}
