package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;

/**
 * Ridge classifier against logistic regression on one training set, scored on a test set — the seed post's point:
 * near n ≈ p and λ → 0 the squared-loss fit's variance explodes and its accuracy dips, while logistic regression's
 * (whose solution on separable data heads for the max-margin direction) does not.
 *
 * <p>Ridge classifier (scikit-learn's {@code RidgeClassifier}): ridge regression of the ±1 labels with an
 * unpenalised intercept (features and labels centred with the training means), predicting +1 where the decision
 * function xᵀŵ + b is &gt; 0. {@code ridgeTestMse} is the mean of (xᵀŵ + b − y)² over the test set. Logistic
 * regression: {@link LogisticRegression}, predicting +1 where the margin is &gt; 0; {@code logisticLogLoss} is the mean
 * −log P(y|x) with probabilities clipped to [ε, 1 − ε], ε = 2.22·10⁻¹⁶ (scikit-learn's {@code log_loss}).
 */
public final class RidgeVsLogistic {
    private static final double EPS = Math.ulp(1.0);

    private final double ridgeLambda;
    private final String lambdaScaling;
    private final LogisticRegression logistic;

    /**
     * @param ridgeLambda   ridge λ in {@code lambdaScaling} ("mean" or "sum"); 0 = minimum-norm least squares
     * @param logistic      the logistic model to fit
     */
    public RidgeVsLogistic(double ridgeLambda, String lambdaScaling, LogisticRegression logistic) {
        if (!(ridgeLambda >= 0) || !Double.isFinite(ridgeLambda)) throw new IllegalArgumentException("ridgeLambda must be finite and ≥ 0, was " + ridgeLambda);
        this.ridgeLambda = ridgeLambda;
        this.lambdaScaling = LambdaScaling.of(lambdaScaling).key();
        this.logistic = logistic;
    }

    /**
     * @param x          row-major n × p training features (raw, not centred; not modified)
     * @param labels     n training labels, each ±1
     * @param xTest      row-major nTest × p test features
     * @param labelsTest nTest test labels, each ±1
     */
    public ClassificationPoint evaluate(double[] x, double[] labels, int n, int p, double[] xTest, double[] labelsTest, int nTest) {
        return evaluate(x, labels, n, p, xTest, labelsTest, nTest, null);
    }

    /**
     * As {@link #evaluate(double[], double[], int, int, double[], double[], int)}, reusing {@code centredSvd}, the thin
     * SVD of x with its column means subtracted (the engine has it already when it fits an intercept), or null.
     */
    public ClassificationPoint evaluate(double[] x, double[] labels, int n, int p, double[] xTest, double[] labelsTest,
                                        int nTest, ThinSvd centredSvd) {
        if (x.length != (long) n * p || labels.length != n) throw new IllegalArgumentException("training set is not " + n + "×" + p);
        if (xTest.length != (long) nTest * p || labelsTest.length != nTest) throw new IllegalArgumentException("test set is not " + nTest + "×" + p);
        if (nTest < 1) throw new IllegalArgumentException("the test set is empty");

        // Ridge classifier: centre, one SVD, ŵ, intercept b = ȳ − x̄ᵀŵ.
        double[] mean = new double[p];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += labels[i];
            for (int j = 0; j < p; j++) mean[j] += x[i * p + j];
        }
        yMean /= n;
        for (int j = 0; j < p; j++) mean[j] /= n;
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) yc[i] = labels[i] - yMean;
        ThinSvd svd = centredSvd;
        if (svd == null) {
            double[] xc = new double[n * p];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < p; j++) xc[i * p + j] = x[i * p + j] - mean[j];
            svd = Lapack.thinSvd(n, p, xc);
        } else if (svd.m() != n || svd.n() != p) {
            throw new IllegalArgumentException("the SVD is of a " + svd.m() + "×" + svd.n() + " matrix, not " + n + "×" + p);
        }
        double[] w = new SpectralRidge(svd, yc, lambdaScaling).solution(ridgeLambda);
        double b = yMean;
        for (int j = 0; j < p; j++) b -= mean[j] * w[j];
        int ridgeCorrect = 0;
        double mse = 0;
        for (int i = 0; i < nTest; i++) {
            double dec = b;
            int row = i * p;
            for (int j = 0; j < p; j++) dec += xTest[row + j] * w[j];
            if ((dec > 0 ? 1.0 : -1.0) == labelsTest[i]) ridgeCorrect++;
            mse += (dec - labelsTest[i]) * (dec - labelsTest[i]);
        }

        LogisticRegression.Model model = logistic.fit(x, labels, n, p);
        double[] margins = model.margins(xTest, nTest, p);
        int logisticCorrect = 0;
        double logLoss = 0;
        double lossMin = -Math.log1p(-EPS), lossMax = -Math.log(EPS);
        for (int i = 0; i < nTest; i++) {
            if ((margins[i] > 0 ? 1.0 : -1.0) == labelsTest[i]) logisticCorrect++;
            double loss = LogisticRegression.softplus(-labelsTest[i] * margins[i]);
            logLoss += Math.min(Math.max(loss, lossMin), lossMax);
        }
        return new ClassificationPoint(n, (double) p / n, (double) ridgeCorrect / nTest, (double) logisticCorrect / nTest,
                mse / nTest, logLoss / nTest);
    }
}
