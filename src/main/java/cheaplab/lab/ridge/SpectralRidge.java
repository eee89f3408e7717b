package cheaplab.lab.ridge;

import cheaplab.linalg.ThinSvd;

/**
 * Ridge regression for every λ from ONE decomposition of a training design A (n × p; A = X, or the centred
 * X when an intercept is fitted): A = U diag(s) Vᵀ with k singular values, of which the first r (the numerical
 * rank) lie above the pseudo-inverse tolerance s₁ · max(n, p) · ε ({@link ThinSvd#rank()}), and the projections
 * z = Uᵀy of one or more target columns (centred with the intercept). With λ' the penalty of
 * ‖y − Aw‖² + λ'‖w‖² (λ' = nλ for {@code mean} scaling, λ for {@code sum}; see {@link LambdaScaling}):
 * <pre>
 *   fᵢ = sᵢ²/(sᵢ² + λ')  (i &lt; r; 0 beyond r, so λ = 0 gives the minimum-norm solution)
 *   ŵ = V c,  cᵢ = sᵢzᵢ/(sᵢ² + λ'),            ‖ŵ‖ = ‖c‖
 *   ‖y − Aŵ‖² = ρ₀² + Σᵢ (λ'zᵢ/(sᵢ² + λ'))²,    ρ₀² = ‖y − U_r U_rᵀ y‖²  (y outside range(A))
 *   df = Σᵢ fᵢ (+1 for a fitted intercept),     GCV = (‖y − Aŵ‖²/n) / (1 − df/n)²
 * </pre>
 * Every public λ is the user's, in this object's {@link #lambdaScaling()}. The residual uses the complement
 * λ'/(sᵢ² + λ') computed directly, never as 1 − fᵢ (which loses all digits for λ' ≪ sᵢ²), and ρ₀² is computed
 * from the projection itself, never as ‖y‖² − ‖z‖², which would cancel when y lies almost in range(A)
 * (interpolation, p ≥ n). Methods without a target index are the single-target view (target 0).
 * Immutable; every method costs O(k) or O(kp), not a new factorisation.
 */
public final class SpectralRidge {
    /** Tolerance rule, as reported in results. */
    public static final String TOLERANCE = "singular values s_i <= s_max * max(n, p) * eps (eps = 2^-52 = 2.22e-16; "
            + "numpy's pinv / matrix_rank default) are treated as zero: their filter factor is 0 for every lambda, "
            + "so lambda = 0 gives the minimum-norm (pseudo-inverse) solution";

    private final int n;
    private final int p;
    private final double[] s;
    private final double[] vt;
    private final int rank;
    private final int targets;
    private final double[] z;
    private final double[] outside2;
    private final boolean intercept;
    private final LambdaScaling scaling;

    /** Single target, no intercept: ridge on the design whose thin SVD is {@code svd} (with U), target y. */
    public SpectralRidge(ThinSvd svd, double[] y, String lambdaScaling) {
        this(svd, y, lambdaScaling, false);
    }

    /**
     * Single target; with {@code intercept} the design and y were centred for a fitted, unpenalised intercept
     * (it counts as one more degree of freedom).
     */
    public SpectralRidge(ThinSvd svd, double[] y, String lambdaScaling, boolean intercept) {
        this(svd, 1, y, intercept, LambdaScaling.of(lambdaScaling), svd.n());
    }

    /** From a thin SVD of the design (with U) and the target column(s) y (row-major n × t). */
    public static SpectralRidge of(ThinSvd svd, int targets, double[] y, boolean intercept, LambdaScaling scaling) {
        return new SpectralRidge(svd, targets, y, intercept, scaling, svd.n());
    }

    /**
     * As {@link #of(ThinSvd, int, double[], boolean, LambdaScaling)} for a design whose exactly-zero columns were
     * dropped before the SVD: {@code designColumns} is the column count of the full design, used by the rank
     * tolerance.
     */
    public static SpectralRidge of(ThinSvd svd, int targets, double[] y, boolean intercept, LambdaScaling scaling,
                                   int designColumns) {
        return new SpectralRidge(svd, targets, y, intercept, scaling, designColumns);
    }

    private SpectralRidge(ThinSvd svd, int targets, double[] y, boolean intercept, LambdaScaling scaling,
                          int designColumns) {
        int n = svd.m(), k = svd.k();
        if (y.length != (long) n * targets)
            throw new IllegalArgumentException("y has " + y.length + " values, the design has " + n + " rows × " + targets + " targets");
        if (svd.u() == null) throw new IllegalArgumentException("the SVD has no U (dgesdd with jobz='N'?)");
        double[] u = svd.u(), z = new double[k * targets], outside = new double[targets];
        for (int i = 0; i < n; i++) { // row by row: U is row-major, so this streams through it once
            int ou = i * k;
            for (int t = 0; t < targets; t++) {
                double yi = y[i * targets + t];
                if (yi == 0) continue;
                for (int j = 0; j < k; j++) z[j * targets + t] += u[ou + j] * yi;
            }
        }
        for (int i = 0; i < n; i++) { // ‖y − U Uᵀy‖² from the residual itself (no cancellation)
            int ou = i * k;
            for (int t = 0; t < targets; t++) {
                double e = y[i * targets + t];
                for (int j = 0; j < k; j++) e -= u[ou + j] * z[j * targets + t];
                outside[t] += e * e;
            }
        }
        this.n = n;
        this.p = svd.n();
        this.s = svd.s();
        this.vt = svd.vt();
        this.rank = ThinSvd.rank(svd.s(), n, designColumns);
        this.targets = targets;
        this.z = z;
        this.outside2 = withDroppedDirections(outside, z, rank, k, targets);
        this.intercept = intercept;
        this.scaling = scaling;
    }

    /**
     * From the factors directly (e.g. the SVD of a triangular factor, where U of the design is never formed).
     *
     * @param n         training instances
     * @param p         columns of the decomposed design
     * @param s         k singular values, descending
     * @param vt        Vᵀ, row-major k × p
     * @param rank      number of singular values above the tolerance
     * @param targets   t, number of target columns
     * @param z         Uᵀy, row-major k × t
     * @param outside2  ‖y − U Uᵀy‖² per target (the part of y orthogonal to all k columns of U)
     * @param intercept whether an intercept was fitted (A and y centred)
     */
    SpectralRidge(int n, int p, double[] s, double[] vt, int rank, int targets, double[] z, double[] outside2,
                  boolean intercept, LambdaScaling scaling) {
        int k = s.length;
        if (vt.length != (long) k * p) throw new IllegalArgumentException("vt is not " + k + "×" + p);
        if (z.length != (long) k * targets) throw new IllegalArgumentException("z is not " + k + "×" + targets);
        if (outside2.length != targets) throw new IllegalArgumentException("outside2 needs " + targets + " values");
        if (rank < 0 || rank > k) throw new IllegalArgumentException("rank " + rank + " outside [0, " + k + "]");
        this.n = n;
        this.p = p;
        this.s = s;
        this.vt = vt;
        this.rank = rank;
        this.targets = targets;
        this.z = z;
        this.outside2 = withDroppedDirections(outside2, z, rank, k, targets);
        this.intercept = intercept;
        this.scaling = scaling;
    }

    /** ρ₀² = ‖y − U Uᵀy‖² plus the directions at or below the tolerance: ‖y − U_r U_rᵀy‖² (sums of squares only). */
    private static double[] withDroppedDirections(double[] outside, double[] z, int rank, int k, int targets) {
        double[] out = outside.clone();
        for (int t = 0; t < targets; t++)
            for (int j = rank; j < k; j++) out[t] += z[j * targets + t] * z[j * targets + t];
        return out;
    }

    /** n, the number of training instances. */
    public int instances() {
        return n;
    }

    /** p, the number of columns of the decomposed design. */
    public int features() {
        return p;
    }

    /** k = min(n, p): singular values computed (some may be below the tolerance). */
    public int k() {
        return s.length;
    }

    /** The numerical rank r: singular values beyond it are treated as zero. */
    public int rank() {
        return rank;
    }

    public int targets() {
        return targets;
    }

    /** Whether an intercept was fitted (design and targets centred). */
    public boolean intercept() {
        return intercept;
    }

    /** How the user's λ maps to the penalty λ' on this training set. */
    public LambdaScaling lambdaScaling() {
        return scaling;
    }

    /** sᵢ, i = 0 … k−1 (descending). */
    public double singularValue(int i) {
        return s[i];
    }

    /** Vᵀ[i][j]. */
    public double vt(int i, int j) {
        return vt[i * p + j];
    }

    /** zᵢ = uᵢᵀy of target t. */
    public double coefficient(int i, int t) {
        return z[i * targets + t];
    }

    /** βᵢ = uᵢᵀy of the single target. */
    public double coefficient(int i) {
        return coefficient(i, 0);
    }

    /** ρ₀² = ‖y − U_r U_rᵀy‖² of target t, the residual no λ can remove. */
    public double outsideResidualSquared(int t) {
        return outside2[t];
    }

    public double outsideResidualSquared() {
        return outsideResidualSquared(0);
    }

    /** λ' for the user's λ on this training set. */
    public double effectiveLambda(double lambda) {
        return scaling.penalty(lambda, n);
    }

    /** The user's λ whose penalty on this training set is λ'. */
    public double userLambda(double lambdaEffective) {
        return scaling.user(lambdaEffective, n);
    }

    /** Filter factors fᵢ = sᵢ²/(sᵢ² + λ') (length k; 0 beyond the rank, 1 within it at λ = 0). */
    public double[] filter(double lambda) {
        double l = effectiveLambda(lambda);
        double[] f = new double[s.length];
        for (int i = 0; i < rank; i++) {
            double s2 = s[i] * s[i];
            f[i] = l == 0 ? 1.0 : s2 / (s2 + l);
        }
        return f;
    }

    /** Coefficients c = Vᵀŵ of target t: cᵢ = sᵢzᵢ/(sᵢ² + λ') (length k, 0 beyond the rank). */
    public double[] coefficients(double lambda, int t) {
        double l = effectiveLambda(lambda);
        double[] c = new double[s.length];
        for (int i = 0; i < rank; i++) c[i] = l == 0 ? z(i, t) / s[i] : s[i] * z(i, t) / (s[i] * s[i] + l);
        return c;
    }

    /** V c (length p) for coefficients c in the right singular basis (entries beyond the rank are ignored). */
    public double[] weights(double[] c) {
        double[] w = new double[p];
        for (int i = 0; i < rank; i++) {
            double ci = c[i];
            if (ci == 0) continue;
            int o = i * p;
            for (int j = 0; j < p; j++) w[j] += ci * vt[o + j];
        }
        return w;
    }

    /** ŵ(λ) of target t (length p). */
    public double[] solution(double lambda, int t) {
        return weights(coefficients(lambda, t));
    }

    public double[] solution(double lambda) {
        return solution(lambda, 0);
    }

    /** ‖ŵ(λ)‖ of target t. */
    public double solutionNorm(double lambda, int t) {
        double acc = 0;
        for (double c : coefficients(lambda, t)) acc += c * c;
        return Math.sqrt(acc);
    }

    public double solutionNorm(double lambda) {
        return solutionNorm(lambda, 0);
    }

    /** ‖y − Aŵ‖² of target t (the in-sample residual sum of squares). */
    public double residualSquared(double lambda, int t) {
        double l = effectiveLambda(lambda), acc = outside2[t];
        if (l > 0) {
            for (int i = 0; i < rank; i++) {
                double g = l * z(i, t) / (s[i] * s[i] + l);
                acc += g * g;
            }
        }
        return acc;
    }

    public double residualSquared(double lambda) {
        return residualSquared(lambda, 0);
    }

    public double residualNorm(double lambda) {
        return Math.sqrt(residualSquared(lambda));
    }

    /** Effective degrees of freedom tr H = Σ fᵢ, plus 1 for a fitted intercept; the rank (+1) at λ = 0. */
    public double degreesOfFreedom(double lambda) {
        double l = effectiveLambda(lambda), df = intercept ? 1 : 0;
        for (int i = 0; i < rank; i++) df += l == 0 ? 1.0 : s[i] * s[i] / (s[i] * s[i] + l);
        return df;
    }

    /**
     * Generalised cross-validation (Golub, Heath &amp; Wahba 1979) of target t: (‖y − ŷ‖²/n) / (1 − df/n)². NaN
     * when df ≥ n(1 − 1e-9): the fit interpolates and the score is 0/0.
     */
    public double gcv(double lambda, int t) {
        double slack = 1 - degreesOfFreedom(lambda) / n;
        if (slack <= 1e-9) return Double.NaN;
        return residualSquared(lambda, t) / n / (slack * slack);
    }

    public double gcv(double lambda) {
        return gcv(lambda, 0);
    }

    private double z(int i, int t) {
        return z[i * targets + t];
    }
}
