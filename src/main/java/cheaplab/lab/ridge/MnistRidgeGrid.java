package cheaplab.lab.ridge;

import cheaplab.data.ImageSet;
import cheaplab.linalg.ComputeThreads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Test MSEs of ridge with intercept on the first N training images, for a grid of N × λ × targets, the way the
 * lab computes them with {@code repeats = 1}: one updated QR factor along the nested prefixes, one SVD per N
 * serving every λ and every target, test MSEs from the test Gram. Used by the scikit-learn benchmark.
 */
public final class MnistRidgeGrid {
    private MnistRidgeGrid() {}

    /**
     * @param ns      training-set sizes, ascending, at most train.count()
     * @param lambdas penalties in scikit-learn's convention (‖y − Xw − b‖² + λ‖w‖²)
     * @param digits  targets: −1 for the label as a real number, k for "k vs rest" (±1)
     * @return mse[i][l][t] for ns[i], lambdas[l], digits[t]
     */
    public static double[][][] testMse(ImageSet train, ImageSet test, int[] ns, double[] lambdas, int[] digits,
                                       ComputeThreads pool) {
        for (int i = 1; i < ns.length; i++)
            if (ns[i] <= ns[i - 1]) throw new IllegalArgumentException("ns must be strictly ascending");
        int t = digits.length, nMax = ns[ns.length - 1];
        double[] yTrain = MnistTargets.columns(train, digits), yTest = MnistTargets.columns(test, digits);
        Executor exec = pool.executor();
        PrefixRidgePath path = new PrefixRidgePath(train, null, yTrain, t, nMax);
        int[] columns = path.columns();
        CompletableFuture<HeldOutMse> heldOut = CompletableFuture.supplyAsync(() -> new HeldOutMse(test, yTest, t, columns), exec);
        List<CompletableFuture<double[][]>> results = new ArrayList<>();
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        for (int n : ns) {
            CompletableFuture<PrefixProblem> problem = chain.thenApplyAsync(v -> path.advance(n), exec);
            chain = problem;
            results.add(problem.thenApplyAsync(PrefixProblem::decompose, exec)
                    .thenCombineAsync(heldOut, (fit, held) -> evaluate(fit, held, lambdas), exec));
        }
        double[][][] out = new double[ns.length][][];
        for (int i = 0; i < ns.length; i++) out[i] = results.get(i).join();
        return out;
    }

    /** All λ × targets of one prefix in one batched test-MSE product: [l][t]. */
    static double[][] evaluate(PrefixFit fit, HeldOutMse test, double[] lambdas) {
        int t = fit.ridge().targets(), p = fit.p(), count = lambdas.length * t;
        double[] w = new double[count * p], b = new double[count];
        int[] target = new int[count];
        for (int l = 0; l < lambdas.length; l++) {
            double[] f = fit.ridge().filter(lambdas[l]);
            for (int k = 0; k < t; k++) {
                int q = l * t + k;
                fit.weights(f, k, w, q * p);
                b[q] = fit.intercept(w, q * p, k);
                target[q] = k;
            }
        }
        double[] mse = test.mse(count, w, b, target);
        double[][] out = new double[lambdas.length][t];
        for (int l = 0; l < lambdas.length; l++) for (int k = 0; k < t; k++) out[l][k] = mse[l * t + k];
        return out;
    }
}
