package cheaplab.lab.ridge;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticRegressionTest {

    private static double[][] problem(long seed, int n, int p, double noise) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = Dense.gaussian(rng, n, p), w = Dense.gaussian(rng, p, 1), y = new double[n];
        double[] m = Dense.timesVector(x, n, p, w);
        for (int i = 0; i < n; i++) y[i] = m[i] + 0.3 + noise * rng.nextGaussian() > 0 ? 1 : -1;
        return new double[][] {x, y};
    }

    /** (F(θ + h e_j) − F(θ − h e_j)) / 2h from objective values alone. */
    private static double centralDifference(double[][] d, int n, int p, double lambda, double[] theta, int j, double h) {
        double[] plus = theta.clone(), minus = theta.clone(), scratch = new double[p + 1];
        plus[j] += h;
        minus[j] -= h;
        return (LogisticRegression.objective(d[0], d[1], n, p, lambda, plus, scratch)
                - LogisticRegression.objective(d[0], d[1], n, p, lambda, minus, scratch)) / (2 * h);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int n = 60, p = 7;
        double[][] d = problem(91, n, p, 1.0);
        SplittableRandom rng = new SplittableRandom(92);
        double[] theta = Dense.gaussian(rng, p + 1, 1), g = new double[p + 1];
        double lambda = 0.7;
        LogisticRegression.objective(d[0], d[1], n, p, lambda, theta, g);
        for (int j = 0; j <= p; j++) assertEquals(centralDifference(d, n, p, lambda, theta, j, 1e-6), g[j], 1e-8, "∂F/∂θ" + j);
    }

    @Test
    void agreesWithNewtonAndHasZeroGradientAtTheOptimum() {
        int n = 200, p = 6;
        double[][] d = problem(93, n, p, 1.0);
        double lambda = 1e-3;
        LogisticRegression.Model model = new LogisticRegression(lambda, 1e-10, 1000).fit(d[0], d[1], n, p);
        assertTrue(model.converged(), "converged");
        double[] theta = java.util.Arrays.copyOf(model.weights(), p + 1);
        theta[p] = model.intercept();
        double[] newton = newton(d[0], d[1], n, p, lambda);
        for (int j = 0; j <= p; j++) assertEquals(newton[j], theta[j], 1e-7 * Math.max(1, Math.abs(newton[j])), "θ" + j);
        // Finite differences of the objective value (independent of the analytic gradient) vanish at the optimum.
        for (int j = 0; j <= p; j++) {
            double fd = centralDifference(d, n, p, lambda, theta, j, 1e-5);
            assertTrue(Math.abs(fd) < 1e-8, "∂F/∂θ" + j + " = " + fd);
        }
        assertEquals(LogisticRegression.objective(d[0], d[1], n, p, lambda, theta, new double[p + 1]), model.objective(), 1e-14);
    }

    @Test
    void separableDataGivesFiniteWeightsThatGrowAsLambdaShrinks() {
        int n = 50, p = 5;
        double[][] d = problem(94, n, p, 0.0);   // labels = sign(xᵀw* + 0.3): linearly separable
        double previous = 0;
        for (double lambda : new double[] {1e-2, 1e-4, 1e-6}) {
            LogisticRegression.Model m = new LogisticRegression(lambda, 1e-10, 5000).fit(d[0], d[1], n, p);
            double norm = m.weightNorm();
            System.out.printf("separable, λ=%.0e: ‖w‖ = %.2f, %d iterations, converged %s%n", lambda, norm, m.iterations(), m.converged());
            assertTrue(Double.isFinite(norm) && Double.isFinite(m.intercept()) && Double.isFinite(m.objective()), "finite");
            assertTrue(norm > previous * 1.2, "‖w‖ grows as λ shrinks: " + norm + " after " + previous);
            previous = norm;
            double[] margins = m.margins(d[0], n, p);
            for (int i = 0; i < n; i++) assertTrue(margins[i] * d[1][i] > 0, "training point " + i + " misclassified");
        }
    }

    @Test
    void lossFunctionsAreSafeForHugeMargins() {
        assertEquals(1000.0, LogisticRegression.softplus(1000), 0);
        assertEquals(Math.exp(-1000), LogisticRegression.softplus(-1000), 0);
        assertEquals(Math.log(2), LogisticRegression.softplus(0), 1e-16);
        assertEquals(Math.log1p(Math.exp(-30)), LogisticRegression.softplus(-30), 1e-30);
        assertEquals(1.0, LogisticRegression.sigmoid(1000), 0);
        assertEquals(0.0, LogisticRegression.sigmoid(-1000), 0);
        assertEquals(0.5, LogisticRegression.sigmoid(0), 0);
        double[] g = new double[3];
        double v = LogisticRegression.objective(new double[] {1e3, -1e3}, new double[] {-1}, 1, 2, 0, new double[] {1e3, -1e3, 0}, g);
        assertEquals(2e6, v, 0);
        assertTrue(Double.isFinite(v) && Double.isFinite(g[0]) && Double.isFinite(g[1]) && Double.isFinite(g[2]));
    }

    @Test
    void rejectsLabelsOtherThanPlusMinusOne() {
        assertThrows(IllegalArgumentException.class,
                () -> new LogisticRegression().fit(new double[] {1, 2}, new double[] {0, 1}, 2, 1));
    }

    /** Damped Newton on F(w, b) = (1/n)Σ log(1 + e^{−y(xᵀw+b)}) + λ/(2n)‖w‖², written independently. */
    static double[] newton(double[] x, double[] y, int n, int p, double lambda) {
        int q = p + 1;
        double[] th = new double[q];
        for (int it = 0; it < 100; it++) {
            double[] g = new double[q], h = new double[q * q];
            for (int i = 0; i < n; i++) {
                double[] a = new double[q];
                System.arraycopy(x, i * p, a, 0, p);
                a[p] = 1;
                double m = 0;
                for (int j = 0; j < q; j++) m += a[j] * th[j];
                double s = 1 / (1 + Math.exp(y[i] * m));          // σ(−ym)
                double wgt = s * (1 - s);
                for (int j = 0; j < q; j++) {
                    g[j] += -y[i] * s * a[j] / n;
                    for (int k = 0; k < q; k++) h[j * q + k] += wgt * a[j] * a[k] / n;
                }
            }
            for (int j = 0; j < p; j++) { g[j] += lambda / n * th[j]; h[j * q + j] += lambda / n; }
            double[] step = Dense.solve(h, g, q);
            for (int j = 0; j < q; j++) th[j] -= step[j];
            if (Dense.norm(step) < 1e-14 * (1 + Dense.norm(th))) break;
        }
        return th;
    }
}
