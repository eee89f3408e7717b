package cheaplab.lab.ridge;

import cheaplab.core.ConfigException;
import cheaplab.core.RunContext;
import cheaplab.core.Seeds;
import cheaplab.data.ImageDataset;
import cheaplab.data.ImageSet;
import cheaplab.linalg.ComputeThreads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The MNIST sweep: pixels in [0, 1] as features, intercept fitted (features and target centred, as
 * scikit-learn's {@code fit_intercept=True}), test MSE on the held-out images.
 * <ul>
 * <li>{@code repeats = 1}: the training set for N_i is the first N_i training images. One QR factor is updated
 * along the nested prefixes ({@link PrefixRidgePath}) while the SVDs of earlier prefixes run on the other
 * compute threads.</li>
 * <li>{@code repeats > 1}: repeat r draws a random order of the training images (its own seeded stream) and
 * uses its first N_i, so sets are nested in N within a repeat and fresh across repeats; every (N_i, repeat) is
 * decomposed on its own, in parallel.</li>
 * </ul>
 * bias2 and variance are estimated across repeats: bias2 is the test MSE of the repeat-averaged predictor
 * (w̄, b̄), variance = testRisk − bias2 (the mean squared spread of the per-repeat predictions around it). With
 * one repeat there is no spread to measure: variance = 0 and bias2 = testRisk.
 */
final class MnistSweep {
    private MnistSweep() {}

    /** Per (N_i, repeat): the scalar outcomes and the weights/intercepts of every λ (for the across-repeat mean). */
    record Outcome(RepeatOutcome scalars, double[] weights, double[] intercepts) {}

    static List<RidgePoint> run(RidgeConfig c, RunContext ctx, ComputeThreads pool) {
        ImageDataset data = ctx.data().images("mnist");
        ImageSet train = data.train(), test = data.test();
        if (train.dim() != c.features())
            throw new IllegalStateException("mnist images have " + train.dim() + " pixels, expected " + c.features());
        int[] ns = c.sweep();
        int nMax = ns[ns.length - 1];
        if (nMax > train.count())
            throw new ConfigException("instances", "asks for " + nMax + " training images but mnist has " + train.count());
        int digit = c.targetDigit(), reps = c.repeats(), p = train.dim(), lambdas = c.lambdas().size();
        double[] yTrain = MnistTargets.of(train, digit), yTest = MnistTargets.of(test, digit);
        Executor exec = pool.executor();

        PrefixRidgePath firstImages = reps == 1 ? new PrefixRidgePath(train, null, yTrain, 1, nMax) : null;
        int[] testColumns = reps == 1 ? firstImages.columns() : varyingPixels(train);
        CompletableFuture<HeldOutMse> heldOut = CompletableFuture.supplyAsync(() -> new HeldOutMse(test, yTest, 1, testColumns), exec);

        List<List<CompletableFuture<Outcome>>> stages = new ArrayList<>();
        CompletableFuture<?>[] chain = {CompletableFuture.completedFuture(null)};
        int ahead = reps == 1 ? pool.workers() + 1 : 1;
        List<RidgePoint> points = new ArrayList<>();
        for (int i = 0; i < ns.length; i++) {
            while (stages.size() < Math.min(ns.length, i + 1 + ahead)) {
                int n = ns[stages.size()];
                double[] sumLambdas = c.lambdas().stream().mapToDouble(l -> c.sumLambda(l, n)).toArray();
                List<CompletableFuture<Outcome>> stage = new ArrayList<>(reps);
                if (reps == 1) {
                    CompletableFuture<PrefixProblem> problem = chain[0].thenApplyAsync(v -> firstImages.advance(n), exec);
                    chain[0] = problem;
                    stage.add(problem.thenApplyAsync(PrefixProblem::decompose, exec)
                            .thenCombineAsync(heldOut, (fit, held) -> evaluate(fit, held, sumLambdas), exec));
                } else {
                    for (int r = 0; r < reps; r++) {
                        long seed = c.seed();
                        int repeat = r;
                        stage.add(CompletableFuture.supplyAsync(() -> {
                            int[] order = randomOrder(seed, repeat, train.count(), n);
                            return new PrefixRidgePath(train, order, yTrain, 1, n).advance(n).decompose();
                        }, exec).thenCombineAsync(heldOut, (fit, held) -> evaluate(fit, held, sumLambdas), exec));
                    }
                }
                stages.add(stage);
            }
            List<Outcome> outcomes = new ArrayList<>(reps);
            for (CompletableFuture<Outcome> f : stages.get(i)) outcomes.add(SweepStages.await(f, ctx));
            stages.set(i, null);
            int n = ns[i];
            double[] bias2 = new double[lambdas], variance = new double[lambdas];
            List<RepeatOutcome> scalars = outcomes.stream().map(Outcome::scalars).toList();
            if (reps == 1) {
                // One training set: no spread across repeats to measure, so variance = 0 and bias2 = testRisk
                // (the "bias" then includes everything: model error, label noise and this set's own fluctuation).
                bias2 = outcomes.get(0).scalars().testRisk().clone();
            } else {
                double[] wBar = new double[lambdas * p], bBar = new double[lambdas];
                for (Outcome o : outcomes) { // repeat order: deterministic sums
                    for (int k = 0; k < wBar.length; k++) wBar[k] += o.weights()[k];
                    for (int l = 0; l < lambdas; l++) bBar[l] += o.intercepts()[l];
                }
                for (int k = 0; k < wBar.length; k++) wBar[k] /= reps;
                for (int l = 0; l < lambdas; l++) bBar[l] /= reps;
                HeldOutMse held = SweepStages.await(heldOut, ctx);
                bias2 = SweepStages.await(CompletableFuture.supplyAsync(
                        () -> held.mse(lambdas, wBar, bBar, new int[lambdas]), exec), ctx);
                for (int l = 0; l < lambdas; l++) {
                    double mean = 0;
                    for (RepeatOutcome o : scalars) mean += o.testRisk()[l];
                    variance[l] = Math.max(0, mean / reps - bias2[l]);
                }
            }
            for (RidgePoint pt : RepeatAggregate.points(p, n, c.lambdas(), scalars, bias2, variance, null)) {
                ctx.point("risk", pt.values());
                points.add(pt);
            }
            ctx.progress((i + 1.0) / ns.length, "N=" + n + " done (" + (i + 1) + " of " + ns.length + ")");
        }
        return points;
    }

    /** Every λ of one decomposed prefix: weights, intercept, norms, GCV, and test MSE in one batched product. */
    static Outcome evaluate(PrefixFit fit, HeldOutMse test, double[] sumLambdas) {
        SpectralRidge ridge = fit.ridge();
        int lambdas = sumLambdas.length, p = fit.p();
        RepeatOutcome out = RepeatOutcome.empty(ridge.rank(), lambdas);
        double[] w = new double[lambdas * p], b = new double[lambdas];
        for (int l = 0; l < lambdas; l++) {
            double[] f = ridge.filter(sumLambdas[l]);
            fit.weights(f, 0, w, l * p);
            b[l] = fit.intercept(w, l * p, 0);
            double norm2 = 0;
            for (int j = l * p; j < (l + 1) * p; j++) norm2 += w[j] * w[j];
            out.solutionNorm()[l] = Math.sqrt(norm2);
            out.residualNorm()[l] = Math.sqrt(ridge.residual2(f, 0));
            out.gcv()[l] = ridge.gcv(f, 0);
            out.bias2()[l] = Double.NaN;
            out.variance()[l] = Double.NaN;
        }
        double[] mse = test.mse(lambdas, w, b, new int[lambdas]);
        System.arraycopy(mse, 0, out.testRisk(), 0, lambdas);
        return new Outcome(out, w, b);
    }

    /** The first {@code n} entries of a uniformly random order of {@code count} images (partial Fisher–Yates). */
    static int[] randomOrder(long seed, int repeat, int count, int n) {
        SplittableRandom rng = Seeds.stream(seed, "ridge/mnist/subset/" + repeat);
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = i;
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(count - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        return Arrays.copyOf(idx, n);
    }

    /** Pixels that vary anywhere in the training set (a superset of any subset's non-constant pixels). */
    static int[] varyingPixels(ImageSet train) {
        int[] first = PrefixRidgePath.firstVariation(train, null, train.count());
        return java.util.stream.IntStream.range(0, first.length).filter(j -> first[j] < train.count()).toArray();
    }
}
