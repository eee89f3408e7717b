package cheaplab.lab.ridge;

import cheaplab.core.Lab;
import cheaplab.core.RunContext;
import cheaplab.core.Versions;
import cheaplab.linalg.ComputeThreads;

import java.util.List;

/**
 * The Regularization lab: ridge regression across the interpolation threshold N_i ≈ N_f ("When
 * Regularization Fails"). For every training set ONE decomposition serves every λ (a thin SVD, or for nested
 * MNIST prefixes an updated QR factor and the SVD of its small triangle); the sweep runs on one compute thread
 * per core and streams a {@code risk} point per (N_i, λ) as each N_i finishes.
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
    public boolean needsMnist(RidgeConfig config) {
        return config.mnist();
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
     * would exceed the memory budget twice over); the result does not depend on it.
     */
    RidgeResult run(RidgeConfig c, RunContext ctx, int workers) {
        List<TheoryPoint> theory = c.dataset().equals("isotropic") ? TheoryCurves.isotropic(c) : List.of();
        for (TheoryPoint t : theory) ctx.point("theory", t.values());
        ctx.checkCancelled();
        List<RidgePoint> points;
        try (ComputeThreads pool = ComputeThreads.open("ridge-" + ctx.runId(), workers)) {
            points = c.mnist() ? MnistSweep.run(c, ctx, pool) : SyntheticSweep.run(c, ctx, pool);
        }
        return new RidgeResult(c, points, theory, SpectralRidge.TOLERANCE, Versions.current());
    }
}
