package cheaplab.lab.ridge;

import cheaplab.core.RunContext;
import cheaplab.data.ImageSet;
import cheaplab.linalg.ComputeThreads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Ridge classifier against logistic regression across the N_i sweep ({@code classify} series), on the sweep's
 * own training sets (repeat 0, {@link TrainingSet#of}):
 * <ul>
 *   <li>mnist: digit k vs rest (±1) for target {@code digit-k}, digit 0 vs rest for target {@code digit}; scored
 *       on the 10 000 test images;</li>
 *   <li>synthetic: labels sign(xᵀw* + ε), i.e. the sign of the sweep's own regression targets, scored on
 *       {@value #SYNTHETIC_TEST} fresh instances of the same model (same w*).</li>
 * </ul>
 * The ridge classifier uses the smallest configured λ (in the config's scaling): the regime where its variance
 * explodes at N ≈ p; logistic regression is practically unregularised ({@link LogisticRegression#DEFAULT_LAMBDA}).
 * For mnist the sweep's own decompositions supply the ridge classifiers ({@link MnistSweep.Result#classifiers}):
 * a fresh SVD of each N × 784 set would cost more than the rest of the run. Every N is a task on the compute
 * threads; points are emitted in sweep order as they complete.
 */
final class ClassificationSweep {
    static final int SYNTHETIC_TEST = 2000;

    private ClassificationSweep() {}

    /** Held-out features and ±1 labels. */
    record TestSet(int n, double[] x, double[] labels) {}

    /**
     * @param ridgeFits per sweep N, the ridge classifier already fitted on that training set at the smallest λ
     *                  (p weights, then the intercept), or null to fit them here
     */
    static List<ClassificationPoint> run(RidgeConfig c, RunContext ctx, ComputeThreads pool, List<double[]> ridgeFits) {
        int[] ns = c.sweep();
        double ridgeLambda = c.lambdas().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        RidgeVsLogistic compare = new RidgeVsLogistic(ridgeLambda, c.lambdaScaling(), new LogisticRegression());
        Future<TestSet> test = pool.submit(() -> testSet(c, ctx));
        List<Future<ClassificationPoint>> tasks = new ArrayList<>(ns.length);
        for (int i = 0; i < ns.length; i++) {
            int n = ns[i];
            double[] fitted = ridgeFits == null ? null : ridgeFits.get(i);
            tasks.add(pool.submit(() -> {
                TrainingSet set = TrainingSet.of(c, ctx.data(), 0, n);
                double[] labels = labels(c, set.y());
                double[] ridge = fitted != null ? fitted : compare.ridgeClassifier(set.x(), labels, n, set.p());
                TestSet t = test.get();
                return compare.evaluate(ridge, set.x(), labels, n, set.p(), t.x(), t.labels(), t.n());
            }));
        }
        List<ClassificationPoint> out = new ArrayList<>(ns.length);
        for (int i = 0; i < ns.length; i++) {
            ClassificationPoint pt = SweepStages.await(tasks.get(i), ctx);
            ctx.point("classify", pt.values());
            out.add(pt);
            ctx.progress((i + 1.0) / ns.length, "classify N=" + ns[i] + " done");
        }
        return out;
    }

    /** The digit of the mnist classification task: k for target digit-k, 0 for target digit. */
    static int digit(RidgeConfig c) {
        return Math.max(0, c.targetDigit());
    }

    /**
     * ±1 class labels from the sweep's regression targets y: sign(y) for synthetic data (y = xᵀw* + ε); for mnist
     * y itself with target digit-k (already ±1), +1 for the label 0 with target digit (y is the label).
     */
    static double[] labels(RidgeConfig c, double[] y) {
        double[] l = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            if (!c.mnist()) l[i] = y[i] > 0 ? 1 : -1;
            else if (c.targetDigit() < 0) l[i] = y[i] == 0 ? 1 : -1;
            else l[i] = y[i];
        }
        return l;
    }

    static TestSet testSet(RidgeConfig c, RunContext ctx) {
        if (!c.mnist()) {
            GaussianLinearModel.Sample s = GaussianLinearModel.of(c).heldOut(0, SYNTHETIC_TEST);
            return new TestSet(s.n(), s.x(), labels(c, s.y()));
        }
        ImageSet test = ctx.data().images("mnist").test();
        int n = test.count(), p = test.dim(), k = digit(c);
        double[] x = new double[n * p], labels = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) x[i * p + j] = test.pixel(i, j);
            labels[i] = test.label(i) == k ? 1 : -1;
        }
        return new TestSet(n, x, labels);
    }
}
