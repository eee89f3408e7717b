package cheaplab.lab.ridge;

import cheaplab.core.ConfigException;
import cheaplab.data.DataCatalog;
import cheaplab.data.ImageSet;
import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;

import java.util.function.ToDoubleFunction;

/**
 * The focus training set of the per-training-set diagnostics, prepared the way the sweep fits it: the SAME set
 * the sweep uses for that N (repeat 0, {@link TrainingSet#of}), centred when an intercept is fitted (mnist), its
 * thin SVD, and the test risk of a weight vector on it - the quantity of the {@code risk} series:
 * <ul>
 *   <li>synthetic: the excess risk (w − w*)ᵀΣ(w − w*) ({@link GaussianLinearModel#excessRisk}; Σ = I except for
 *       {@code spectrum});</li>
 *   <li>mnist: the MSE on the held-out test images of x ↦ xᵀw + b with the fitted intercept b = ȳ − x̄ᵀw, from the
 *       test Gram ({@link HeldOutMse}) at O(p²) per call - the truncated-SVD series calls it up to 200 times.</li>
 * </ul>
 * Build it on a compute thread (LAPACK).
 *
 * @param x    row-major n × p design (centred for mnist)
 * @param y    targets (centred for mnist)
 * @param svd  thin SVD of x
 * @param risk test risk of a weight vector on the (uncentred) features
 */
record FocusSet(int n, int p, double[] x, double[] y, boolean intercept, ThinSvd svd, ToDoubleFunction<double[]> risk) {

    static FocusSet of(RidgeConfig c, DataCatalog data, int n) {
        TrainingSet set = TrainingSet.of(c, data, 0, n);
        int p = set.p();
        if (!set.intercept()) {
            GaussianLinearModel model = GaussianLinearModel.of(c);
            double[] wStar = set.wStar();
            return new FocusSet(n, p, set.x(), set.y(), false, Lapack.thinSvd(n, p, set.x()),
                    w -> model.excessRisk(w, wStar));
        }
        double[] xMean = new double[p], x = set.x().clone(), y = set.y().clone();
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += y[i];
            for (int j = 0; j < p; j++) xMean[j] += x[i * p + j];
        }
        yMean /= n;
        for (int j = 0; j < p; j++) xMean[j] /= n;
        for (int i = 0; i < n; i++) {
            y[i] -= yMean;
            for (int j = 0; j < p; j++) x[i * p + j] -= xMean[j];
        }
        ImageSet test = data.images("mnist").test();
        if (test.dim() != p) throw new ConfigException("features", "mnist test images have " + test.dim() + " pixels, not " + p);
        int[] all = java.util.stream.IntStream.range(0, p).toArray();
        HeldOutMse held = new HeldOutMse(test, MnistTargets.of(test, c.targetDigit()), 1, all);
        double intercept = yMean;
        return new FocusSet(n, p, x, y, true, Lapack.thinSvd(n, p, x), w -> {
            double b = intercept;
            for (int j = 0; j < p; j++) b -= xMean[j] * w[j];
            return held.mse(1, w, new double[] {b}, new int[1])[0];
        });
    }

    /** The diagnostics of this set, each point handed to {@code sink} as soon as it is known. */
    RidgeDiagnostics diagnose(RidgeConfig c, java.util.SplittableRandom folds,
                              java.util.function.BiConsumer<String, java.util.Map<String, ?>> sink) {
        return new FocusDiagnostics(c.lambdaScaling(), intercept, c.dataset().equals("isotropic"), c.cvFolds())
                .compute(x, y, n, p, svd, risk, folds, sink);
    }
}
