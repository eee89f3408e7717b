package cheaplab.lab.ridge;

/**
 * Asymptotic excess risk of ridge regression in the proportional limit p, n → ∞, p/n → γ, after Hastie,
 * Montanari, Rosset &amp; Tibshirani, "Surprises in high-dimensional ridgeless least squares interpolation",
 * Ann. Statist. 50(2), 2022 (arXiv:1903.08560, 2019).
 *
 * <p>Model: rows x ~ N(0, Σ), y = xᵀw* + ε with Var ε = σ², ‖w*‖ = r (w* uniform on the sphere where it
 * matters). Risk = E(x₀ᵀ(ŵ − w*))², i.e. ‖ŵ − w*‖² for Σ = I, (ŵ − w*)ᵀΣ(ŵ − w*) in general (noise σ²
 * of the test label excluded).
 *
 * <p><b>λ normalisation.</b> ŵ minimises (1/n)‖y − Xw‖² + λ‖w‖², i.e. ŵ = (XᵀX + nλI)⁻¹Xᵀy: the lab's
 * {@code mean} scaling. For {@code sum} scaling (‖y − Xw‖² + λ‖w‖², scikit-learn's alpha) pass λ/n. This
 * normalisation was checked numerically: at p = 200 the Monte-Carlo mean of ‖ŵ − w*‖² with
 * ŵ = (XᵀX + nλI)⁻¹Xᵀy sits on {@link #ridge} within a few percent away from γ = 1 (RidgeTheoryTest).
 *
 * <p>Isotropic closed forms (γ = p/n):
 * <ul>
 * <li>ridgeless (minimum-norm least squares): σ²γ/(1−γ) for γ &lt; 1, r²(1 − 1/γ) + σ²/(γ − 1) for γ &gt; 1;</li>
 * <li>ridge, λ &gt; 0: κ = [(λ+γ−1) + √((λ+γ−1)² + 4λ)]/2, risk = (κ²r² + σ²γ)/((1+κ)² − γ), of which
 * κ²r²/((1+κ)² − γ) is the squared bias and σ²γ/((1+κ)² − γ) the variance;</li>
 * <li>optimally tuned ridge: λ* = σ²γ/r² (the Bayes posterior mean for w* uniform on the sphere), a curve
 * with no peak at γ = 1.</li>
 * </ul>
 * For general Σ with eigenvalues d_j, {@link #deterministicEquivalent} uses the same structure: κ &gt; 0 solves
 * λ = κ(1 − (1/n)Σ_j d_j/(d_j + κ)), df₂ = Σ_j d_j²/(d_j + κ)², variance = σ² df₂/(n − df₂), squared bias =
 * κ² (r²/p) Σ_j d_j/(d_j + κ)² · n/(n − df₂) (Hastie et al. §5; Dobriban &amp; Wager 2018). With d_j = 1 it
 * reduces to the closed form above.
 */
public final class HastieRidgeRisk {
    private HastieRidgeRisk() {}

    /** Minimum-norm least-squares risk; ∞ at γ = 1 (and NaN-free: σ = 0 gives the bias alone). */
    public static double ridgeless(double gamma, double r, double sigma) {
        double s2 = sigma * sigma;
        if (gamma < 1) return s2 == 0 ? 0 : s2 * gamma / (1 - gamma);
        if (gamma == 1) return s2 == 0 ? 0 : Double.POSITIVE_INFINITY;
        return r * r * (1 - 1 / gamma) + (s2 == 0 ? 0 : s2 / (gamma - 1));
    }

    /**
     * κ(γ, λ) = [(λ+γ−1) + √((λ+γ−1)² + 4λ)]/2, evaluated without cancellation when λ+γ−1 &lt; 0
     * (then κ = 2λ/(√(b² + 4λ) − b), the same root written through the product of roots −λ).
     */
    public static double kappa(double gamma, double lambda) {
        double b = lambda + gamma - 1;
        double root = Math.sqrt(b * b + 4 * lambda);
        return b >= 0 ? (b + root) / 2 : 2 * lambda / (root - b);
    }

    /** Ridge risk for mean-normalised λ ≥ 0 (λ = 0: {@link #ridgeless}). */
    public static double ridge(double gamma, double lambda, double r, double sigma) {
        if (lambda == 0) return ridgeless(gamma, r, sigma);
        return bias2(gamma, lambda, r) + variance(gamma, lambda, sigma);
    }

    /** Squared-bias part κ²r²/((1+κ)² − γ), λ &gt; 0. */
    public static double bias2(double gamma, double lambda, double r) {
        double k = kappa(gamma, lambda);
        return k * k * r * r / ((1 + k) * (1 + k) - gamma);
    }

    /** Variance part σ²γ/((1+κ)² − γ), λ &gt; 0. */
    public static double variance(double gamma, double lambda, double sigma) {
        double k = kappa(gamma, lambda);
        return sigma * sigma * gamma / ((1 + k) * (1 + k) - gamma);
    }

    /** λ* = σ²γ/r², the risk-minimising mean-normalised penalty. */
    public static double optimalLambda(double gamma, double r, double sigma) {
        return sigma * sigma * gamma / (r * r);
    }

    /** Risk of optimally tuned ridge: finite for every γ (no interpolation peak). */
    public static double optimal(double gamma, double r, double sigma) {
        return ridge(gamma, optimalLambda(gamma, r, sigma), r, sigma);
    }

    /**
     * Deterministic-equivalent risk for population covariance eigenvalues {@code d} (p of them), n samples
     * and mean-normalised λ ≥ 0; w* uniform on the sphere of radius r. Infinite when λ = 0 and p = n.
     */
    public static double deterministicEquivalent(double[] d, int n, double lambda, double r, double sigma) {
        int p = d.length;
        double kappa;
        if (lambda > 0) {
            kappa = solveKappa(d, n, lambda);
        } else if (p < n) {
            kappa = 0;
        } else if (p == n) {
            return sigma == 0 ? 0 : Double.POSITIVE_INFINITY;
        } else {
            kappa = ridgelessKappa(d, n);
        }
        double df2 = 0, b = 0;
        for (double dj : d) {
            double q = dj / (dj + kappa);
            df2 += q * q;
            b += dj / ((dj + kappa) * (dj + kappa));
        }
        double inflation = n / (n - df2);
        double bias2 = kappa == 0 ? 0 : kappa * kappa * r * r / p * b * inflation;
        return bias2 + sigma * sigma * df2 / (n - df2);
    }

    /** The root κ &gt; κ₀ of κ(1 − φ(κ)) = λ, φ(κ) = (1/n) Σ d_j/(d_j + κ); unique there (the map increases). */
    static double solveKappa(double[] d, int n, double lambda) {
        double lo = d.length > n ? ridgelessKappa(d, n) : 0;
        double sum = 0;
        for (double dj : d) sum += dj;
        double hi = lambda + sum / n;
        for (int it = 0; it < 300 && hi - lo > 1e-16 * hi; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid * (1 - phi(d, n, mid)) < lambda) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** κ₀ &gt; 0 with φ(κ₀) = 1, the ridgeless limit when p &gt; n. */
    static double ridgelessKappa(double[] d, int n) {
        double sum = 0;
        for (double dj : d) sum += dj;
        double lo = 0, hi = sum / n;
        for (int it = 0; it < 300 && hi - lo > 1e-16 * hi; it++) {
            double mid = 0.5 * (lo + hi);
            if (phi(d, n, mid) > 1) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    private static double phi(double[] d, int n, double kappa) {
        double s = 0;
        for (double dj : d) s += dj / (dj + kappa);
        return s / n;
    }
}
