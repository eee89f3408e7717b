package cheaplab.lab.ridge;

import java.util.ArrayList;
import java.util.List;

/**
 * Marchenko–Pastur law for the <em>singular values</em> of an n × p matrix X with iid entries of mean 0 and
 * variance v (the engine's raw isotropic design: v = 1), in the limit n, p → ∞ with γ = p/n fixed.
 *
 * <p>The eigenvalues μ of XᵀX/n (p of them) have the MP density
 * f(μ) = √((μ₊ − μ)(μ − μ₋)) / (2π v γ μ) on [μ₋, μ₊], μ± = v(1 ± √γ)², plus an atom of mass 1 − 1/γ at 0 when
 * γ &gt; 1. A singular value of X is σ = √(nμ), so with the change of variables μ = σ²/n, dμ/dσ = 2σ/n:
 * <pre>
 *   f_σ(σ) = f(σ²/n)·2σ/n = √((b² − σ²)(σ² − a²)) / (π v p σ),   a = √v·|√n − √p|,  b = √v·(√n + √p)
 * </pre>
 * on [a, b] — the law of the p values √(eigenvalues of XᵀX), of which max(0, p − n) are 0; its continuous part has
 * mass min(1, n/p) = 1 − {@link #pointMassAtZero()}. The min(n, p) nonzero singular values, which a thin SVD
 * returns, have density {@link #nonzeroDensity} = f_σ·p/min(n, p) = √((b² − σ²)(σ² − a²)) / (π v min(n, p) σ),
 * symmetric in n and p; a unit-area histogram of the spectrum lies on it. For n = p it is the quarter-circle law
 * √(4nv − σ²)/(π n v) on [0, 2√(nv)].
 *
 * <p>The CDF has a closed form: with σ² = c + r cos θ, c = (a² + b²)/2, r = (b² − a²)/2, the mass of
 * [σ, b] is (1/(2π v min(n, p))) ∫₀^θ r² sin²φ/(c + r cos φ) dφ and
 * ∫ sin²φ/(c + r cos φ) dφ = [cφ − r sin φ − 2|ab| arctan(√((c−r)/(c+r)) tan(φ/2))]/r².
 */
public final class MarchenkoPastur {
    private final int rows;
    private final int cols;
    private final double variance;
    private final double a;
    private final double b;

    /** X with {@code rows} = n instances and {@code cols} = p features, entries of variance {@code variance}. */
    public MarchenkoPastur(int rows, int cols, double variance) {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("need a non-empty matrix, was " + rows + "×" + cols);
        if (!(variance > 0) || !Double.isFinite(variance)) throw new IllegalArgumentException("variance must be > 0, was " + variance);
        this.rows = rows;
        this.cols = cols;
        this.variance = variance;
        double sd = Math.sqrt(variance);
        this.a = sd * Math.abs(Math.sqrt(rows) - Math.sqrt(cols));
        this.b = sd * (Math.sqrt(rows) + Math.sqrt(cols));
    }

    /** Unit-variance entries, as the engine's isotropic design. */
    public MarchenkoPastur(int rows, int cols) {
        this(rows, cols, 1.0);
    }

    public double ratio() { return (double) cols / rows; }

    /** Smallest nonzero singular value of the limit law, √v·|√n − √p| (√n(1 − √γ) for γ &lt; 1). */
    public double lowerEdge() { return a; }

    /** Largest singular value of the limit law, √v·(√n + √p) = √(nv)(1 + √γ). */
    public double upperEdge() { return b; }

    /** Fraction of the p values √(eig XᵀX) that are 0: max(0, 1 − n/p). */
    public double pointMassAtZero() { return Math.max(0.0, 1.0 - (double) rows / cols); }

    /** f_σ, the continuous part of the law of the p values √(eig XᵀX); integrates to 1 − pointMassAtZero(). */
    public double density(double sigma) {
        return shape(sigma) / (Math.PI * variance * cols);
    }

    /** Density of the min(n, p) nonzero singular values; integrates to 1. */
    public double nonzeroDensity(double sigma) {
        return shape(sigma) / (Math.PI * variance * Math.min(rows, cols));
    }

    /**
     * √((b² − σ²)(σ² − a²))/σ on [a, b], factored so that n = p (a = 0) gives its finite limit b at σ = 0 instead
     * of 0/0.
     */
    private double shape(double sigma) {
        if (!(sigma >= a) || !(sigma < b)) return 0.0;
        if (sigma == a) return a == 0 ? b : 0.0;
        double q = a / sigma;
        return Math.sqrt((b - sigma) * (b + sigma) * (1 - q) * (1 + q));
    }

    /** CDF of the nonzero singular values: P(σ' ≤ σ). */
    public double cdf(double sigma) {
        if (sigma <= a) return 0.0;
        if (sigma >= b) return 1.0;
        double c = (a * a + b * b) / 2, r = (b * b - a * a) / 2;
        double theta = Math.acos(Math.max(-1, Math.min(1, (sigma * sigma - c) / r)));
        double ab = a * b;
        double upper = c * theta - r * Math.sin(theta) - 2 * ab * Math.atan(Math.sqrt((c - r) / (c + r)) * Math.tan(theta / 2));
        double above = upper / (Math.PI * (c - ab));   // mass of [σ, b]: upper/(2π v min), and c − |ab| = 2 v min
        return Math.max(0.0, Math.min(1.0, 1.0 - above));
    }

    /**
     * {@code count} points of {@link #nonzeroDensity} from the lower to the upper edge, spaced uniformly in θ of
     * σ² = c + r cos θ, so they crowd where the density has its square-root edges.
     */
    public List<DensityPoint> points(int count) {
        if (count < 2) throw new IllegalArgumentException("count must be at least 2, was " + count);
        double c = (a * a + b * b) / 2, r = (b * b - a * a) / 2;
        List<DensityPoint> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double theta = Math.PI * (count - 1 - i) / (count - 1);
            double sigma = Math.sqrt(Math.max(0, c + r * Math.cos(theta)));
            if (i == 0) sigma = a;
            if (i == count - 1) sigma = b;
            out.add(new DensityPoint(sigma, nonzeroDensity(sigma)));
        }
        return out;
    }
}
