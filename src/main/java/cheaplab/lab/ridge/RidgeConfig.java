package cheaplab.lab.ridge;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;
import cheaplab.core.Knob;
import cheaplab.core.Knobs;

import java.util.List;

/**
 * Configuration of the Regularization lab (docs/labs/ridge.md). Component names are the JSON keys, form
 * fields and query parameters. Validated here: every bad value is a {@link ConfigException} naming its field.
 * Each component's range (and form label) is its {@link Knob}; the constructor checks it through {@link Knobs}.
 *
 * @param dataset        {@code isotropic}, {@code spectrum}, {@code correlated} or {@code mnist}
 * @param features       p = N_f; {@value #MNIST_FEATURES} for mnist
 * @param instances      the N_i sweep (each up to {@value #MAX_INSTANCES_MNIST} for mnist)
 * @param lambdas        ridge penalties; 0 = pseudo-inverse (ridgeless) limit
 * @param lambdaScaling  {@code mean}: (1/n)‖y − Xw‖² + λ‖w‖² (the theory's λ); {@code sum}: ‖y − Xw‖² + λ‖w‖²
 *                       (scikit-learn's alpha)
 * @param repeats        R, independent training sets per point
 * @param noise          σ, standard deviation of the label noise
 * @param signal         r = ‖w*‖ (0 is refused)
 * @param decay          spectrum: population covariance eigenvalues ∝ j^(−decay)
 * @param correlation    correlated: AR(1) coefficient ρ along the instance index of the features and the noise
 * @param target         mnist: {@code digit} (label as a real number) or {@code digit-k} (k vs rest, ±1)
 * @param focusInstances N_i of the training set of the per-training-set diagnostics; 0 = the sweep value with
 *                       |p/N − 1| smallest (the smaller N on a tie); an explicit value needs at least cvFolds
 *                       instances (every fold non-empty)
 * @param cvFolds        k of k-fold cross-validation
 * @param classify       also run ridge classifier vs logistic regression across the sweep
 * @param seed           every random stream derives from it
 */
public record RidgeConfig(
        @Knob(label = "Dataset", choices = {"isotropic=Isotropic Gaussian (theory overlay)",
                "spectrum=Decaying singular spectrum", "correlated=Correlated noise (fools cross-validation)",
                "mnist=MNIST pixels"})
        String dataset,
        @Knob(label = "Features <var>N<sub>f</sub></var>", min = 1, max = MAX_FEATURES,
                fixedWhen = "dataset=mnist", fixedValue = "" + MNIST_FEATURES,
                hint = "MNIST has " + MNIST_FEATURES + " pixels. One training set’s SVD is capped (cancel stays prompt): "
                        + "e.g. N ≤ 12 500 at 200 features, N = p ≤ 790.")
        int features,
        @Knob(label = "Instances <var>N<sub>i</sub></var> (one sweep point per value)", min = 1,
                max = MAX_INSTANCES_SYNTHETIC, maxValues = MAX_SWEEP, rows = 3,
                hint = "MNIST: up to " + MAX_INSTANCES_MNIST + ".")
        List<Integer> instances,
        @Knob(label = "Penalties <var>λ</var>", min = 0, max = 1e6, maxValues = 12,
                hint = "0 is the ridgeless (pseudo-inverse) limit.")
        List<Double> lambdas,
        @Knob(label = "λ scaling", choices = {"mean=mean (the theory’s λ)", "sum=sum (scikit-learn’s alpha)"},
                hint = "mean: (1/<var>N<sub>i</sub></var>)‖y − Xw‖² + λ‖w‖²; sum: ‖y − Xw‖² + λ‖w‖².")
        String lambdaScaling,
        @Knob(label = "Repeats <var>R</var> per point", min = 1, max = 200) int repeats,
        @Knob(label = "Noise <var>σ</var>", min = 0, max = 1e3, showFor = {"isotropic", "spectrum", "correlated"}) double noise,
        @Knob(label = "Signal <var>r</var> = ‖w*‖", min = 0, max = 1e3,
                showFor = {"isotropic", "spectrum", "correlated"}) double signal,
        @Knob(label = "Spectral decay (eigenvalues ∝ <var>j</var><sup>−decay</sup>)", min = 0, max = 4,
                showFor = "spectrum") double decay,
        @Knob(label = "Noise correlation <var>ρ</var> (AR(1) along the instances)", min = 0, max = 0.999,
                showFor = "correlated")
        double correlation,
        @Knob(label = "Target", showFor = "mnist", choices = {"digit=digit value 0–9 (regression)",
                "digit-0=digit 0 vs rest (±1)", "digit-1=digit 1 vs rest (±1)", "digit-2=digit 2 vs rest (±1)",
                "digit-3=digit 3 vs rest (±1)", "digit-4=digit 4 vs rest (±1)", "digit-5=digit 5 vs rest (±1)",
                "digit-6=digit 6 vs rest (±1)", "digit-7=digit 7 vs rest (±1)", "digit-8=digit 8 vs rest (±1)",
                "digit-9=digit 9 vs rest (±1)"})
        String target,
        @Knob(label = "Focus <var>N<sub>i</sub></var>", min = 0) int focusInstances,
        @Knob(label = "CV folds <var>k</var>", min = 2, max = 20) int cvFolds,
        @Knob(label = "Also compare ridge classifier with logistic regression") boolean classify,
        @Knob(label = "Seed") long seed) {

    public static final int MAX_FEATURES = 4096;
    public static final int MAX_INSTANCES_SYNTHETIC = 20_000;
    public static final int MAX_INSTANCES_MNIST = 60_000;
    public static final int MNIST_FEATURES = 784;
    /** Most values of the N_i sweep. */
    public static final int MAX_SWEEP = 60;
    /** Main arrays of one training set are held about this many times (data, SVD copy, factors, a second worker). */
    static final int MEMORY_COPIES = 4;

    public RidgeConfig {
        Knobs.oneOf(RidgeConfig.class, "dataset", dataset);
        boolean mnist = dataset.equals("mnist");
        Knobs.range(RidgeConfig.class, "features", features);
        if (mnist && features != MNIST_FEATURES)
            throw new ConfigException("features", "must be " + MNIST_FEATURES + " for mnist (the 28×28 pixels), was " + features);
        int maxN = mnist ? MAX_INSTANCES_MNIST : MAX_INSTANCES_SYNTHETIC;
        instances = Knobs.ints(RidgeConfig.class, "instances", instances, maxN);
        lambdas = Knobs.doubles(RidgeConfig.class, "lambdas", lambdas);
        Knobs.oneOf(RidgeConfig.class, "lambdaScaling", lambdaScaling);
        Knobs.range(RidgeConfig.class, "repeats", repeats);
        Knobs.range(RidgeConfig.class, "noise", noise);
        Check.positive("signal", signal); // 0 is refused although the knob's range starts there
        Knobs.range(RidgeConfig.class, "signal", signal);
        Knobs.range(RidgeConfig.class, "decay", decay);
        Knobs.range(RidgeConfig.class, "correlation", correlation);
        Check.required("target", target);
        if (!target.matches("digit|digit-[0-9]"))
            throw new ConfigException("target", "must be digit or digit-0 … digit-9, was '" + cheaplab.core.Excerpt.of(target) + "'");
        Knobs.rangeUpTo(RidgeConfig.class, "focusInstances", focusInstances, maxN); // the largest N_i of the dataset
        Knobs.range(RidgeConfig.class, "cvFolds", cvFolds);
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
