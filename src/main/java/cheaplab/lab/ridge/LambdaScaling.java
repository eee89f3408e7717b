package cheaplab.lab.ridge;

/**
 * The two λ normalisations of the ridge contract ({@code lambdaScaling}). {@code mean} minimises
 * (1/n)‖y − Xw‖² + λ‖w‖² (Hastie–Montanari–Rosset–Tibshirani, the theory's λ); {@code sum} minimises
 * ‖y − Xw‖² + λ‖w‖² (scikit-learn's alpha). Both are the same problem with the penalty on the sum of squares
 * λ' = nλ (mean) or λ' = λ (sum); every spectral formula uses λ', every public λ is the user's.
 */
public enum LambdaScaling {
    MEAN("mean"), SUM("sum");

    private final String key;

    LambdaScaling(String key) {
        this.key = key;
    }

    /** {@code "mean"} or {@code "sum"}; anything else is an {@link IllegalArgumentException}. */
    public static LambdaScaling of(String key) {
        for (LambdaScaling s : values()) if (s.key.equals(key)) return s;
        throw new IllegalArgumentException("lambdaScaling must be 'mean' or 'sum', was '" + key + "'");
    }

    /** The config value: {@code mean} or {@code sum}. */
    public String key() {
        return key;
    }

    /** λ' = the penalty of ‖y − Xw‖² + λ'‖w‖² for the user's λ on {@code n} instances. */
    public double penalty(double lambda, int n) {
        return this == MEAN ? n * lambda : lambda;
    }

    /** The inverse of {@link #penalty}: the user's λ whose penalty on {@code n} instances is λ'. */
    public double user(double penalty, int n) {
        return this == MEAN ? penalty / n : penalty;
    }

    /** The theory's (mean-normalised) λ for the user's λ on {@code n} instances: λ'/n. */
    public double mean(double lambda, int n) {
        return this == MEAN ? lambda : lambda / n;
    }
}
