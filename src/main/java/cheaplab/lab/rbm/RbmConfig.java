package cheaplab.lab.rbm;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;
import cheaplab.core.Knob;
import cheaplab.core.Knobs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Config of the RBM lab. Component names are the JSON keys, form fields and query parameters. Each component's
 * range (and form label) is its {@link Knob}; the constructor checks it through {@link Knobs}, cross-field rules in code.
 *
 * @param dataset          {@code mnist} or {@code fashion-mnist} (28×28 grey images, 784 visible units)
 * @param hidden           hidden units; ≤ {@value ExactPartitionFunction#MAX_UNITS} also gets the exact log Z
 * @param k                Gibbs steps of the negative phase (CD-k / PCD-k)
 * @param persistent       PCD (chains persist across updates) instead of CD (chains start at the data)
 * @param learningRate     ε; the gradient is averaged over the mini-batch
 * @param momentum         μ from epoch {@value ContrastiveDivergence#MOMENTUM_SWITCH_EPOCH} + 1 on; before that
 *                         min(0.5, μ) (Hinton 2010, §9.1)
 * @param weightDecay      L2 coefficient λ₂ on W (not on the biases)
 * @param l1               L1 coefficient λ₁ on W (not on the biases)
 * @param batchSize        mini-batch size B; an epoch is ⌊trainImages / B⌋ updates over a fresh permutation
 * @param epochs           passes over the training images; 0 only evaluates (useful with {@code weights})
 * @param binarize         train on stochastically binarised pixels (Salakhutdinov &amp; Murray 2008), else on
 *                         intensities in [0, 1]; the test log-likelihood always uses binarised test images
 * @param trainImages      training images, taken from the start of the 60,000
 * @param validationImages held-out images, taken from the end of the 60,000 (disjoint from the training ones)
 * @param testImages       test images (from the 10,000) for the log-likelihood
 * @param aisRuns          AIS runs M (0 = no AIS)
 * @param aisBetas         number of AIS inverse temperatures; 14,501 is the paper's schedule
 * @param evalEvery        epochs between log Z / test log-likelihood evaluations; 0 = only at the end
 * @param seed             seed of every random stream of the run
 * @param weights          optional saved parameters to start from (with {@code epochs = 0}: evaluate them)
 */
public record RbmConfig(
        @Knob(label = "Dataset", choices = {"mnist=MNIST digits", "fashion-mnist=Fashion-MNIST"}) String dataset,
        @Knob(label = "Hidden units <var>n<sub>h</sub></var>", min = 1, max = 4096,
                hint = PIXELS + " visible units (28×28 pixels). Up to " + ExactPartitionFunction.MAX_UNITS
                        + " hidden units the exact log <var>Z</var> is computed by enumerating 2<sup><var>n<sub>h</sub></var></sup>"
                        + " states; beyond, AIS is the only estimate.")
        int hidden,
        @Knob(label = "Gibbs steps <var>k</var>", min = 1, max = 1000) int k,
        @Knob(label = "Persistent CD (PCD): the negative-phase chains carry over between updates (<var>B</var> chains)"
                + " instead of restarting at the data")
        boolean persistent,
        @Knob(label = "Learning rate <var>ε</var>", min = 0, max = 10) double learningRate,
        @Knob(label = "Momentum <var>μ</var>", min = 0, max = 0.999) double momentum,
        @Knob(label = "L2 weight decay", min = 0, max = 1) double weightDecay,
        @Knob(label = "L1 penalty", min = 0, max = 1) double l1,
        @Knob(label = "Batch size <var>B</var>", min = 1, max = 10_000) int batchSize,
        @Knob(label = "Epochs", min = 0, max = 10_000,
                hint = "Passes over the training images, ⌊train / <var>B</var>⌋ updates each.")
        int epochs,
        @Knob(label = "Train on stochastically binarised pixels (Salakhutdinov &amp; Murray), not grey levels; test"
                + " images are always binarised")
        boolean binarize,
        @Knob(label = "Training images", min = 1, max = TRAIN_SPLIT - 1) int trainImages,
        @Knob(label = "Validation images", min = 1, max = 10_000) int validationImages,
        @Knob(label = "Test images", min = 1, max = TEST_SPLIT) int testImages,
        @Knob(label = "AIS runs <var>M</var>", min = 2, max = 10_000, also = 0) int aisRuns,
        @Knob(label = "AIS β values", min = 4, max = 1_000_000) int aisBetas,
        @Knob(label = "Evaluate log <var>Z</var> every … epochs", min = 0, max = 10_000,
                hint = "0: only after the last epoch.")
        int evalEvery,
        @Knob(label = "Seed") long seed,
        RbmWeights weights) {
    /** Images per split of both data sets. */
    static final int TRAIN_SPLIT = 60_000, TEST_SPLIT = 10_000;
    /** Visible units of both data sets. */
    static final int PIXELS = 784;

    public RbmConfig {
        Knobs.oneOf(RbmConfig.class, "dataset", dataset);
        Knobs.range(RbmConfig.class, "hidden", hidden);
        Knobs.range(RbmConfig.class, "k", k);
        Knobs.range(RbmConfig.class, "learningRate", learningRate);
        Check.positive("learningRate", learningRate); // 0 is refused although the knob's range starts there
        Knobs.range(RbmConfig.class, "momentum", momentum);
        Knobs.range(RbmConfig.class, "weightDecay", weightDecay);
        Knobs.range(RbmConfig.class, "l1", l1);
        Knobs.range(RbmConfig.class, "trainImages", trainImages);
        Knobs.range(RbmConfig.class, "validationImages", validationImages);
        if (trainImages + validationImages > TRAIN_SPLIT)
            throw new ConfigException("validationImages", "trainImages + validationImages must be at most "
                    + TRAIN_SPLIT + " (validation images come from the end of the training split), was "
                    + (trainImages + validationImages));
        Knobs.range(RbmConfig.class, "testImages", testImages);
        Knobs.range(RbmConfig.class, "batchSize", batchSize);
        if (batchSize > trainImages)
            throw new ConfigException("batchSize", "must be at most trainImages (" + trainImages + "), was " + batchSize);
        Knobs.range(RbmConfig.class, "epochs", epochs);
        Knobs.range(RbmConfig.class, "aisRuns", aisRuns); // 0 (no AIS) or [2, 10 000]
        Knobs.range(RbmConfig.class, "aisBetas", aisBetas);
        Knobs.range(RbmConfig.class, "evalEvery", evalEvery);
        int visible = PIXELS;
        if (weights != null) {
            weights.validate("weights");
            visible = weights.visible();
            if (weights.hidden() != hidden)
                throw new ConfigException("hidden", "is " + hidden + " but weights has " + weights.hidden()
                        + " hidden units; set hidden to " + weights.hidden());
        }
        Check.memory(memoryTerms(visible, hidden, batchSize, trainImages, validationImages, testImages, aisRuns));
    }

    /**
     * Bytes of the main arrays of a run with this config, all of them together: they are allocated at the start
     * and live until the end of the run, so the per-run budget ({@link Check#MEMORY_BUDGET_BYTES}) holds for
     * their sum. The constructor refuses a config over it with this same estimate.
     */
    public long memoryBytes() {
        return Check.totalBytes(memoryTerms(weights != null ? weights.visible() : PIXELS, hidden, batchSize,
                trainImages, validationImages, testImages, aisRuns));
    }

    /**
     * The terms of {@link #memoryBytes()} (float32 arrays), each under the field that drives it: the image splits
     * with their bias column ({@code trainImages}), the mini-batch buffers of {@link ContrastiveDivergence}
     * ({@code batchSize}), the AIS chains ({@code aisRuns}), and Θ with its increment and L1 sign ({@code hidden}).
     */
    static Map<String, Double> memoryTerms(int visible, int hidden, int batchSize, int trainImages,
                                           int validationImages, int testImages, int aisRuns) {
        double floats = 4.0;
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("trainImages", floats * (visible + 1) * ((double) trainImages + validationImages + 2.0 * testImages));
        terms.put("batchSize", floats * (2.0 * batchSize * (2 * (visible + 1) + 2 * (hidden + 1))
                + 3.0 * batchSize * (visible + hidden + 2)));
        terms.put("aisRuns", floats * aisRuns * (3.0 * (visible + 1) + 6.0 * hidden));
        terms.put("hidden", floats * 3.0 * (visible + 1) * (hidden + 1));
        return terms;
    }

    /**
     * The lab page's first run: 13–16 s on two cores for the CLI or the server (measured on real MNIST; up to
     * ~50 s while other jobs share the machine), and it shows what the lab is about. 16 hidden units keep the
     * exact log Z cheap (2¹⁶ states, under a second), so the AIS estimate (100 runs × 4,000 β, ~2 s; within
     * 0.09 nats of the exact value and the exact value inside its ±3σ band at all six evaluations) and the test
     * log-likelihood are checked against the truth at every evaluation (every 5 of the 30 epochs). The learning
     * rate 0.005 with momentum 0.5 is one at which all three presets train stably, so switching CD-1 → CD-10 →
     * PCD shows the ordering of Tieleman (2008) (measured test log-likelihood after 30 epochs: CD-1 −170.2,
     * CD-10 −156.5, PCD −157.4, PCD between −154.3 and −158.9 over epochs 15–30); PCD with a 10× larger step
     * (0.05, or 0.01 with momentum 0.9) oscillated and ended worse than CD-1. The paper-scale settings (500
     * hidden units, 14,501 β) are a permalink in docs/labs/rbm.md.
     */
    public static RbmConfig defaults() {
        return new RbmConfig("mnist", 16, 1, false, 0.005, 0.5, 0.0002, 0.0, 20, 30, true, 20_000, 1_000,
                10_000, AnnealedImportanceSampler.DEFAULT_RUNS, 4_000, 5, 1L, null);
    }
}
