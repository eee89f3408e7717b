package cheaplab.lab.ridge;

import cheaplab.core.RunContext;
import cheaplab.linalg.ComputeThreads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The N_i × λ × repeats sweep on a synthetic model. Every (N_i, repeat) is an independent task (its own
 * random streams, its own SVD) on the compute threads; the run thread collects them in submission order and
 * emits all λ of an N_i together as soon as that N_i is complete, so the numbers and their order do not
 * depend on scheduling.
 */
final class SyntheticSweep {
    private SyntheticSweep() {}

    static List<RidgePoint> run(RidgeConfig c, RunContext ctx, ComputeThreads pool) {
        GaussianLinearModel model = GaussianLinearModel.of(c);
        double[] covariance = model.covariance();
        if (covariance == null) {
            covariance = new double[c.features()];
            java.util.Arrays.fill(covariance, 1.0);
        }
        int[] ns = c.sweep();
        int reps = c.repeats();
        List<List<Future<RepeatOutcome>>> stages = new ArrayList<>();
        for (int n : ns) {
            double[] sumLambdas = c.lambdas().stream().mapToDouble(l -> c.sumLambda(l, n)).toArray();
            List<Future<RepeatOutcome>> stage = new ArrayList<>(reps);
            for (int r = 0; r < reps; r++) {
                int repeat = r;
                stage.add(pool.submit(() -> SyntheticTrial.run(model, repeat, n, sumLambdas)));
            }
            stages.add(stage);
        }
        List<RidgePoint> points = new ArrayList<>();
        for (int i = 0; i < ns.length; i++) {
            List<RepeatOutcome> outcomes = new ArrayList<>(reps);
            for (Future<RepeatOutcome> f : stages.get(i)) outcomes.add(SweepStages.await(f, ctx));
            int n = ns[i];
            Double[] theory = new Double[c.lambdas().size()];
            for (int l = 0; l < theory.length; l++) theory[l] = TheoryCurves.pointRisk(c, covariance, n, c.lambdas().get(l));
            for (RidgePoint pt : RepeatAggregate.points(c.features(), n, c.lambdas(), outcomes, null, null, theory)) {
                ctx.point("risk", pt.values());
                points.add(pt);
            }
            ctx.progress((i + 1.0) / ns.length, "N=" + n + " done (" + (i + 1) + " of " + ns.length + ")");
        }
        return points;
    }
}
