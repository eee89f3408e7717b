package cheaplab.lab.ridge;

import cheaplab.linalg.NativeMatrix;
/**
 * Binary L2-regularised logistic regression with an unpenalised intercept, labels ±1, minimising
 * <pre>
 *   F(w, b) = (1/n) Σᵢ log(1 + exp(−yᵢ(xᵢᵀw + b))) + (λ/(2n)) ‖w‖²
 * </pre>
 * — scikit-learn's {@code LogisticRegression(C = 1/λ)} objective C·Σ loss + ½‖w‖², divided by Cn (the scaling its
 * lbfgs solver uses, so {@code tolerance} means the same as sklearn's {@code tol}). Solved by {@link Lbfgs} from
 * w = 0, b = 0; X·w and Xᵀ·r go through OpenBLAS {@code dgemv} on a native copy of X.
 *
 * <p>Numerically safe: log(1 + e^z) is evaluated as max(z, 0) + log1p(e^{−|z|}) and the logistic function without
 * overflow, so margins of any size give finite losses and gradients. On linearly separable data with tiny λ the
 * optimum has a large ‖w‖ (growing like log(1/λ)); it stays finite for λ &gt; 0, and with the default tolerance the
 * solver stops, as sklearn's does, once the gradient is below it.
 */
public final class LogisticRegression {
    /** sklearn's C = 10⁶ (the peer script's setting): practically unregularised. */
    public static final double DEFAULT_LAMBDA = 1e-6;
    public static final double DEFAULT_TOLERANCE = 1e-6;
    public static final int DEFAULT_MAX_ITERATIONS = 1000;
    /** SciPy's ftol under scikit-learn: 64·ε relative decrease. */
    private static final double RELATIVE_DECREASE = 64 * Math.ulp(1.0);
    private static final int MEMORY = 10;

    private final double lambda;
    private final double tolerance;
    private final int maxIterations;

    /** A fitted model and how the solver ended. */
    public record Model(double[] weights, double intercept, double objective, int iterations, boolean converged) {
        /** xᵢᵀw + b for every row of the row-major n × p matrix x. */
        public double[] margins(double[] x, int n, int p) {
            if (p != weights.length) throw new IllegalArgumentException("model has " + weights.length + " features, data " + p);
            double[] m = new double[n];
            for (int i = 0; i < n; i++) {
                double acc = intercept;
                int row = i * p;
                for (int j = 0; j < p; j++) acc += x[row + j] * weights[j];
                m[i] = acc;
            }
            return m;
        }

        public double weightNorm() {
            double acc = 0;
            for (double w : weights) acc += w * w;
            return Math.sqrt(acc);
        }
    }

    public LogisticRegression() {
        this(DEFAULT_LAMBDA, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    /**
     * @param lambda        L2 penalty λ = 1/C, ≥ 0 (0 only for non-separable data)
     * @param tolerance     stop when max |∂F| ≤ tolerance
     * @param maxIterations L-BFGS iterations at most
     */
    public LogisticRegression(double lambda, double tolerance, int maxIterations) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) throw new IllegalArgumentException("lambda must be finite and ≥ 0, was " + lambda);
        if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be ≥ 0, was " + tolerance);
        if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be ≥ 1, was " + maxIterations);
        this.lambda = lambda;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    public double lambda() { return lambda; }

    /**
     * @param x      row-major n × p features (not modified)
     * @param labels n labels, each −1 or +1
     */
    public Model fit(double[] x, double[] labels, int n, int p) {
        checkShapes(x, labels, n, p);
        try (NativeMatrix matrix = new NativeMatrix(x, n, p)) {
            double[] margin = new double[n], residual = new double[n], gw = new double[p];
            Lbfgs.Objective f = (theta, grad) -> valueAndGradient(matrix, labels, n, p, lambda, theta, grad, margin, residual, gw);
            Lbfgs.Result r = new Lbfgs(MEMORY, tolerance, RELATIVE_DECREASE, maxIterations).minimise(f, new double[p + 1]);
            double[] w = java.util.Arrays.copyOf(r.x(), p);
            return new Model(w, r.x()[p], r.value(), r.iterations(), r.converged());
        }
    }

    /**
     * F(θ) and ∇F(θ) for θ = (w₁ … w_p, b), written into {@code gradient} (length p + 1). Plain loops; for checks.
     */
    public static double objective(double[] x, double[] labels, int n, int p, double lambda, double[] theta, double[] gradient) {
        checkShapes(x, labels, n, p);
        double b = theta[p], value = 0, gb = 0;
        java.util.Arrays.fill(gradient, 0.0);
        for (int i = 0; i < n; i++) {
            double m = b;
            int row = i * p;
            for (int j = 0; j < p; j++) m += x[row + j] * theta[j];
            double z = -labels[i] * m;
            value += softplus(z);
            double d = -labels[i] * sigmoid(z) / n;
            gb += d;
            for (int j = 0; j < p; j++) gradient[j] += d * x[row + j];
        }
        double penalty = 0;
        for (int j = 0; j < p; j++) {
            penalty += theta[j] * theta[j];
            gradient[j] += lambda / n * theta[j];
        }
        gradient[p] = gb;
        return value / n + lambda / (2.0 * n) * penalty;
    }

    private static double valueAndGradient(NativeMatrix x, double[] labels, int n, int p, double lambda, double[] theta,
                                           double[] grad, double[] margin, double[] residual, double[] gw) {
        x.times(theta, margin);
        double b = theta[p], value = 0, gb = 0;
        for (int i = 0; i < n; i++) {
            double z = -labels[i] * (margin[i] + b);
            value += softplus(z);
            double d = -labels[i] * sigmoid(z) / n;
            residual[i] = d;
            gb += d;
        }
        x.transposeTimes(residual, gw);
        double penalty = 0;
        for (int j = 0; j < p; j++) {
            penalty += theta[j] * theta[j];
            grad[j] = gw[j] + lambda / n * theta[j];
        }
        grad[p] = gb;
        return value / n + lambda / (2.0 * n) * penalty;
    }

    /** log(1 + eᶻ) without overflow or loss of digits. */
    public static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** 1/(1 + e^{−z}) without overflow. */
    public static double sigmoid(double z) {
        if (z >= 0) return 1.0 / (1.0 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    private static void checkShapes(double[] x, double[] labels, int n, int p) {
        if (n < 1 || p < 0) throw new IllegalArgumentException("need n ≥ 1 and p ≥ 0, was " + n + ", " + p);
        if (x.length != (long) n * p) throw new IllegalArgumentException("x is not " + n + "×" + p);
        if (labels.length != n) throw new IllegalArgumentException("labels has " + labels.length + " values, expected " + n);
        for (double y : labels)
            if (y != 1.0 && y != -1.0) throw new IllegalArgumentException("labels must be −1 or +1, found " + y);
    }
}
