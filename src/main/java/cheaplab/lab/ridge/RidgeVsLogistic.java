package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;

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
        return evaluate(ridgeClassifier(x, labels, n, p), x, labels, n, p, xTest, labelsTest, nTest);
    }

    /**
     * The ridge classifier fitted on (x, labels): centre, one SVD, ŵ at this λ, intercept b = ȳ − x̄ᵀŵ. Returns the
     * p weights followed by b.
     */
    public double[] ridgeClassifier(double[] x, double[] labels, int n, int p) {
        checkShapes(x, labels, n, p);
        double[] mean = new double[p];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            yMean += labels[i];
            for (int j = 0; j < p; j++) mean[j] += x[i * p + j];
        }
        yMean /= n;
        for (int j = 0; j < p; j++) mean[j] /= n;
        double[] yc = new double[n], xc = new double[n * p];
        for (int i = 0; i < n; i++) {
            yc[i] = labels[i] - yMean;
            for (int j = 0; j < p; j++) xc[i * p + j] = x[i * p + j] - mean[j];
        }
        double[] w = new SpectralRidge(Lapack.thinSvd(n, p, xc), yc, lambdaScaling).solution(ridgeLambda);
        double b = yMean;
        for (int j = 0; j < p; j++) b -= mean[j] * w[j];
        double[] out = java.util.Arrays.copyOf(w, p + 1);
        out[p] = b;
        return out;
    }

    /**
     * As {@link #evaluate(double[], double[], int, int, double[], double[], int)} with the ridge classifier already
     * fitted ({@code ridge}: p weights, then the intercept; e.g. from the engine's own decomposition of the same
     * training set at this class's λ); only logistic regression is fitted here.
     */
    public ClassificationPoint evaluate(double[] ridge, double[] x, double[] labels, int n, int p, double[] xTest,
                                        double[] labelsTest, int nTest) {
        checkShapes(x, labels, n, p);
        if (ridge.length != p + 1) throw new IllegalArgumentException("the ridge classifier needs " + p + " weights and an intercept");
        if (xTest.length != (long) nTest * p || labelsTest.length != nTest) throw new IllegalArgumentException("test set is not " + nTest + "×" + p);
        if (nTest < 1) throw new IllegalArgumentException("the test set is empty");
        int ridgeCorrect = 0;
        double mse = 0;
        for (int i = 0; i < nTest; i++) {
            double dec = ridge[p];
            int row = i * p;
            for (int j = 0; j < p; j++) dec += xTest[row + j] * ridge[j];
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

    private static void checkShapes(double[] x, double[] labels, int n, int p) {
        if (x.length != (long) n * p || labels.length != n) throw new IllegalArgumentException("training set is not " + n + "×" + p);
    }
}
