package cheaplab.lab.ridge;

import cheaplab.core.Check;
import cheaplab.data.DataCatalog;
import cheaplab.data.ImageSet;

/**
 * One training set of the sweep as plain arrays, for code that analyses a single set (the per-training-set
 * diagnostics of the focus set): exactly the set the sweep uses for (N_i, repeat). Synthetic: the first n rows
 * of the repeat's stream. MNIST: the first n training images with {@code repeats = 1}, the first n of the
 * repeat's random order otherwise; pixels scaled to [0, 1], not centred ({@code intercept} says the sweep
 * centres them).
 *
 * @param n         instances
 * @param p         features
 * @param x         row-major n × p design
 * @param y         targets
 * @param wStar     true weights (synthetic), null for mnist
 * @param intercept whether the sweep fits an intercept (centres X and y) for this dataset
 */
public record TrainingSet(int n, int p, double[] x, double[] y, double[] wStar, boolean intercept) {

    /** The training set of {@code n} instances of repeat {@code repeat} (0-based) for this config. */
    public static TrainingSet of(RidgeConfig c, DataCatalog data, int repeat, int n) {
        if (!c.mnist()) {
            GaussianLinearModel.Sample s = GaussianLinearModel.of(c).sample(repeat, n);
            return new TrainingSet(n, s.p(), s.x(), s.y(), s.wStar(), false);
        }
        ImageSet train = data.images("mnist").train();
        if (n > train.count()) throw new cheaplab.core.ConfigException("instances", "asks for " + n
                + " training images but mnist has " + train.count());
        int[] order = c.repeats() == 1 ? null : MnistSweep.randomOrder(c.seed(), repeat, train.count(), n);
        double[] yAll = MnistTargets.of(train, c.targetDigit());
        int p = train.dim();
        double[] x = new double[n * p], y = new double[n];
        for (int i = 0; i < n; i++) {
            int r = order == null ? i : order[i];
            for (int j = 0; j < p; j++) x[i * p + j] = train.pixel(r, j);
            y[i] = yAll[r];
        }
        return new TrainingSet(n, p, x, y, null, true);
    }

    /** Bytes a worker holds while decomposing an n × p set: the design, LAPACK's copies, U and Vᵀ. */
    static double svdBytes(int n, int p) {
        double k = Math.min(n, p);
        return 8.0 * (3.0 * n * p + 2.0 * (n * k + k * p));
    }

    /** Compute threads that fit the per-run memory budget (at least one, at most {@code cores}). */
    static int workersWithinBudget(int cores, int n, int p) {
        long fit = (long) (Check.MEMORY_BUDGET_BYTES / svdBytes(n, p));
        return (int) Math.max(1, Math.min(cores, fit));
    }
}
