package cheaplab.lab.ridge;

/**
 * Golub–Heath–Wahba generalised cross-validation for ridge regression on one training set:
 * <pre>
 *   GCV(λ) = n · RSS(λ) / (n − tr H(λ))²,     tr H(λ) = df(λ) = Σᵢ sᵢ²/(sᵢ² + λ')
 * </pre>
 * (the mean squared residual divided by (1 − tr H/n)²; it is the rotation-invariant version of leave-one-out).
 *
 * <p><b>Intercept.</b> With an unpenalised intercept fitted by centring X and y (scikit-learn's
 * {@code fit_intercept=True}), the hat matrix of the whole fit is H = 11ᵀ/n + H_c, where H_c is the ridge hat
 * matrix of the centred design; since the centred columns are orthogonal to 1, tr H = 1 + df(λ) exactly. So a
 * {@link SpectralRidge} built with {@code intercept} counts it as one more degree of freedom (not a convention:
 * the exact trace), with n the number of instances and RSS the residual of the centred fit, which equals the
 * residual of the fit with intercept.
 *
 * <p>Where the denominator is ≤ 0 (λ → 0 with df + intercept = n: the fit interpolates, RSS = 0) the score is
 * 0/0 ({@link SpectralRidge#gcv} gives NaN); as a criterion to minimise it is +∞ here: GCV is undefined there and
 * never chooses it.
 */
public final class GeneralizedCrossValidation {
    private final SpectralRidge ridge;

    public GeneralizedCrossValidation(SpectralRidge ridge) {
        this.ridge = ridge;
    }

    /** GCV(λ) for the user's λ; +∞ where the fit interpolates. */
    public double score(double lambda) {
        double g = ridge.gcv(lambda);
        return Double.isNaN(g) ? Double.POSITIVE_INFINITY : g;
    }

    public double[] scores(double[] grid) {
        double[] g = new double[grid.length];
        for (int i = 0; i < grid.length; i++) g[i] = score(grid[i]);
        return g;
    }

    /** The GCV choice of λ: the grid minimum refined between its neighbours; NaN if every score is +∞. */
    public double minimiser(double[] grid) {
        return GoldenSection.refineOnLogGrid(this::score, grid, scores(grid));
    }
}
