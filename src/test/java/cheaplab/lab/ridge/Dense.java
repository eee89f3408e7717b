package cheaplab.lab.ridge;

import java.util.SplittableRandom;

/** Small dense helpers for brute-force reference computations in the tests (independent of the SVD code). */
final class Dense {
    private Dense() {}

    static double[] gaussian(SplittableRandom rng, int n, int p) {
        double[] x = new double[n * p];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        return x;
    }

    /** Stationary AR(1) series of unit variance: e₀ ~ N(0,1), eᵢ = ρeᵢ₋₁ + √(1−ρ²) zᵢ. */
    static double[] ar1(SplittableRandom rng, int n, double rho) {
        double[] e = new double[n];
        double c = Math.sqrt(1 - rho * rho);
        for (int i = 0; i < n; i++) e[i] = i == 0 ? rng.nextGaussian() : rho * e[i - 1] + c * rng.nextGaussian();
        return e;
    }

    /** A (m × k) times B (k × n), row-major. */
    static double[] times(double[] a, int m, int k, double[] b, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int l = 0; l < k; l++) {
                double v = a[i * k + l];
                for (int j = 0; j < n; j++) c[i * n + j] += v * b[l * n + j];
            }
        return c;
    }

    static double[] transpose(double[] a, int m, int n) {
        double[] t = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }

    static double[] timesVector(double[] a, int m, int n, double[] v) {
        double[] out = new double[m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) out[i] += a[i * n + j] * v[j];
        return out;
    }

    /** Solves A x = b (A n × n, not modified) by Gaussian elimination with partial pivoting. */
    static double[] solve(double[] a, double[] b, int n) {
        double[] m = a.clone(), x = b.clone();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[piv * n + c])) piv = r;
            if (piv != c) {
                for (int j = 0; j < n; j++) { double t = m[c * n + j]; m[c * n + j] = m[piv * n + j]; m[piv * n + j] = t; }
                double t = x[c]; x[c] = x[piv]; x[piv] = t;
            }
            for (int r = c + 1; r < n; r++) {
                double f = m[r * n + c] / m[c * n + c];
                if (f == 0) continue;
                for (int j = c; j < n; j++) m[r * n + j] -= f * m[c * n + j];
                x[r] -= f * x[c];
            }
        }
        for (int c = n - 1; c >= 0; c--) {
            double acc = x[c];
            for (int j = c + 1; j < n; j++) acc -= m[c * n + j] * x[j];
            x[c] = acc / m[c * n + c];
        }
        return x;
    }

    /** Ridge by the normal equations: (XᵀX + λ'I) w = Xᵀy. */
    static double[] ridge(double[] x, double[] y, int n, int p, double lambdaEffective) {
        double[] xt = transpose(x, n, p);
        double[] g = times(xt, p, n, x, p);
        for (int j = 0; j < p; j++) g[j * p + j] += lambdaEffective;
        return solve(g, timesVector(xt, p, n, y), p);
    }

    /**
     * Ridge by the normal equations solved with LAPACK's Cholesky ({@code dposv}): (XᵀX + λ'I) w = Xᵀy. For the
     * larger references (hundreds of pixels), where {@link #ridge} in plain Java would be slow.
     */
    static double[] ridgeCholesky(double[] x, double[] y, int n, int p, double lambdaEffective) {
        double[] g = cheaplab.linalg.Lapack.gram(n, p, x);
        for (int j = 0; j < p; j++) g[j * p + j] += lambdaEffective;
        double[] xty = new double[p];
        cheaplab.linalg.Lapack.gemm(true, false, p, 1, n, 1.0, x, y, 0.0, xty);
        return cheaplab.linalg.Lapack.solveSpd(p, g, 1, xty);
    }

    static double norm(double[] v) {
        double acc = 0;
        for (double d : v) acc += d * d;
        return Math.sqrt(acc);
    }

    static double[] minus(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) c[i] = a[i] - b[i];
        return c;
    }

    /**
     * Hansen's {@code gravity} test problem (Regularization Tools): a discretised first-kind Fredholm equation
     * K(s, t) = d (d² + (s − t)²)^{−3/2} on [0, 1]², midpoint rule with n sample points (instances) and p unknowns
     * (features), and the smooth exact solution f(t) = sin(πt) + ½ sin(2πt). A severely ill-posed problem whose
     * exact data satisfy the discrete Picard condition.
     */
    static double[] gravity(int n, int p, double d) {
        double[] k = new double[n * p];
        for (int i = 0; i < n; i++) {
            double s = (i + 0.5) / n;
            for (int j = 0; j < p; j++) {
                double t = (j + 0.5) / p, r = d * d + (s - t) * (s - t);
                k[i * p + j] = d / (p * r * Math.sqrt(r));
            }
        }
        return k;
    }

    static double[] gravitySolution(int p) {
        double[] w = new double[p];
        for (int j = 0; j < p; j++) {
            double t = (j + 0.5) / p;
            w[j] = Math.sin(Math.PI * t) + 0.5 * Math.sin(2 * Math.PI * t);
        }
        return w;
    }
}
