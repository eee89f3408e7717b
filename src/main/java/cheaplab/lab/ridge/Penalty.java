package cheaplab.lab.ridge;

/**
 * The two λ normalisations of the ridge contract. {@code "mean"} minimises (1/n)‖y − Xw‖² + λ‖w‖²
 * (Hastie–Montanari–Rosset–Tibshirani, the theory's λ); {@code "sum"} minimises ‖y − Xw‖² + λ‖w‖²
 * (scikit-learn's alpha). Both are the same problem with the penalty on the sum of squares
 * λ' = nλ (mean) or λ' = λ (sum); every spectral formula here uses λ'.
 */
final class Penalty {
    static final String MEAN = "mean";
    static final String SUM = "sum";

    private Penalty() {}

    /** Rejects anything but "mean" and "sum"; returns the argument. */
    static String check(String lambdaScaling) {
        if (MEAN.equals(lambdaScaling) || SUM.equals(lambdaScaling)) return lambdaScaling;
        throw new IllegalArgumentException("lambdaScaling must be 'mean' or 'sum', was '" + lambdaScaling + "'");
    }

    /** λ' for a fit on {@code n} instances. */
    static double effective(String lambdaScaling, double lambda, int n) {
        return MEAN.equals(check(lambdaScaling)) ? n * lambda : lambda;
    }

    /** The inverse of {@link #effective}: the user's λ that gives penalty λ' on {@code n} instances. */
    static double user(String lambdaScaling, double lambdaEffective, int n) {
        return MEAN.equals(check(lambdaScaling)) ? lambdaEffective / n : lambdaEffective;
    }
}
