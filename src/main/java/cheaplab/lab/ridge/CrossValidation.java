package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;

import java.util.SplittableRandom;

/**
 * k-fold cross-validation of ridge regression over a λ grid. Folds are contiguous blocks of a random permutation
 * (Fisher–Yates with the given {@link SplittableRandom}), so their sizes differ by at most one. For each fold the
 * model is refitted on the other k − 1 folds; one thin SVD per fold serves every λ: with the training fold's
 * {@link SpectralRidge} (X_tr = U S Vᵀ) and Z = X_test V_r (computed once), the held-out predictions are Z c(λ)
 * with c the fold's ridge coefficients cᵢ = sᵢβᵢ/(sᵢ² + λ'), O(n_test · r) per λ.
 *
 * <p>The error at λ is the mean over folds of the held-out mean squared error (scikit-learn's
 * {@code cross_val_score} convention). With an intercept, each training fold is centred with its own means and
 * the held-out fold with the same means (the intercept is refitted, never taken from the full data). With
 * {@code "mean"} scaling the fold fit on n_tr instances uses λ' = n_tr·λ: the user's λ means the same
 * per-instance penalty on every subset, as in glmnet's cross-validation.
 */
public final class CrossValidation {
    private final int folds;
    private final int[] foldOf;
    private final Fold[] fits;

    /** The training fold's ridge, the held-out rows in its right singular basis (n_test × rank), their targets. */
    private record Fold(SpectralRidge ridge, double[] z, double[] yTest) {}

    /**
     * @param x row-major n × p design (not modified)
     * @param y targets (not modified)
     * @param intercept refit an unpenalised intercept on every training fold
     * @param lambdaScaling "mean" or "sum"
     */
    public CrossValidation(double[] x, double[] y, int n, int p, boolean intercept, String lambdaScaling, int folds,
                           SplittableRandom rng) {
        if (x.length != (long) n * p) throw new IllegalArgumentException("x is not " + n + "×" + p);
        if (y.length != n) throw new IllegalArgumentException("y has " + y.length + " values, expected " + n);
        if (!feasible(n, folds))
            throw new IllegalArgumentException(folds + "-fold cross-validation needs at least max(" + folds + ", 2) instances, had " + n);
        this.folds = folds;
        LambdaScaling scaling = LambdaScaling.of(lambdaScaling);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        foldOf = new int[n];
        for (int f = 0; f < folds; f++)
            for (int j = start(n, folds, f); j < start(n, folds, f + 1); j++) foldOf[perm[j]] = f;
        fits = new Fold[folds];
        for (int f = 0; f < folds; f++) {
            cheaplab.linalg.ComputeThreads.checkInterrupted(); // one SVD per fold: a cancelled task stops between them
            fits[f] = fit(x, y, n, p, intercept, scaling, f);
        }
    }

    /** Whether k-fold CV is possible on n instances: every fold non-empty and every training set non-empty. */
    public static boolean feasible(int n, int folds) {
        return folds >= 2 && n >= folds;
    }

    private static int start(int n, int folds, int f) {
        return (int) ((long) n * f / folds);
    }

    private Fold fit(double[] x, double[] y, int n, int p, boolean intercept, LambdaScaling scaling, int fold) {
        int nTest = 0;
        for (int i = 0; i < n; i++) if (foldOf[i] == fold) nTest++;
        int nTrain = n - nTest;
        double[] xTr = new double[nTrain * p], yTr = new double[nTrain];
        double[] xTe = new double[nTest * p], yTe = new double[nTest];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (foldOf[i] == fold) {
                System.arraycopy(x, i * p, xTe, b * p, p);
                yTe[b++] = y[i];
            } else {
                System.arraycopy(x, i * p, xTr, a * p, p);
                yTr[a++] = y[i];
            }
        }
        if (intercept) {
            double[] mean = new double[p];
            double yMean = 0;
            for (int i = 0; i < nTrain; i++) {
                yMean += yTr[i];
                for (int j = 0; j < p; j++) mean[j] += xTr[i * p + j];
            }
            yMean /= nTrain;
            for (int j = 0; j < p; j++) mean[j] /= nTrain;
            for (int i = 0; i < nTrain; i++) {
                yTr[i] -= yMean;
                for (int j = 0; j < p; j++) xTr[i * p + j] -= mean[j];
            }
            for (int i = 0; i < nTest; i++) {
                yTe[i] -= yMean;
                for (int j = 0; j < p; j++) xTe[i * p + j] -= mean[j];
            }
        }
        ThinSvd svd = Lapack.thinSvd(nTrain, p, xTr);
        SpectralRidge ridge = SpectralRidge.of(svd, 1, yTr, intercept, scaling);
        int r = ridge.rank();
        double[] z = new double[nTest * r];
        Lapack.gemm(false, true, nTest, r, p, 1.0, xTe, svd.vt(), 0.0, z);
        return new Fold(ridge, z, yTe);
    }

    public int folds() { return folds; }

    /** The fold (0 … k−1) each instance is held out in. */
    public int[] foldOf() { return foldOf.clone(); }

    /** Mean over folds of the held-out MSE at the user's λ. */
    public double error(double lambda) {
        double total = 0;
        for (Fold f : fits) {
            int r = f.ridge.rank();
            double[] c = f.ridge.coefficients(lambda, 0);
            double sse = 0;
            int nTest = f.yTest.length;
            for (int t = 0; t < nTest; t++) {
                double pred = 0;
                int row = t * r;
                for (int i = 0; i < r; i++) pred += f.z[row + i] * c[i];
                double e = f.yTest[t] - pred;
                sse += e * e;
            }
            total += sse / nTest;
        }
        return total / folds;
    }

    public double[] errors(double[] grid) {
        double[] e = new double[grid.length];
        for (int i = 0; i < grid.length; i++) e[i] = error(grid[i]);
        return e;
    }

    /** The CV choice of λ: the grid minimum refined between its neighbours. */
    public double minimiser(double[] grid) {
        return GoldenSection.refineOnLogGrid(this::error, grid, errors(grid));
    }
}
