package cheaplab.lab.ridge;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;

import java.util.List;

/**
 * Configuration of the Regularization lab (docs/labs/ridge.md). Component names are the JSON keys, form
 * fields and query parameters. Validated here: every bad value is a {@link ConfigException} naming its field.
 *
 * @param dataset        {@code isotropic}, {@code spectrum}, {@code correlated} or {@code mnist}
 * @param features       p = N_f, 1..4096; 784 for mnist
 * @param instances      the N_i sweep (1..20 000 each, 60 000 for mnist; at most 60 values)
 * @param lambdas        ridge penalties, each in [0, 1e6], at most 12; 0 = pseudo-inverse (ridgeless) limit
 * @param lambdaScaling  {@code mean}: (1/n)‖y − Xw‖² + λ‖w‖² (the theory's λ); {@code sum}: ‖y − Xw‖² + λ‖w‖²
 *                       (scikit-learn's alpha)
 * @param repeats        R, independent training sets per point, 1..200
 * @param noise          σ, standard deviation of the label noise, [0, 1e3]
 * @param signal         r = ‖w*‖, (0, 1e3]
 * @param decay          spectrum: population covariance eigenvalues ∝ j^(−decay), [0, 4]
 * @param correlation    correlated: AR(1) coefficient ρ along the instance index of the features and the noise,
 *                       [0, 0.999]
 * @param target         mnist: {@code digit} (label as a real number) or {@code digit-k} (k vs rest, ±1)
 * @param focusInstances N_i of the training set of the per-training-set diagnostics; 0 = the sweep value with
 *                       |p/N − 1| smallest (the smaller N on a tie); an explicit value needs at least cvFolds
 *                       instances (every fold non-empty)
 * @param cvFolds        k of k-fold cross-validation, 2..20
 * @param classify       also run ridge classifier vs logistic regression across the sweep
 * @param seed           every random stream derives from it
 */
public record RidgeConfig(String dataset, int features, List<Integer> instances, List<Double> lambdas,
                          String lambdaScaling, int repeats, double noise, double signal, double decay,
                          double correlation, String target, int focusInstances, int cvFolds, boolean classify,
                          long seed) {

    public static final int MAX_FEATURES = 4096;
    public static final int MAX_INSTANCES_SYNTHETIC = 20_000;
    public static final int MAX_INSTANCES_MNIST = 60_000;
    public static final int MNIST_FEATURES = 784;
    /** Main arrays of one training set are held about this many times (data, SVD copy, factors, a second worker). */
    static final int MEMORY_COPIES = 4;

    public RidgeConfig {
        Check.oneOf("dataset", dataset, "isotropic", "spectrum", "correlated", "mnist");
        boolean mnist = dataset.equals("mnist");
        Check.range("features", features, 1, MAX_FEATURES);
        if (mnist && features != MNIST_FEATURES)
            throw new ConfigException("features", "must be " + MNIST_FEATURES + " for mnist (the 28×28 pixels), was " + features);
        int maxN = mnist ? MAX_INSTANCES_MNIST : MAX_INSTANCES_SYNTHETIC;
        instances = Check.ints("instances", instances, 60, 1, maxN);
        lambdas = Check.doubles("lambdas", lambdas, 12, 0.0, 1e6);
        Check.oneOf("lambdaScaling", lambdaScaling, "mean", "sum");
        Check.range("repeats", repeats, 1, 200);
        Check.range("noise", noise, 0.0, 1e3);
        Check.positive("signal", signal);
        Check.range("signal", signal, 0.0, 1e3);
        Check.range("decay", decay, 0.0, 4.0);
        Check.range("correlation", correlation, 0.0, 0.999);
        Check.required("target", target);
        if (!target.matches("digit|digit-[0-9]"))
            throw new ConfigException("target", "must be digit or digit-0 … digit-9, was '" + cheaplab.core.Excerpt.of(target) + "'");
        Check.range("focusInstances", focusInstances, 0, maxN);
        Check.range("cvFolds", cvFolds, 2, 20);
        if (focusInstances > 0 && !CrossValidation.feasible(focusInstances, cvFolds))
            throw new ConfigException("focusInstances", "must be at least cvFolds = " + cvFolds
                    + " (one instance per cross-validation fold), was " + focusInstances);
        int largest = instances.stream().mapToInt(Integer::intValue).max().orElse(0);
        Check.memory("instances", (double) features * largest * 8.0 * MEMORY_COPIES);
        Check.memory("focusInstances", (double) features * focusInstances * 8.0 * MEMORY_COPIES);
        if (!mnist) {
            DecompositionCost.check("instances", largest, features);
        }
        // The focus set (diagnostics) is decomposed directly for every dataset, MNIST included.
        DecompositionCost.check("focusInstances", focus(features, instances, focusInstances), features);
    }

    /** Isotropic Gaussian, p = 200, N from 50 to 1000 (dense around the interpolation threshold N = p). */
    public static RidgeConfig defaults() {
        return new RidgeConfig("isotropic", 200,
                List.of(50, 60, 70, 85, 100, 120, 140, 160, 180, 190, 200, 210, 230, 260, 300, 360, 450, 560, 720, 1000),
                List.of(1e-6, 1e-3, 0.1, 1.0), "mean", 10, 0.5, 1.0, 1.0, 0.9, "digit", 0, 5, true, 1L);
    }

    public boolean mnist() {
        return dataset.equals("mnist");
    }

    /** {@link #lambdaScaling()} as the enum that maps the configured λ to penalties ({@link LambdaScaling}). */
    public LambdaScaling scaling() {
        return LambdaScaling.of(lambdaScaling);
    }

    /** The distinct N_i of the sweep, ascending (the order in which points are computed and emitted). */
    public int[] sweep() {
        return instances.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
    }

    /** The mnist target's digit k for {@code digit-k}, or −1 for {@code digit}. */
    public int targetDigit() {
        return target.equals("digit") ? -1 : target.charAt(6) - '0';
    }

    /**
     * The focus training set size: {@link #focusInstances()} or, when 0, the sweep value with |p/N − 1| smallest
     * (the smaller N on a tie) - the rule the lab page shows.
     */
    public int focus() {
        return focus(features, instances, focusInstances);
    }

    private static int focus(int features, List<Integer> instances, int focusInstances) {
        if (focusInstances > 0) return focusInstances;
        int best = -1;
        for (int n : instances.stream().mapToInt(Integer::intValue).distinct().sorted().toArray())
            if (best < 0 || Math.abs((double) features / n - 1) < Math.abs((double) features / best - 1)) best = n;
        return best;
    }
}
