package cheaplab.lab.mlp;

import cheaplab.core.Cost;
import cheaplab.core.Outcome;
import cheaplab.core.DivergedException;
import cheaplab.core.Lab;
import cheaplab.core.Preset;
import cheaplab.core.RunContext;
import cheaplab.core.Seeds;
import cheaplab.core.Versions;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The MLP lab: a plain deep multilayer perceptron (DL4J {@link MultiLayerNetwork}) trained by SGD on MNIST digits
 * distorted afresh every epoch (Cireșan et al. 2010), streaming what a user needs to judge the paper's claims. The
 * updates are {@link MlpUpdates#forBackend}'s — on the CPU {@link DenseBackpropagation} (DL4J's {@code fit()}
 * arithmetic, fused, on the network's own parameters), elsewhere {@code fit()} itself; evaluation is DL4J's
 * {@code output()}.
 *
 * <h2>Series</h2>
 * <ul>
 *   <li>{@code loss} — {@code {update, epoch, loss}}: the mean training loss (nats) of the updates since the last
 *       point, at most {@value #LOSS_POINTS_PER_SECOND} points per second (which points appear depends on timing,
 *       their values on the updates they average).</li>
 *   <li>{@code epoch} — {@code {epoch, trainLoss, trainError, validationError, testError, learningRate, seconds,
 *       trainImagesPerSecond, augmentImagesPerSecond, augmentWaitSeconds}} after every epoch.</li>
 *   <li>{@code layers} — {@code {epoch, layer, gradientNorm, updateRatio}} per layer (1 = the first hidden layer)
 *       and epoch (see {@link LayerMonitor}).</li>
 *   <li>{@code confusion} — {@code {epoch, counts}}: the test confusion matrix, 100 comma-separated counts, row
 *       (true class) after row.</li>
 *   <li>{@code misclassified} — a tile payload ({@link DigitTiles}) of up to {@value #GALLERY} misclassified test
 *       digits plus {@code epoch} and {@code labels} ("true>predicted" per tile, comma separated).</li>
 *   <li>{@code distortions} — with distortion on: the first {@value #PREVIEW} training images of the epoch, in rows
 *       of {@value #PREVIEW_COLUMNS}: a row as stored, then the same digits distorted as the network was trained on
 *       them, and so on.</li>
 * </ul>
 * A non-finite loss, or a running mean of the loss above {@link #BLOWUP_LOSS} nats, ends the run as diverged.
 */
public final class MlpLab implements Lab<MlpConfig, MlpResult> {
    static final double LOSS_POINTS_PER_SECOND = 10;
    static final int GALLERY = 24, PREVIEW = 12, PREVIEW_COLUMNS = 6;
    /** Training error is measured on at most this many undistorted training images. */
    static final int TRAIN_EVAL_IMAGES = 10_000;
    /** Sampled updates per epoch for the layer statistics. */
    static final int LAYER_SAMPLES = 20;
    /** 3 × ln 10: three times the loss of a uniform guess. A net that has left the basin sits far above it. */
    static final double BLOWUP_LOSS = 3 * Math.log(10);
    /** Updates before the blow-up rule applies, and the running mean's window (at most). */
    static final int BLOWUP_WINDOW = 50;
    /** The model file travels in the result up to this many parameters (16 MB of floats). */
    static final long MAX_MODEL_PARAMETERS = 4_000_000;

    private final LongSupplier clock;
    private final int augmentThreads;
    private final boolean dl4jFit;

    public MlpLab() {
        this(System::nanoTime, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1)));
    }

    /** With a given clock (tests) and number of augmentation threads (the results do not depend on it). */
    public MlpLab(LongSupplier clock, int augmentThreads) {
        this(clock, augmentThreads, false);
    }

    /** With {@code dl4jFit}, DL4J's {@code fit()} makes the updates on every backend (tests compare the two). */
    MlpLab(LongSupplier clock, int augmentThreads, boolean dl4jFit) {
        this.clock = clock;
        this.augmentThreads = augmentThreads;
        this.dl4jFit = dl4jFit;
    }

    @Override
    public String id() {
        return "mlp";
    }

    @Override
    public String title() {
        return "Big, deep, simple MLPs";
    }

    @Override
    public String summary() {
        return "Train a plain deep MLP on MNIST by on-line SGD on digits distorted afresh every epoch (Cireșan et al. "
                + "2010) and watch the error curves, per-layer gradients and the misclassified digits.";
    }

    @Override
    public Class<MlpConfig> configType() {
        return MlpConfig.class;
    }

    @Override
    public MlpConfig defaults() {
        return MlpConfig.defaults();
    }

    @Override
    public List<String> datasets(MlpConfig config) {
        return List.of(config.dataset());
    }

    /** The paper's five architectures (its Table 1 training regime) and a laptop-sized one. */
    @Override
    public List<Preset> presets() {
        List<Preset> p = new ArrayList<>();
        p.add(Preset.of("laptop", "Laptop: 784-300-100-10, 10,000 distorted digits (about a minute)",
                "hidden", "300, 100", "activation", "scaled-tanh", "init", "uniform", "batchSize", "10",
                "learningRate", "0.05", "lrDecay", "0.9", "lrMin", "0.001", "momentum", "0", "epochs", "10",
                "trainImages", "10000", "validationImages", "5000", "testImages", "10000", "distortion", "true"));
        String[][] nets = {{"paper1", "1000, 500"}, {"paper2", "1500, 1000, 500"}, {"paper3", "2000, 1500, 1000, 500"},
                {"paper4", "2500, 2000, 1500, 1000, 500"}, {"paper5", "1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000"}};
        for (String[] n : nets)
            p.add(Preset.of(n[0], "Paper: 784-" + n[1].replace(", ", "-") + "-10, on-line, 800 epochs (GPU host)",
                    "hidden", n[1], "activation", "scaled-tanh", "init", "uniform", "batchSize", "1",
                    "learningRate", "0.001", "lrDecay", "0.97", "lrMin", "0.000001", "momentum", "0", "epochs", "800",
                    "trainImages", "50000", "validationImages", "10000", "testImages", "10000", "distortion", "true",
                    "sigma", "6", "alpha", "36", "rotation", "15", "scaling", "0.15"));
        return p;
    }

    @Override
    public Map<String, Object> viewFacts() {
        return Map.of("blowupLoss", BLOWUP_LOSS, "gallery", GALLERY);
    }

    @Override
    public MlpResult run(MlpConfig config, RunContext ctx) throws Exception {
        Session s = new Session(config, ctx);
        try {
            return s.execute();
        } finally {
            s.close();
        }
    }

    private final class Session {
        private final MlpConfig cfg;
        private final RunContext ctx;
        private final boolean symmetric;
        private MlpData data;
        private MultiLayerNetwork net;
        private long updates;

        Session(MlpConfig cfg, RunContext ctx) {
            this.cfg = cfg;
            this.ctx = ctx;
            this.symmetric = cfg.inputRange().equals("symmetric");
        }

        MlpResult execute() throws InterruptedException {
            data = MlpData.load(ctx.data().images(cfg.dataset()), cfg);
            ctx.checkCancelled();
            net = MlpNetwork.build(cfg, Seeds.stream(cfg.seed(), "init").nextLong(), DataType.FLOAT);
            int layers = cfg.hidden().size() + 1;
            int perEpoch = cfg.trainImages() / cfg.batchSize();
            LayerMonitor monitor = new LayerMonitor(layers, Math.max(1, perEpoch / LAYER_SAMPLES));
            MlpUpdates trainer = dl4jFit ? new Dl4jFitUpdates(net, cfg) : MlpUpdates.forBackend(net, cfg);
            ctx.log(String.format(Locale.ROOT, "784-%s-10 (%,d parameters), %s, batch %d, %d updates per epoch, %s, %d augmentation thread%s, updates by %s",
                    String.join("-", cfg.hidden().stream().map(String::valueOf).toList()), cfg.parameters(), cfg.activation(),
                    cfg.batchSize(), perEpoch, cfg.distortion() ? "distortion on" : "no distortion", augmentThreads,
                    augmentThreads == 1 ? "" : "s", trainer instanceof DenseBackpropagation ? "the fused engine" : "DL4J fit()"));
            List<MlpResult.Epoch> history = new ArrayList<>();
            double bestValidation = Double.POSITIVE_INFINITY;
            int bestEpoch = 0, epoch = 0;
            boolean stoppedEarly = false;
            Evaluation.Outcome lastTest = null;
            Throttle lossPoints = new Throttle(LOSS_POINTS_PER_SECOND), progress = new Throttle(LOSS_POINTS_PER_SECOND);
            double ema = Double.NaN;
            long totalUpdates = (long) perEpoch * cfg.epochs();
            try (trainer; AugmentedBatches batches = new AugmentedBatches(data.train, data.width, data.height, cfg, augmentThreads, this::order)) {
                for (epoch = 1; epoch <= cfg.epochs(); epoch++) {
                    long t0 = clock.getAsLong();
                    long wait0 = batches.waitNanos(), busy0 = batches.busyNanos(), made0 = batches.producedImages();
                    double lr = cfg.learningRateAt(epoch);
                    double lossSum = 0, pointSum = 0;
                    int pointCount = 0;
                    List<float[]> shown = new ArrayList<>(), originals = new ArrayList<>();
                    for (int u = 0; u < perEpoch; u++) {
                        AugmentedBatches.Batch b = batches.next();
                        if (cfg.distortion() && shown.size() < PREVIEW) keepPreview(b, epoch, u, shown, originals);
                        LayerStatistics sample = monitor.next();
                        double loss = trainer.update(b.x(), b.y(), b.size(), lr, sample);
                        monitor.done(sample);
                        updates++;
                        if (!Double.isFinite(loss)) diverged(epoch, u + 1, "the training loss became " + loss);
                        int window = Math.min(BLOWUP_WINDOW, perEpoch);
                        ema = Double.isNaN(ema) ? loss : ema + (loss - ema) / window;
                        if (updates >= window && ema > BLOWUP_LOSS)
                            diverged(epoch, u + 1, String.format(Locale.ROOT, "the running mean of the training loss reached %.3g nats (over %.2f = 3 ln 10)", ema, BLOWUP_LOSS));
                        lossSum += loss;
                        pointSum += loss;
                        pointCount++;
                        if (lossPoints.tryAcquire() || u + 1 == perEpoch) {
                            Map<String, Object> p = new LinkedHashMap<>();
                            p.put("update", updates);
                            p.put("epoch", epoch - 1 + (u + 1.0) / perEpoch);
                            p.put("loss", pointSum / pointCount);
                            ctx.point("loss", p);
                            pointSum = 0;
                            pointCount = 0;
                        }
                        if (progress.tryAcquire())
                            ctx.progress(Math.min(1.0, (double) updates / totalUpdates), "epoch " + epoch + " of " + cfg.epochs());
                        ctx.checkCancelled();
                    }
                    long trained = clock.getAsLong();
                    net.getLayerWiseConfigurations().setIterationCount((int) Math.min(Integer.MAX_VALUE, updates));
                    net.getLayerWiseConfigurations().setEpochCount(epoch);
                    double paramSum = net.params().sumNumber().doubleValue();
                    if (!Double.isFinite(paramSum)) diverged(epoch, perEpoch, "the weights became non-finite");
                    Runnable check = ctx::checkCancelled;
                    Evaluation.Outcome tr = Evaluation.of(net, data.train, Math.min(TRAIN_EVAL_IMAGES, data.train.count()), symmetric, check);
                    Evaluation.Outcome va = Evaluation.of(net, data.validation, data.validation.count(), symmetric, check);
                    Evaluation.Outcome te = Evaluation.of(net, data.test, data.test.count(), symmetric, check);
                    lastTest = te;
                    double seconds = (clock.getAsLong() - t0) / 1e9;
                    double trainLoss = lossSum / perEpoch;
                    history.add(new MlpResult.Epoch(epoch, trainLoss, tr.error(), va.error(), te.error(), lr, seconds));
                    double trainSeconds = (trained - t0) / 1e9;
                    long made = batches.producedImages() - made0;
                    double busy = (batches.busyNanos() - busy0) / 1e9;
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("epoch", epoch);
                    p.put("trainLoss", trainLoss);
                    p.put("trainError", tr.error());
                    p.put("validationError", va.error());
                    p.put("testError", te.error());
                    p.put("learningRate", lr);
                    p.put("seconds", seconds);
                    p.put("trainImagesPerSecond", trainSeconds > 0 ? perEpoch * (double) cfg.batchSize() / trainSeconds : null);
                    p.put("augmentImagesPerSecond", busy > 0 ? made / busy * augmentThreads : null);
                    p.put("augmentWaitSeconds", (batches.waitNanos() - wait0) / 1e9);
                    ctx.point("epoch", p);
                    double[][] stats = monitor.takeEpoch();
                    for (int l = 0; l < layers; l++) {
                        Map<String, Object> q = new LinkedHashMap<>();
                        q.put("epoch", epoch);
                        q.put("layer", l + 1);
                        q.put("gradientNorm", finiteOrNull(stats[0][l]));
                        q.put("updateRatio", finiteOrNull(stats[1][l]));
                        ctx.point("layers", q);
                    }
                    sendConfusion(epoch, te);
                    sendGallery(epoch, te);
                    if (!shown.isEmpty()) sendPreview(epoch, originals, shown);
                    ctx.log(String.format(Locale.ROOT, "epoch %d: loss %.4f, train %.2f%%, validation %.2f%%, test %.2f%%, η %.3g, %.1f s",
                            epoch, trainLoss, 100 * tr.error(), 100 * va.error(), 100 * te.error(), lr, seconds));
                    if (va.error() < bestValidation) {
                        bestValidation = va.error();
                        bestEpoch = epoch;
                    } else if (cfg.earlyStopping() > 0 && epoch - bestEpoch >= cfg.earlyStopping() && epoch < cfg.epochs()) {
                        ctx.log("early stopping: no better validation error for " + cfg.earlyStopping() + " epochs");
                        stoppedEarly = true;
                        break;
                    }
                }
            }
            int trainedEpochs = stoppedEarly ? epoch : cfg.epochs();
            // The saved configuration says the learning rate the last epoch used (the updates took it directly).
            net.setLearningRate(cfg.learningRateAt(trainedEpochs));
            Map<String, Map<String, Object>> files = new LinkedHashMap<>();
            if (cfg.parameters() <= MAX_MODEL_PARAMETERS) files.put("model.zip", ModelFile.entry(ModelFile.bytes(net), "mlp-model.zip"));
            else ctx.log("the network has more than " + MAX_MODEL_PARAMETERS + " parameters: its model file is not kept in the result");
            return new MlpResult(lastTest.error(), bestValidation, bestEpoch, trainedEpochs, stoppedEarly, List.copyOf(history),
                    lastTest.confusion(), cfg.parameters(), files, cfg, Versions.current());
        }

        /**
         * Gives the network's native buffers back now (DL4J's {@code close()}: parameters, gradients, updater state,
         * workspaces), not when the collector gets to them; the augmentation workers have been joined already.
         */
        void close() {
            if (net != null) net.close();
        }

        /** The permutation of the training images in epoch {@code e}: a stream of its own per epoch. */
        private int[] order(int e) {
            int[] order = new int[cfg.trainImages()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            SplittableRandom r = Seeds.stream(cfg.seed(), "shuffle/" + e);
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        }

        private void keepPreview(AugmentedBatches.Batch b, int epoch, int u, List<float[]> shown, List<float[]> originals) {
            int d = MlpConfig.PIXELS;
            int[] order = null;
            for (int i = 0; i < b.size() && shown.size() < PREVIEW; i++) {
                float[] img = java.util.Arrays.copyOfRange(b.x(), i * d, (i + 1) * d);
                if (symmetric) for (int p = 0; p < d; p++) img[p] = (img[p] + 1) / 2;
                shown.add(img);
                if (order == null) order = order(epoch);
                int image = order[u * cfg.batchSize() + i];
                originals.add(java.util.Arrays.copyOfRange(data.train.x(), image * d, (image + 1) * d));
            }
        }

        private void sendPreview(int epoch, List<float[]> originals, List<float[]> shown) {
            // Rows of PREVIEW_COLUMNS: stored digits, then the same digits as trained on, then the next stored ones…
            List<float[]> all = new ArrayList<>();
            for (int from = 0; from < originals.size(); from += PREVIEW_COLUMNS) {
                int to = Math.min(originals.size(), from + PREVIEW_COLUMNS);
                all.addAll(originals.subList(from, to));
                all.addAll(shown.subList(from, to));
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("epoch", epoch);
            p.putAll(DigitTiles.of(all.toArray(float[][]::new), data.width, data.height, Math.min(PREVIEW_COLUMNS, originals.size())));
            ctx.point("distortions", p);
        }

        private void sendConfusion(int epoch, Evaluation.Outcome te) {
            StringBuilder s = new StringBuilder();
            for (long[] row : te.confusion()) for (long c : row) s.append(s.length() == 0 ? "" : ",").append(c);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("epoch", epoch);
            p.put("counts", s.toString());
            ctx.point("confusion", p);
        }

        private void sendGallery(int epoch, Evaluation.Outcome te) {
            int d = MlpConfig.PIXELS;
            List<float[]> tiles = new ArrayList<>();
            StringBuilder labels = new StringBuilder();
            int[] pred = te.predicted();
            for (int i = 0; i < pred.length && tiles.size() < GALLERY; i++) {
                int truth = data.test.labels()[i];
                if (pred[i] == truth) continue;
                tiles.add(java.util.Arrays.copyOfRange(data.test.x(), i * d, (i + 1) * d));
                labels.append(labels.length() == 0 ? "" : ",").append(truth).append('>').append(pred[i]);
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("epoch", epoch);
            p.put("errors", te.errors());
            p.put("labels", labels.toString());
            p.putAll(DigitTiles.of(tiles.toArray(float[][]::new), data.width, data.height, 12));
            ctx.point("misclassified", p);
        }

        private void diverged(int epoch, int update, String what) {
            throw new DivergedException(String.format(Locale.ROOT,
                    "%s at epoch %d, update %d of the epoch (%d in all); try a smaller learningRate, clipNorm, or another activation/init",
                    what, epoch, update, updates));
        }
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Lets an event through when at least the interval has passed since the last one let through (the lab's clock). */
    private final class Throttle {
        private final long interval;
        private long last;
        private boolean any;

        Throttle(double perSecond) {
            this.interval = (long) (1e9 / perSecond);
        }

        boolean tryAcquire() {
            long now = clock.getAsLong();
            if (any && now - last < interval) return false;
            any = true;
            last = now;
            return true;
        }
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(Outcome.field("testError", "test error (fraction)", "/testError"),
                Outcome.field("bestEpoch", "epoch of the best validation error", "/bestEpoch"));
    }

    /** Weights × (three passes per trained image + one per evaluated image), every epoch. */
    @Override
    public Cost cost(MlpConfig c) {
        double weights = 0;
        int in = 784;
        for (int h : c.hidden()) {
            weights += (double) in * h;
            in = h;
        }
        weights += in * 10.0;
        double images = 3.0 * c.trainImages() + c.validationImages() + c.testImages() + TRAIN_EVAL_IMAGES;
        return new Cost(Math.max(1, weights * images * c.epochs()), List.of("epochs", "hidden", "trainImages"));
    }
}
