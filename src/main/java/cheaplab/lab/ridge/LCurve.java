package cheaplab.lab.ridge;

import java.util.OptionalDouble;

/**
 * Hansen's L-curve of ridge (Tikhonov) regression on one training set: the parametric curve
 * (a, b)(λ) = (ln‖y − Xŵ_λ‖, ln‖ŵ_λ‖), and its corner, the point of maximum curvature.
 *
 * <p>With t = ln λ', fᵢ = sᵢ²/(sᵢ²+λ'), gᵢ = 1 − fᵢ = λ'/(sᵢ²+λ') (computed directly, never as 1 − f), and
 * dfᵢ/dt = −fᵢgᵢ, the squared norms R = ρ² = ρ₀² + Σ gᵢ²βᵢ² and E = η² = Σ fᵢ²βᵢ²/sᵢ² have the closed-form derivatives
 * <pre>
 *   R' =  2 Σ βᵢ² fᵢgᵢ²,            R'' = −2 Σ βᵢ² fᵢgᵢ²(1 − 3fᵢ)
 *   E' = −2 Σ ξᵢ² fᵢ²gᵢ,            E'' =  2 Σ ξᵢ² fᵢ²gᵢ(2 − 3fᵢ),       ξᵢ = βᵢ/sᵢ
 * </pre>
 * so a = ½ln R has a' = R'/(2R), a'' = (R''R − R'²)/(2R²), likewise b, and the signed curvature is
 * κ = (a'b'' − a''b')/(a'² + b'²)^{3/2} — geometric, so the same for λ, λ' = nλ or any other parametrisation.
 * With λ increasing the curve runs from the top-left (small residual, large norm) to the bottom-right; a convex
 * "L" corner turns counter-clockwise and has κ &gt; 0. The ρ₀² term (y outside range(X)) enters R but not its
 * derivatives.
 *
 * <p>The corner is the largest interior local maximum of κ over the grid with κ &gt; 0, refined by golden
 * section between its grid neighbours. A well-posed problem (all singular values well above the noise) has no
 * corner: its curvature is largest at the small-λ end point, where the curve shrinks to the least-squares
 * point; taking the grid's end there would be an artefact of the grid, so {@link #corner} is then empty.
 */
public final class LCurve {
    /** Grid points per L-curve (contract: ~60 log-spaced values). */
    public static final int DEFAULT_POINTS = 60;
    /** Decades of λ' below the smallest kept s² and above the largest s² that the default grid covers. */
    private static final double MARGIN = 1e2;
    /** Smallest s² relative to s₁² the grid reaches down to, whatever the rank (16 decades of λ'). */
    private static final double FLOOR = 1e-16;

    private final SpectralRidge ridge;

    public LCurve(SpectralRidge ridge) {
        this.ridge = ridge;
    }

    public SpectralRidge ridge() { return ridge; }

    /**
     * {@code count} log-spaced λ values (user scaling, ascending) whose λ' spans the singular spectrum:
     * from max(s_r², 10⁻¹⁶ s₁²)/100 to 100 s₁². Empty when the design has rank 0.
     */
    public static double[] grid(SpectralRidge ridge, int count) {
        if (count < 2) throw new IllegalArgumentException("an L-curve grid needs at least 2 points, asked for " + count);
        int r = ridge.rank();
        if (r == 0) return new double[0];
        double s1 = ridge.singularValue(0), sr = ridge.singularValue(r - 1);
        double lo = Math.max(sr * sr, FLOOR * s1 * s1) / MARGIN, hi = s1 * s1 * MARGIN;
        double[] g = new double[count];
        double a = Math.log(lo), b = Math.log(hi);
        for (int i = 0; i < count; i++) g[i] = ridge.userLambda(Math.exp(a + (b - a) * i / (count - 1)));
        return g;
    }

    public double residualNorm(double lambda) { return ridge.residualNorm(lambda); }

    public double solutionNorm(double lambda) { return ridge.solutionNorm(lambda); }

    /** Signed curvature of (ln‖residual‖, ln‖ŵ‖) at λ &gt; 0; NaN where a norm is 0. */
    public double curvature(double lambda) {
        double l = ridge.effectiveLambda(lambda);
        if (!(l > 0)) return Double.NaN;
        double r = ridge.outsideResidualSquared(), r1 = 0, r2 = 0, e = 0, e1 = 0, e2 = 0;
        for (int i = 0, n = ridge.rank(); i < n; i++) {
            double s = ridge.singularValue(i), b = ridge.coefficient(i);
            double d = s * s + l, f = s * s / d, g = l / d;
            double b2 = b * b, xi2 = b2 / (s * s);
            double fg2 = f * g * g, f2g = f * f * g;
            r += g * g * b2;
            r1 += 2 * b2 * fg2;
            r2 -= 2 * b2 * fg2 * (1 - 3 * f);
            e += f * f * xi2;
            e1 -= 2 * xi2 * f2g;
            e2 += 2 * xi2 * f2g * (2 - 3 * f);
        }
        if (!(r > 0) || !(e > 0)) return Double.NaN;
        double a1 = r1 / (2 * r), a2 = (r2 * r - r1 * r1) / (2 * r * r);
        double b1 = e1 / (2 * e), b2 = (e2 * e - e1 * e1) / (2 * e * e);
        double speed2 = a1 * a1 + b1 * b1;
        if (!(speed2 > 0)) return Double.NaN;
        return (a1 * b2 - a2 * b1) / (speed2 * Math.sqrt(speed2));
    }

    /** κ at every grid point. */
    public double[] curvatures(double[] grid) {
        double[] k = new double[grid.length];
        for (int i = 0; i < grid.length; i++) k[i] = curvature(grid[i]);
        return k;
    }

    /**
     * λ of the corner: the interior grid point with the largest κ among local maxima with κ &gt; 0, refined
     * between its neighbours. Empty when the curve has no such point (no corner, see the class comment).
     */
    public OptionalDouble corner(double[] grid) {
        double[] k = curvatures(grid);
        int best = -1;
        for (int i = 1; i + 1 < grid.length; i++) {
            if (!(k[i] > 0) || k[i] < orMinusInfinity(k[i - 1]) || k[i] < orMinusInfinity(k[i + 1])) continue;
            if (best < 0 || k[i] > k[best]) best = i;
        }
        if (best < 0) return OptionalDouble.empty();
        double t = GoldenSection.minimise(x -> -curvature(Math.exp(x)), Math.log(grid[best - 1]), Math.log(grid[best + 1]), 60);
        double lambda = Math.exp(t);
        return OptionalDouble.of(curvature(lambda) > k[best] ? lambda : grid[best]);
    }

    private static double orMinusInfinity(double v) {
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }
}
