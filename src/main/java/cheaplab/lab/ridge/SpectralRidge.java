package cheaplab.lab.ridge;

import cheaplab.linalg.ThinSvd;

/**
 * Ridge regression read off one thin SVD X = U diag(s) Vᵀ of an n × p design. With β = U_rᵀ y (r the numerical
 * rank, {@link ThinSvd#rank()}) every λ costs O(r):
 * <pre>
 *   ŵ(λ)        = Σᵢ sᵢβᵢ/(sᵢ² + λ') vᵢ                 (λ' = 0: the minimum-norm least-squares solution)
 *   ‖ŵ‖²        = Σᵢ (sᵢβᵢ/(sᵢ² + λ'))²
 *   ‖y − Xŵ‖²   = ρ₀² + Σᵢ (λ'/(sᵢ² + λ'))² βᵢ²,        ρ₀² = ‖y − U_r U_rᵀ y‖²  (y outside range(X))
 *   df(λ)       = tr X(XᵀX + λ'I)⁻¹Xᵀ = Σᵢ sᵢ²/(sᵢ² + λ')
 * </pre>
 * λ' is the penalty on the sum of squares: λ' = nλ for {@code "mean"} scaling, λ' = λ for {@code "sum"}. Every
 * public method takes the user's λ in the chosen scaling. Singular values at or below the pseudo-inverse tolerance
 * s₁·max(n, p)·ε are treated as zero. ρ₀² is computed from the projection itself, not as ‖y‖² − ‖β‖², which
 * would lose all digits when y lies almost in range(X) (interpolation, p ≥ n).
 */
public final class SpectralRidge {
    private final ThinSvd svd;
    private final String lambdaScaling;
    private final int rank;
    private final double[] s;
    private final double[] beta;
    private final double outside;

    /** @param y the target, length n = svd.m() (centred when an intercept is fitted) */
    public SpectralRidge(ThinSvd svd, double[] y, String lambdaScaling) {
        if (y.length != svd.m()) throw new IllegalArgumentException("y has " + y.length + " values, X has " + svd.m() + " rows");
        if (svd.u() == null) throw new IllegalArgumentException("the SVD has no U (dgesdd with jobz='N'?)");
        this.svd = svd;
        this.lambdaScaling = Penalty.check(lambdaScaling);
        this.rank = svd.rank();
        this.s = java.util.Arrays.copyOf(svd.s(), rank);
        int n = svd.m(), k = svd.k();
        double[] u = svd.u();
        beta = new double[rank];
        for (int i = 0; i < n; i++) {
            double yi = y[i];
            int row = i * k;
            for (int j = 0; j < rank; j++) beta[j] += u[row + j] * yi;
        }
        double out = 0;
        for (int i = 0; i < n; i++) {
            double t = y[i];
            int row = i * k;
            for (int j = 0; j < rank; j++) t -= u[row + j] * beta[j];
            out += t * t;
        }
        this.outside = out;
    }

    public ThinSvd svd() { return svd; }

    public String lambdaScaling() { return lambdaScaling; }

    /** n, the number of training instances (rows of X). */
    public int instances() { return svd.m(); }

    /** p, the number of features (columns of X). */
    public int features() { return svd.n(); }

    /** The numerical rank r: singular values beyond it are treated as zero. */
    public int rank() { return rank; }

    /** sᵢ, i = 0 … rank−1 (descending). */
    public double singularValue(int i) { return s[i]; }

    /** βᵢ = uᵢᵀy, i = 0 … rank−1. */
    public double coefficient(int i) { return beta[i]; }

    /** ρ₀² = ‖y − U_r U_rᵀ y‖², the residual no λ can remove. */
    public double outsideResidualSquared() { return outside; }

    /** λ' for this training set. */
    public double effectiveLambda(double lambda) { return Penalty.effective(lambdaScaling, lambda, instances()); }

    /** The user's λ whose penalty on this training set is λ'. */
    public double userLambda(double lambdaEffective) { return Penalty.user(lambdaScaling, lambdaEffective, instances()); }

    public double solutionNorm(double lambda) {
        double l = effectiveLambda(lambda), acc = 0;
        for (int i = 0; i < rank; i++) {
            double g = s[i] * beta[i] / (s[i] * s[i] + l);
            acc += g * g;
        }
        return Math.sqrt(acc);
    }

    /** ‖y − Xŵ‖² (the in-sample residual sum of squares). */
    public double residualSquared(double lambda) {
        double l = effectiveLambda(lambda), acc = outside;
        if (l > 0) {
            for (int i = 0; i < rank; i++) {
                double g = l * beta[i] / (s[i] * s[i] + l);
                acc += g * g;
            }
        }
        return acc;
    }

    public double residualNorm(double lambda) { return Math.sqrt(residualSquared(lambda)); }

    /** df(λ) = Σ sᵢ²/(sᵢ² + λ'); equals the rank at λ = 0. */
    public double degreesOfFreedom(double lambda) {
        double l = effectiveLambda(lambda), acc = 0;
        for (int i = 0; i < rank; i++) acc += s[i] * s[i] / (s[i] * s[i] + l);
        return acc;
    }

    /** ŵ(λ) (length p). */
    public double[] solution(double lambda) {
        double l = effectiveLambda(lambda);
        int p = features();
        double[] vt = svd.vt(), w = new double[p];
        for (int i = 0; i < rank; i++) {
            double g = s[i] * beta[i] / (s[i] * s[i] + l);
            int row = i * p;
            for (int j = 0; j < p; j++) w[j] += g * vt[row + j];
        }
        return w;
    }
}
