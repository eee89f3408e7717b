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
 *
 * <p>With {@code classify} on, the decompositions also carry the ±1 labels of the classification task as one more
 * target column (unless the regression target already is that digit-vs-rest task), so the ridge classifier of
 * repeat 0 at the smallest λ comes from the same decomposition as the sweep (see {@link ClassificationSweep}).
 */
final class MnistSweep {
    private MnistSweep() {}

    /**
     * Per (N_i, repeat): the scalar outcomes, the weights/intercepts of every λ (for the across-repeat mean) and,
     * when asked for, the ridge classifier (p weights, then the intercept), else null.
     */
    record Outcome(RepeatOutcome scalars, double[] weights, double[] intercepts, double[] classifier) {}

    /**
     * The sweep's points and, with {@code classify}, per N_i the ridge classifier of repeat 0's training set at the
     * smallest λ (p weights, then the intercept); null without {@code classify}.
     */
    record Result(List<RidgePoint> points, List<double[]> classifiers) {}

    static Result run(RidgeConfig c, RunContext ctx, ComputeThreads pool) {
        ImageDataset data = ctx.data().images("mnist");
        ImageSet train = data.train(), test = data.test();
        if (train.dim() != c.features())
            throw new IllegalStateException("mnist images have " + train.dim() + " pixels, expected " + c.features());
        int[] ns = c.sweep();
        int nMax = ns[ns.length - 1];
        if (nMax > train.count())
            throw new ConfigException("instances", "asks for " + nMax + " training images but mnist has " + train.count());
        int digit = c.targetDigit(), reps = c.repeats(), p = train.dim(), lambdas = c.lambdas().size();
        // target 0: the regression target; the classification labels are target 0 too (digit-k) or a second column
        int classifyTarget = !c.classify() ? -1 : ClassificationSweep.digit(c) == digit ? 0 : 1;
        int t = classifyTarget == 1 ? 2 : 1;
        double[] yTrain = t == 2 ? MnistTargets.columns(train, digit, ClassificationSweep.digit(c)) : MnistTargets.of(train, digit);
        double[] yTest = MnistTargets.of(test, digit);
        double classifyLambda = c.lambdas().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        Executor exec = pool.executor();
        double[] lambdaValues = c.lambdas().stream().mapToDouble(Double::doubleValue).toArray();
        LambdaScaling scaling = c.scaling();

        PrefixRidgePath firstImages = reps == 1 ? new PrefixRidgePath(train, null, yTrain, t, nMax, scaling) : null;
        int[] testColumns = reps == 1 ? firstImages.columns() : varyingPixels(train);
        CompletableFuture<HeldOutMse> heldOut = CompletableFuture.supplyAsync(() -> new HeldOutMse(test, yTest, 1, testColumns), exec);

        List<List<CompletableFuture<Outcome>>> stages = new ArrayList<>();
        CompletableFuture<?>[] chain = {CompletableFuture.completedFuture(null)};
        int ahead = reps == 1 ? pool.workers() + 1 : 1;
        List<RidgePoint> points = new ArrayList<>();
        List<double[]> classifiers = classifyTarget < 0 ? null : new ArrayList<>();
        for (int i = 0; i < ns.length; i++) {
            while (stages.size() < Math.min(ns.length, i + 1 + ahead)) {
                int n = ns[stages.size()];
                List<CompletableFuture<Outcome>> stage = new ArrayList<>(reps);
                if (reps == 1) {
                    CompletableFuture<PrefixProblem> problem = chain[0].thenApplyAsync(v -> firstImages.advance(n), exec);
                    chain[0] = problem;
                    stage.add(problem.thenApplyAsync(PrefixProblem::decompose, exec)
                            .thenCombineAsync(heldOut, (fit, held) -> evaluate(fit, held, lambdaValues, classifyTarget, classifyLambda), exec));
                } else {
                    for (int r = 0; r < reps; r++) {
                        long seed = c.seed();
                        int repeat = r;
                        stage.add(CompletableFuture.supplyAsync(() -> {
                            int[] order = randomOrder(seed, repeat, train.count(), n);
                            return new PrefixRidgePath(train, order, yTrain, t, n, scaling).advance(n).decompose();
                        }, exec).thenCombineAsync(heldOut, (fit, held) -> evaluate(fit, held, lambdaValues,
                                repeat == 0 ? classifyTarget : -1, classifyLambda), exec));
                    }
                }
                stages.add(stage);
            }
            List<Outcome> outcomes = new ArrayList<>(reps);
            for (CompletableFuture<Outcome> f : stages.get(i)) outcomes.add(SweepStages.await(f, ctx));
            stages.set(i, null);
            if (classifiers != null) classifiers.add(outcomes.get(0).classifier());
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
        return new Result(points, classifiers);
    }

    /**
     * Every λ of one decomposed prefix: weights, intercept, norms, GCV, and test MSE in one batched product; and the
     * ridge classifier of target {@code classifyTarget} at {@code classifyLambda} (none when it is −1).
     */
    static Outcome evaluate(PrefixFit fit, HeldOutMse test, double[] lambdaValues, int classifyTarget, double classifyLambda) {
        SpectralRidge ridge = fit.ridge();
        int lambdas = lambdaValues.length, p = fit.p();
        RepeatOutcome out = RepeatOutcome.empty(ridge.rank(), lambdas);
        double[] w = new double[lambdas * p], b = new double[lambdas];
        for (int l = 0; l < lambdas; l++) {
            double lambda = lambdaValues[l];
            fit.weights(lambda, 0, w, l * p);
            b[l] = fit.intercept(w, l * p, 0);
            double norm2 = 0;
            for (int j = l * p; j < (l + 1) * p; j++) norm2 += w[j] * w[j];
            out.solutionNorm()[l] = Math.sqrt(norm2);
            out.residualNorm()[l] = ridge.residualNorm(lambda);
            out.gcv()[l] = ridge.gcv(lambda);
            out.bias2()[l] = Double.NaN;
            out.variance()[l] = Double.NaN;
        }
        double[] mse = test.mse(lambdas, w, b, new int[lambdas]);
        System.arraycopy(mse, 0, out.testRisk(), 0, lambdas);
        double[] classifier = null;
        if (classifyTarget >= 0) {
            classifier = new double[p + 1];
            fit.weights(classifyLambda, classifyTarget, classifier, 0);
            classifier[p] = fit.intercept(classifier, 0, classifyTarget);
        }
        return new Outcome(out, w, b, classifier);
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
