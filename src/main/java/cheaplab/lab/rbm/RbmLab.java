package cheaplab.lab.rbm;

import cheaplab.core.Cost;
import cheaplab.core.Outcome;
import cheaplab.core.DivergedException;
import cheaplab.core.Lab;
import cheaplab.core.Preset;
import cheaplab.core.RunContext;
import cheaplab.core.Seeds;
import cheaplab.core.Versions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The RBM lab: trains a {@link BernoulliRbm} on MNIST / Fashion-MNIST with {@link ContrastiveDivergence} and
 * streams what it measures.
 *
 * <h2>Series</h2>
 * <ul>
 *   <li>{@code train} — {@code {epoch, updates, reconstructionError, freeEnergyTrain, freeEnergyValidation,
 *       freeEnergyGap, pseudoLogLikelihood}} (see {@link TrainingMonitor}). One point before training (epoch 0),
 *       one per epoch, and within long epochs one every so many updates (fractional {@code epoch}; spaced so
 *       that measuring costs at most ~5% of the training work). At most 10 points per second: epoch points that
 *       come faster are dropped, except those of evaluation epochs and the last epoch. The values of a point
 *       do not depend on timing; which intermediate points appear does.</li>
 *   <li>{@code logz} — {@code {epoch, logZ, logZAis, logZAisLow, logZAisHigh, testFreeEnergy, testLogLikelihood,
 *       aisEffectiveRuns}} every {@code evalEvery} epochs and at the end (never dropped). {@code logZ} is the
 *       exact value ({@link ExactPartitionFunction}) or null; the AIS fields are null when {@code aisRuns} = 0;
 *       {@code logZAisLow} is null when Ẑ − 3σ̂ ≤ 0.</li>
 *   <li>{@code filters}, {@code samples}, {@code reconstructions} — image grids ({@link ImageTiles} payload plus
 *       {@code epoch} and {@code updates}): the weights of the first {@value #FILTER_TILES} hidden units; the
 *       visible probabilities of {@value #SAMPLE_TILES} chains ({@code source: "persistent"} — PCD's own chains —
 *       or {@code "gibbs"} — display chains started from noise and advanced {@value #DISPLAY_STEPS} Gibbs sweeps
 *       per frame); {@value #RECONSTRUCTION_TILES} test digits (first row) above their one-step
 *       reconstructions (second row). Sent before training, at the end, and in between at most one set every
 *       {@value #IMAGE_INTERVAL_SECONDS} s and {@value #MAX_IMAGE_FRAMES} sets per run.</li>
 * </ul>
 */
public final class RbmLab implements Lab<RbmConfig, RbmResult> {
    static final double MAX_POINTS_PER_SECOND = 10;
    static final int IMAGE_INTERVAL_SECONDS = 2;
    static final int MAX_IMAGE_FRAMES = 120;
    static final int FILTER_TILES = 48, SAMPLE_TILES = 24, RECONSTRUCTION_TILES = 12, DISPLAY_STEPS = 50;
    /** Share of the training work that in-epoch measurements may cost. */
    static final double MONITOR_SHARE = 0.05;
    /** Updates between checks that the parameters are still finite. */
    static final int FINITE_CHECK_EVERY = 500;

    private final LongSupplier clock;

    public RbmLab() {
        this(System::nanoTime);
    }

    RbmLab(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "rbm";
    }

    @Override
    public String title() {
        return "RBMs and partition functions";
    }

    @Override
    public String summary() {
        return "Train a Bernoulli RBM on MNIST with CD-k or PCD and watch free energies, the train/validation gap, "
                + "exact and annealed-importance-sampling log Z, filters and samples.";
    }

    @Override
    public Class<RbmConfig> configType() {
        return RbmConfig.class;
    }

    @Override
    public RbmConfig defaults() {
        return RbmConfig.defaults();
    }

    /** The largest layer with an exact log Z: the page says why a run without AIS has no log Z chart. */
    @Override
    public java.util.Map<String, Object> viewFacts() {
        return java.util.Map.of("exactMaxUnits", ExactPartitionFunction.MAX_UNITS);
    }

    /** The three training rules the page compares (docs/labs/rbm.md): each sets only k and persistence. */
    @Override
    public List<Preset> presets() {
        return List.of(
                Preset.of("cd1", "CD-1 (one Gibbs step from the data)", "k", "1", "persistent", "false"),
                Preset.of("cd10", "CD-10 (ten steps: 10× the cost)", "k", "10", "persistent", "false"),
                Preset.of("pcd", "PCD (persistent chains, one step)", "k", "1", "persistent", "true"));
    }

    @Override
    public List<String> datasets(RbmConfig config) {
        return List.of(config.dataset());
    }

    @Override
    public RbmResult run(RbmConfig config, RunContext ctx) {
        return new Session(config, ctx).execute();
    }

    /** The state of one run. */
    private final class Session {
        private final RbmConfig cfg;
        private final RunContext ctx;
        private final EventThrottle points = new EventThrottle(MAX_POINTS_PER_SECOND, clock);
        private final EventThrottle images = new EventThrottle(1.0 / IMAGE_INTERVAL_SECONDS, clock);
        private final EventThrottle progress = new EventThrottle(MAX_POINTS_PER_SECOND, clock);
        private RbmData data;
        private BernoulliRbm rbm;
        private ContrastiveDivergence cd;
        private TrainingMonitor monitor;
        private GibbsSampler display, reconstruct;
        private int imageFrames;
        private TrainingMonitor.Snapshot last;
        private Map<String, Object> lastEvaluation;
        private long totalUpdates;

        Session(RbmConfig cfg, RunContext ctx) {
            this.cfg = cfg;
            this.ctx = ctx;
        }

        RbmResult execute() {
            data = RbmData.load(ctx.data().images(cfg.dataset()), cfg, ctx::checkCancelled);
            try {
                ctx.checkCancelled();
                int nv = data.train.visible();
                rbm = cfg.weights() != null ? BernoulliRbm.of(cfg.weights())
                        : BernoulliRbm.initial(cfg.hidden(), data.means, Seeds.stream(cfg.seed(), "init"));
                double[] baseBias = new double[nv];
                for (int i = 0; i < nv; i++) baseBias[i] = BernoulliRbm.logOdds(data.means[i]);
                ctx.checkCancelled(); // setup allocates gigabytes for the largest configs: a cancel is checked between the parts
                AnnealedImportanceSampler ais = cfg.aisRuns() > 0 ? new AnnealedImportanceSampler(nv, cfg.hidden(), cfg.aisRuns()) : null;
                BetaSchedule schedule = BetaSchedule.salakhutdinovMurray(cfg.aisBetas());
                int b = cfg.batchSize(), perEpoch = cfg.trainImages() / b;
                totalUpdates = (long) perEpoch * cfg.epochs();
                ctx.log(String.format(Locale.ROOT, "%d visible × %d hidden, %s%d, batch %d, %d training / %d validation / %d test images%s",
                        nv, cfg.hidden(), cfg.persistent() ? "PCD-" : "CD-", cfg.k(), b, cfg.trainImages(),
                        cfg.validationImages(), cfg.testImages(), cfg.weights() != null ? ", starting from the given weights" : ""));
                ContrastiveDivergence.Settings settings = new ContrastiveDivergence.Settings(cfg.k(), cfg.persistent(),
                        cfg.learningRate(), cfg.weightDecay(), cfg.l1(), b);
                try (AutoCloseable closeAis = ais == null ? () -> {} : ais;
                     ContrastiveDivergence trainer = checkedFirst(() -> new ContrastiveDivergence(rbm, settings, Seeds.stream(cfg.seed(), "cd").nextLong()));
                     TrainingMonitor mon = checkedFirst(() -> new TrainingMonitor(rbm, cfg.seed()));
                     GibbsSampler disp = checkedFirst(() -> new GibbsSampler(rbm, SAMPLE_TILES, cfg.seed(), "display/samples"));
                     GibbsSampler rec = checkedFirst(() -> new GibbsSampler(rbm, RECONSTRUCTION_TILES, cfg.seed(), "display/reconstructions"))) {
                    ctx.checkCancelled();
                    cd = trainer;
                    monitor = mon;
                    display = disp;
                    reconstruct = rec;
                    display.startUniform(SAMPLE_TILES);
                    train(perEpoch, ais, baseBias, schedule);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                Map<String, Object> ev = lastEvaluation;
                return new RbmResult(last.reconstructionError(), last.freeEnergyTrain(), last.freeEnergyValidation(),
                        last.gap(), last.pseudoLogLikelihood(), (Double) ev.get("logZ"), (Double) ev.get("logZAis"),
                        (Double) ev.get("logZAisLow"), (Double) ev.get("logZAisHigh"), (Double) ev.get("testFreeEnergy"),
                        (Double) ev.get("testLogLikelihood"), cd.updates(), rbm.toWeights(), cfg, Versions.current());
            } finally {
                // Every thread that computed with these buffers has been joined by the closes above.
                if (rbm != null) rbm.release();
                data.release();
            }
        }

        /** Checks for a cancel, then builds: what was built before is closed by the try that holds it. */
        private <T> T checkedFirst(java.util.function.Supplier<T> build) {
            ctx.checkCancelled();
            return build.get();
        }

        private void train(int perEpoch, AnnealedImportanceSampler ais, double[] baseBias, BetaSchedule schedule) {
            int b = cfg.batchSize(), epochs = cfg.epochs();
            measure(0.0, true);
            sendImages(0.0, true);
            long monitorRows = 3L * data.trainSubset.count() + 2L * data.validation.count();
            long rowsPerUpdate = (2L * cfg.k() + 3) * b;
            long monitorEvery = (long) Math.ceil(monitorRows / (MONITOR_SHARE * rowsPerUpdate));
            int[] order = new int[cfg.trainImages()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            SplittableRandom shuffle = Seeds.stream(cfg.seed(), "shuffle");
            for (int epoch = 1; epoch <= epochs; epoch++) {
                for (int i = order.length - 1; i > 0; i--) {
                    int j = shuffle.nextInt(i + 1), t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                double mu = ContrastiveDivergence.momentum(epoch, cfg.momentum());
                for (int u = 0; u < perEpoch; u++) {
                    cd.update(data.train, order, u * b, mu, ctx::cancelled);
                    ctx.checkCancelled();
                    long done = cd.updates();
                    if (done % FINITE_CHECK_EVERY == 0 && !rbm.isFinite()) diverged(epoch, "the parameters");
                    if (progress.tryAcquire())
                        ctx.progress((double) done / Math.max(1, totalUpdates), "epoch " + epoch + " of " + epochs);
                    if ((u + 1) % monitorEvery == 0 && u + 1 < perEpoch && points.tryAcquire()) {
                        double at = epoch - 1 + (u + 1.0) / perEpoch;
                        measure(at, false);
                        if (images.tryAcquire()) sendImages(at, false);
                    }
                }
                boolean evaluate = cfg.evalEvery() > 0 && epoch % cfg.evalEvery() == 0 || epoch == epochs;
                boolean must = evaluate || epoch == epochs;
                if (must || points.tryAcquire()) measure(epoch, true);
                if (epoch == epochs) sendImages(epoch, true);
                else if (images.tryAcquire()) sendImages(epoch, false);
                if (evaluate) evaluate(epoch, ais, baseBias, schedule);
            }
            if (epochs == 0) evaluate(0, ais, baseBias, schedule); // evaluation only: the epoch-0 point and images are sent
        }

        private void measure(double epoch, boolean force) {
            TrainingMonitor.Snapshot s = monitor.measure(rbm, data.trainSubset, data.validation, cd.updates(), ctx::checkCancelled);
            if (!s.finite() || !rbm.isFinite()) diverged(epoch, "the free energies");
            last = s;
            if (force) points.force();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("epoch", epoch);
            p.put("updates", cd.updates());
            p.put("reconstructionError", s.reconstructionError());
            p.put("freeEnergyTrain", s.freeEnergyTrain());
            p.put("freeEnergyValidation", s.freeEnergyValidation());
            p.put("freeEnergyGap", s.gap());
            p.put("pseudoLogLikelihood", s.pseudoLogLikelihood());
            ctx.point("train", p);
        }

        private void evaluate(int epoch, AnnealedImportanceSampler ais, double[] baseBias, BetaSchedule schedule) {
            Double exact = null;
            if (ExactPartitionFunction.enumerable(rbm)) {
                ctx.progress(progressFraction(), "exact log Z: enumerating 2^" + Math.min(rbm.hidden(), rbm.visible()) + " states");
                exact = ExactPartitionFunction.logZ(rbm, ctx::checkCancelled);
            }
            AnnealedImportanceSampler.Estimate est = null;
            if (ais != null) {
                ctx.progress(progressFraction(), String.format(Locale.ROOT, "log Z by AIS: %d runs × %d β", cfg.aisRuns(), cfg.aisBetas()));
                est = ais.estimate(rbm, baseBias, schedule, Seeds.stream(cfg.seed(), "ais/" + epoch).nextLong(), ctx::checkCancelled);
            }
            double testF = monitor.freeEnergy().mean(rbm, data.test, ctx::checkCancelled);
            Double logZ = exact != null ? exact : est != null ? Double.valueOf(est.logZ()) : null;
            if (!Double.isFinite(testF) || (logZ != null && !Double.isFinite(logZ))) diverged(epoch, "log Z");
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("epoch", (double) epoch);
            p.put("logZ", exact);
            p.put("logZAis", est == null ? null : est.logZ());
            p.put("logZAisLow", est == null || !Double.isFinite(est.logZLow()) ? null : est.logZLow());
            p.put("logZAisHigh", est == null ? null : est.logZHigh());
            p.put("testFreeEnergy", testF);
            p.put("testLogLikelihood", logZ == null ? null : -testF - logZ);
            p.put("aisEffectiveRuns", est == null ? null : est.effectiveRuns());
            ctx.point("logz", p);
            if (exact != null && est != null)
                ctx.log(String.format(Locale.ROOT, "epoch %d: log Z exact %.4f, AIS %.4f [%s, %.4f]", epoch, exact,
                        est.logZ(), Double.isFinite(est.logZLow()) ? String.format(Locale.ROOT, "%.4f", est.logZLow()) : "−∞", est.logZHigh()));
            lastEvaluation = p;
        }

        private double progressFraction() {
            return totalUpdates == 0 ? 1.0 : Math.min(1.0, (double) cd.updates() / totalUpdates);
        }

        private void sendImages(double epoch, boolean force) {
            if (!force && imageFrames >= MAX_IMAGE_FRAMES) return;
            if (force) images.force();
            imageFrames++;
            int w = data.width, h = data.height, nv = rbm.visible();
            // Filters: column j of W for the first hidden units.
            int nf = Math.min(FILTER_TILES, rbm.hidden());
            float[][] wt = rbm.weights().get(NDArrayIndex.all(), NDArrayIndex.interval(0, nf)).dup('c').toFloatMatrix();
            float[][] filters = new float[nf][nv];
            for (int i = 0; i < nv; i++) for (int j = 0; j < nf; j++) filters[j][i] = wt[i][j];
            ctx.point("filters", frame(epoch, ImageTiles.ofSigned(filters, w, h, 8)));
            // Samples: PCD's persistent chains, or display chains advanced from their last state.
            Map<String, Object> samples;
            if (cfg.persistent() && cd.updates() > 0) {
                INDArray p = cd.chainVisibleProbabilities();
                int n = (int) Math.min(SAMPLE_TILES, p.rows());
                samples = ImageTiles.ofProbabilities(p.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup('c').toFloatMatrix(), w, h, 8);
                samples.put("source", "persistent");
            } else {
                display.run(DISPLAY_STEPS, ctx::checkCancelled);
                samples = ImageTiles.ofProbabilities(display.visibleProbabilities().dup('c').toFloatMatrix(), w, h, 8);
                samples.put("source", "gibbs");
            }
            ctx.point("samples", frame(epoch, samples));
            // Reconstructions of the first test digits.
            int nr = Math.min(RECONSTRUCTION_TILES, data.test.count());
            VisibleRows digits = data.test.rows(0, nr);
            reconstruct.start(digits);
            reconstruct.sampleHidden();
            reconstruct.sampleVisible();
            float[][] tiles = new float[2 * nr][];
            float[][] originals = digits.values().dup('c').toFloatMatrix();
            float[][] recon = reconstruct.visibleProbabilities().dup('c').toFloatMatrix();
            for (int i = 0; i < nr; i++) {
                tiles[i] = originals[i];
                tiles[nr + i] = recon[i];
            }
            ctx.point("reconstructions", frame(epoch, ImageTiles.ofProbabilities(tiles, w, h, nr)));
        }

        private Map<String, Object> frame(double epoch, Map<String, Object> payload) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", epoch);
            m.put("updates", cd.updates());
            m.putAll(payload);
            return m;
        }

        private void diverged(double epoch, String what) {
            throw new DivergedException(String.format(Locale.ROOT,
                    "%s became non-finite at epoch %s (update %d); try a smaller learningRate or more weightDecay",
                    what, epoch % 1 == 0 ? String.valueOf((long) epoch) : String.format(Locale.ROOT, "%.2f", epoch), cd.updates()));
        }
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(Outcome.field("reconstructionError", "reconstruction error after training", "/reconstructionError"),
                Outcome.field("pseudoLogLikelihood", "pseudo-log-likelihood per image", "/pseudoLogLikelihood"),
                Outcome.field("freeEnergyGap", "free-energy gap, validation − training", "/freeEnergyGap"));
    }

    /** CD-k: (k + 1) Gibbs half-step pairs of a 784 × hidden product per image per epoch; AIS: one per β per run. */
    @Override
    public Cost cost(RbmConfig c) {
        double layer = 784.0 * c.hidden();
        double w = layer * ((double) c.epochs() * c.trainImages() * (c.k() + 1) + (double) c.aisRuns() * c.aisBetas());
        return new Cost(Math.max(1, w), List.of("epochs", "trainImages", "hidden", "k", "aisBetas"));
    }
}
