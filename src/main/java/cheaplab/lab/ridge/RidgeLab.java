package cheaplab.lab.ridge;

import cheaplab.core.Cost;
import cheaplab.core.Outcome;
import cheaplab.core.ConfigException;
import cheaplab.core.Lab;
import cheaplab.core.RunContext;
import cheaplab.core.Seeds;
import cheaplab.core.Versions;
import cheaplab.linalg.ComputeThreads;

import java.util.List;

/**
 * The Regularization lab: ridge regression across the interpolation threshold N_i ≈ N_f ("When
 * Regularization Fails"). For every training set ONE decomposition serves every λ (a thin SVD, or for nested
 * MNIST prefixes an updated QR factor and the SVD of its small triangle); the sweep runs on one compute thread
 * per core and streams a {@code risk} point per (N_i, λ) as each N_i finishes. Then the focus training set's
 * diagnostics ({@link FocusDiagnostics}: spectrum, L-curve and its marks, Picard, truncated SVD) and, with
 * {@code classify}, ridge classifier vs logistic regression across the same sweep ({@link ClassificationSweep}).
 */
public final class RidgeLab implements Lab<RidgeConfig, RidgeResult> {

    @Override
    public String id() {
        return "ridge";
    }

    @Override
    public String title() {
        return "Regularization";
    }

    @Override
    public String summary() {
        return "Ridge regression where features ≈ instances: the test error spikes as λ → 0, the solution norm "
                + "explodes, and tuned regularization removes the peak.";
    }

    @Override
    public Class<RidgeConfig> configType() {
        return RidgeConfig.class;
    }

    @Override
    public RidgeConfig defaults() {
        return RidgeConfig.defaults();
    }

    @Override
    public List<String> datasets(RidgeConfig config) {
        return config.mnist() ? List.of(config.dataset()) : List.of();
    }

    @Override
    public RidgeResult run(RidgeConfig c, RunContext ctx) {
        int cores = Runtime.getRuntime().availableProcessors();
        int[] ns = c.sweep();
        // mnist decomposes at most a 784-column triangle or a prefix with fewer rows than pixels: small per worker
        int largest = c.mnist() ? Math.min(ns[ns.length - 1], c.features()) : ns[ns.length - 1];
        return run(c, ctx, TrainingSet.workersWithinBudget(cores, largest, c.features()));
    }

    /**
     * With an explicit number of compute threads (one per core unless the largest training set's decomposition
     * would exceed the memory budget twice over); the result does not depend on it. Stages: the theory curves,
     * the N_i × λ sweep, the diagnostics of the focus training set, the classification sweep; progress is shared
     * out by their number of training sets.
     */
    RidgeResult run(RidgeConfig c, RunContext ctx, int workers) {
        if (c.mnist() && c.focusInstances() > ctx.data().images("mnist").train().count())
            throw new ConfigException("focusInstances", "asks for " + c.focusInstances() + " training images but mnist has "
                    + ctx.data().images("mnist").train().count());
        List<TheoryPoint> theory = c.dataset().equals("isotropic") ? TheoryCurves.isotropic(c) : List.of();
        for (TheoryPoint t : theory) ctx.point("theory", t.values());
        // Which training set the focus charts (spectrum, L-curve, Picard, truncated SVD) show: the page says so at once.
        ctx.point("focus", java.util.Map.of("instances", c.focus(), "features", c.features()));
        ctx.checkCancelled();
        int sets = c.sweep().length;
        double units = sets + 1 + (c.classify() ? sets : 0), sweepDone = sets / units, focusDone = (sets + 1) / units;
        List<RidgePoint> points;
        RidgeDiagnostics diagnostics;
        List<ClassificationPoint> classification = List.of();
        try (ComputeThreads pool = ComputeThreads.open("ridge-" + ctx.runId(), workers)) {
            RunContext sweep = new ProgressShare(ctx, 0, sweepDone);
            List<double[]> ridgeFits = null;
            if (c.mnist()) {
                MnistSweep.Result r = MnistSweep.run(c, sweep, pool);
                points = r.points();
                ridgeFits = r.classifiers();
            } else {
                points = SyntheticSweep.run(c, sweep, pool);
            }
            diagnostics = diagnostics(c, ctx, pool);
            ctx.progress(focusDone, "diagnostics of the focus set N=" + diagnostics.instances() + " done");
            if (c.classify())
                classification = ClassificationSweep.run(c, new ProgressShare(ctx, focusDone, 1), pool, ridgeFits);
        }
        return new RidgeResult(c, points, theory, diagnostics, classification, SpectralRidge.TOLERANCE, Versions.current());
    }

    /** The per-training-set diagnostics of the focus set, streamed as they are computed. */
    static RidgeDiagnostics diagnostics(RidgeConfig c, RunContext ctx, ComputeThreads pool) {
        int n = c.focus();
        ctx.log("diagnostics (spectrum, L-curve, GCV/CV marks, Picard, truncated SVD) on the focus training set N = " + n
                + (c.focusInstances() > 0 ? " (focusInstances)" : " (the sweep value with |p/N - 1| smallest, p = " + c.features() + ")")
                + (CrossValidation.feasible(n, c.cvFolds()) ? "" : "; fewer instances than cvFolds = " + c.cvFolds()
                + ", so no cross-validation"));
        SweepStages.Relay relay = new SweepStages.Relay();
        return SweepStages.await(pool.submit(() -> FocusSet.of(c, ctx.data(), n)
                .diagnose(c, Seeds.stream(c.seed(), "ridge/diagnostics/cv-folds"), relay::point)), ctx, relay);
    }

    /** Where the test risk of the smallest λ peaks (the double-descent peak, N_f/N_i ≈ 1), and its height. */
    @Override
    public List<Outcome> outcomes() {
        return List.of(new Outcome("peakRatio", "N_f/N_i where the test risk of the smallest λ peaks", r -> peak(r).path("ratio").asDouble(Double.NaN)),
                new Outcome("peakRisk", "highest test risk of the smallest λ", r -> peak(r).path("testRisk").asDouble(Double.NaN)));
    }

    /** The point of the smallest λ with the largest finite test risk (a missing node when there is none). */
    private static com.fasterxml.jackson.databind.JsonNode peak(com.fasterxml.jackson.databind.JsonNode result) {
        double smallest = Double.POSITIVE_INFINITY;
        for (com.fasterxml.jackson.databind.JsonNode p : result.path("points")) smallest = Math.min(smallest, p.path("lambda").asDouble(Double.POSITIVE_INFINITY));
        com.fasterxml.jackson.databind.JsonNode best = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        for (com.fasterxml.jackson.databind.JsonNode p : result.path("points")) {
            if (p.path("lambda").asDouble(Double.NaN) != smallest || !p.path("testRisk").isNumber()) continue;
            if (best.isMissingNode() || p.path("testRisk").asDouble() > best.path("testRisk").asDouble()) best = p;
        }
        return best;
    }

    /** One thin decomposition per N and repeat: N·p·min(N, p) multiply-adds each. */
    @Override
    public Cost cost(RidgeConfig c) {
        double w = 0;
        for (int n : c.instances()) w += (double) n * c.features() * Math.min(n, c.features());
        return new Cost(Math.max(1, w * c.repeats()), List.of("instances", "features", "repeats"));
    }
}
