package cheaplab.lab.mlp;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;
import cheaplab.core.Knob;
import cheaplab.core.Knobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config of the MLP lab (Cireșan, Meier, Gambardella &amp; Schmidhuber 2010, "Deep, big, simple neural nets for
 * handwritten digit recognition"). Component names are the JSON keys, form fields and query parameters; each range is
 * its {@link Knob}, checked in the constructor through {@link Knobs}; cross-field rules and the memory budget in code.
 *
 * @param dataset          {@code mnist} or {@code fashion-mnist}
 * @param hidden           widths of the hidden layers, input side first (1–12 layers, each 1–4096)
 * @param activation       {@code scaled-tanh} (1.7159·tanh(2x/3), LeCun 1998), {@code tanh} or {@code relu}
 * @param init             {@code uniform} U(−0.05, 0.05), {@code xavier} (DL4J XAVIER) or {@code he} (DL4J RELU)
 * @param batchSize        images per update; 1 = on-line SGD as in the paper
 * @param learningRate     η of the first epoch
 * @param lrDecay          η is multiplied by this after every epoch: η_e = max(lrMin, η·lrDecay^(e−1))
 * @param lrMin            the floor of η
 * @param momentum         Nesterov momentum (0 = plain SGD)
 * @param clipNorm         per-layer L2 clipping threshold of the gradient (DL4J ClipL2PerLayer); 0 = off
 * @param epochs           passes over the training images
 * @param trainImages      from the start of the training split
 * @param validationImages from the end of the training split (disjoint)
 * @param testImages       from the start of the test split
 * @param distortion       elastic distortion + rotation + scaling, drawn afresh for every image of every epoch
 * @param sigma            σ of the Gaussian that smooths the displacement field (pixels)
 * @param alpha            α, the scale of the smoothed displacement field (pixels)
 * @param rotation         largest rotation, degrees (uniform in ±rotation)
 * @param scaling          largest scaling, fraction (each axis uniform in 1 ± scaling)
 * @param inputRange       {@code unit} [0, 1] or {@code symmetric} [−1, 1]
 * @param earlyStopping    patience in epochs without a better validation error; 0 = off
 * @param seed             seed of every random stream of the run
 */
public record MlpConfig(
        @Knob(label = "Dataset", choices = {"mnist=MNIST digits", "fashion-mnist=Fashion-MNIST"}) String dataset,
        @Knob(label = "Hidden layer widths", min = 1, max = MAX_WIDTH, maxValues = MAX_LAYERS,
                hint = "Input side first, comma separated: <code>2500, 2000, 1500, 1000, 500</code> is the paper’s"
                        + " largest net. 784 inputs and 10 softmax outputs are added.")
        List<Integer> hidden,
        @Knob(label = "Activation", choices = {"scaled-tanh=1.7159·tanh(2x/3) (LeCun; the paper’s)", "tanh=tanh",
                "relu=ReLU"}) String activation,
        @Knob(label = "Initial weights", choices = {"uniform=U(−0.05, 0.05) (the paper’s)",
                "xavier=Xavier (Glorot) normal", "he=He normal"}) String init,
        @Knob(label = "Batch size <var>B</var>", min = 1, max = 10_000,
                hint = "1 = on-line SGD, one update per image, as in the paper.") int batchSize,
        @Knob(label = "Learning rate <var>η</var>", min = 0, max = 10) double learningRate,
        @Knob(label = "Decay per epoch", min = 0.5, max = 1,
                hint = "<var>η</var><sub><var>e</var></sub> = max(<var>η</var><sub>min</sub>, <var>η</var>·decay<sup><var>e</var>−1</sup>);"
                        + " 1 = constant.") double lrDecay,
        @Knob(label = "Smallest <var>η</var><sub>min</sub>", min = 0, max = 10) double lrMin,
        @Knob(label = "Momentum (Nesterov)", min = 0, max = 0.999) double momentum,
        @Knob(label = "Gradient clipping (L2 per layer)", min = 0, max = 1e6,
                hint = "Each layer’s gradient is scaled down to this L2 norm when longer; 0 = off.") double clipNorm,
        @Knob(label = "Epochs", min = 1, max = 10_000) int epochs,
        @Knob(label = "Training images", min = 1, max = TRAIN_SPLIT - 1) int trainImages,
        @Knob(label = "Validation images", min = 1, max = 30_000) int validationImages,
        @Knob(label = "Test images", min = 1, max = TEST_SPLIT) int testImages,
        @Knob(label = "Distort every training image afresh each epoch (elastic + rotation + scaling)")
        boolean distortion,
        @Knob(label = "Elastic σ", unit = "px", min = 0.5, max = 20) double sigma,
        @Knob(label = "Elastic α", unit = "px", min = 0, max = 100) double alpha,
        @Knob(label = "Rotation ±", unit = "°", min = 0, max = 45) double rotation,
        @Knob(label = "Scaling ±", unit = "fraction", min = 0, max = 0.5) double scaling,
        @Knob(label = "Input range", choices = {"unit=[0, 1]", "symmetric=[−1, 1]"}) String inputRange,
        @Knob(label = "Early stopping patience", unit = "epochs", min = 0, max = 10_000,
                hint = "Stop after this many epochs without a better validation error; 0 = off.") int earlyStopping,
        @Knob(label = "Seed") long seed) {
    static final int MAX_LAYERS = 12, MAX_WIDTH = 4096;
    static final int TRAIN_SPLIT = 60_000, TEST_SPLIT = 10_000;
    static final int PIXELS = 784, CLASSES = 10;

    public MlpConfig {
        Knobs.oneOf(MlpConfig.class, "dataset", dataset);
        hidden = Knobs.ints(MlpConfig.class, "hidden", hidden, MAX_WIDTH);
        Knobs.oneOf(MlpConfig.class, "activation", activation);
        Knobs.oneOf(MlpConfig.class, "init", init);
        Knobs.range(MlpConfig.class, "batchSize", batchSize);
        Knobs.range(MlpConfig.class, "learningRate", learningRate);
        Check.positive("learningRate", learningRate);
        Knobs.range(MlpConfig.class, "lrDecay", lrDecay);
        Knobs.range(MlpConfig.class, "lrMin", lrMin);
        if (lrMin > learningRate)
            throw new ConfigException("lrMin", "must be at most learningRate (" + learningRate + "), was " + lrMin);
        Knobs.range(MlpConfig.class, "momentum", momentum);
        Knobs.range(MlpConfig.class, "clipNorm", clipNorm);
        Knobs.range(MlpConfig.class, "epochs", epochs);
        Knobs.range(MlpConfig.class, "trainImages", trainImages);
        Knobs.range(MlpConfig.class, "validationImages", validationImages);
        if (trainImages + validationImages > TRAIN_SPLIT)
            throw new ConfigException("validationImages", "trainImages + validationImages must be at most "
                    + TRAIN_SPLIT + " (validation images come from the end of the training split), was "
                    + (trainImages + validationImages));
        Knobs.range(MlpConfig.class, "testImages", testImages);
        if (batchSize > trainImages)
            throw new ConfigException("batchSize", "must be at most trainImages (" + trainImages + "), was " + batchSize);
        Knobs.range(MlpConfig.class, "sigma", sigma);
        Knobs.range(MlpConfig.class, "alpha", alpha);
        Knobs.range(MlpConfig.class, "rotation", rotation);
        Knobs.range(MlpConfig.class, "scaling", scaling);
        Knobs.oneOf(MlpConfig.class, "inputRange", inputRange);
        Knobs.range(MlpConfig.class, "earlyStopping", earlyStopping);
        Check.memory(memoryTerms(hidden, batchSize, trainImages, validationImages, testImages));
    }

    /** Layer sizes from input to output: 784, hidden…, 10. */
    public int[] layerSizes() {
        int[] s = new int[hidden.size() + 2];
        s[0] = PIXELS;
        for (int i = 0; i < hidden.size(); i++) s[i + 1] = hidden.get(i);
        s[s.length - 1] = CLASSES;
        return s;
    }

    /** Weights and biases of the network. */
    public long parameters() {
        return parameters(layerSizes());
    }

    static long parameters(int[] sizes) {
        long p = 0;
        for (int i = 0; i + 1 < sizes.length; i++) p += ((long) sizes[i] + 1) * sizes[i + 1];
        return p;
    }

    /** The learning rate of epoch {@code epoch} (1-based): max(lrMin, learningRate · lrDecay^(epoch−1)). */
    public double learningRateAt(int epoch) {
        return Math.max(lrMin, learningRate * Math.pow(lrDecay, epoch - 1));
    }

    /** Bytes of the run's main arrays together (the constructor refuses a config over the budget with this estimate). */
    public long memoryBytes() {
        return Check.totalBytes(memoryTerms(hidden, batchSize, trainImages, validationImages, testImages));
    }

    /**
     * The terms of {@link #memoryBytes()}: the network ({@code hidden}: parameters, DL4J's gradient array, the
     * momentum velocity and the gradient buffer of {@link DenseBackpropagation}, the saved model file and its base64
     * text — fewer than 7 float copies, counted as 7),
     * the mini-batch activations and the batches the augmentation threads keep ready ({@code batchSize}), the
     * evaluation buffers ({@code trainImages}: float copies of the images evaluated per epoch).
     */
    static Map<String, Double> memoryTerms(List<Integer> hidden, int batchSize, int trainImages, int validationImages,
                                           int testImages) {
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = PIXELS;
        for (int i = 0; i < hidden.size(); i++) sizes[i + 1] = hidden.get(i);
        sizes[sizes.length - 1] = CLASSES;
        long units = 0, maxWidth = 0;
        for (int s : sizes) {
            units += s;
            maxWidth = Math.max(maxWidth, s);
        }
        double floats = 4.0;
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("hidden", floats * 7.0 * parameters(sizes));
        double ahead = (double) AugmentedBatches.imagesAhead(batchSize);
        terms.put("batchSize", floats * (6.0 * batchSize * units + ahead * (PIXELS + CLASSES)));
        terms.put("trainImages", floats * ((double) PIXELS * ((double) trainImages + validationImages + testImages)
                + Evaluation.CHUNK * (double) (PIXELS + 2 * maxWidth)));
        return terms;
    }

    /** A run of a few seconds on two cores that already shows train and validation error part ways. */
    public static MlpConfig defaults() {
        return new MlpConfig("mnist", List.of(100), "scaled-tanh", "uniform", 10, 0.05, 0.9, 0.001, 0.0, 0.0,
                5, 5_000, 1_000, 2_000, true, 5.0, 34.0, 8.0, 0.1, "unit", 0, 1L);
    }
}
