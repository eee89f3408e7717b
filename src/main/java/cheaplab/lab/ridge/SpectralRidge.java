package cheaplab.lab.ridge;

import cheaplab.linalg.ThinSvd;

/**
 * Ridge regression for every λ from ONE decomposition of a training design A (n × p; A = X, or the centred
 * X when an intercept is fitted): A = U diag(s) Vᵀ with k singular values, and the projections z = Uᵀy of the
 * targets (t columns, centred with the intercept). With λ' the penalty of ‖y − Aw‖² + λ'‖w‖²
 * ({@link RidgeConfig#sumLambda}):
 * <ul>
 * <li>filter factors f_i = s_i²/(s_i² + λ'), and f_i = 0 for singular values at or below the pseudo-inverse
 * tolerance s_max · max(n, p) · ε ({@link ThinSvd#rank()}), so λ = 0 is the minimum-norm solution;</li>
 * <li>ŵ = V c with c_i = f_i z_i / s_i, ‖ŵ‖ = ‖c‖;</li>
 * <li>‖y − Aŵ‖² = ‖y⊥‖² + Σ_i (1 − f_i)² z_i², y⊥ the part of y outside the span of U;</li>
 * <li>GCV = (‖y − Aŵ‖²/n) / (1 − df/n)², df = Σ f_i (+1 for a fitted intercept).</li>
 * </ul>
 * Immutable; every method costs O(k) or O(kp), not a new factorisation.
 */
public final class SpectralRidge {
    /** Tolerance rule, as reported in results. */
    public static final String TOLERANCE = "singular values s_i <= s_max * max(n, p) * eps (eps = 2^-52 = 2.22e-16; "
            + "numpy's pinv / matrix_rank default) are treated as zero: their filter factor is 0 for every lambda, "
            + "so lambda = 0 gives the minimum-norm (pseudo-inverse) solution";

    private final int n;
    private final int p;
    private final double[] s;
    private final double[] vt;
    private final int rank;
    private final int targets;
    private final double[] z;
    private final double[] outside2;
    private final boolean intercept;

    /**
     * @param n         training instances
     * @param p         columns of the decomposed design
     * @param s         k singular values, descending
     * @param vt        Vᵀ, row-major k × p
     * @param rank      number of singular values above the tolerance
     * @param targets   t, number of target columns
     * @param z         Uᵀy, row-major k × t
     * @param outside2  ‖y⊥‖² per target (the part of y orthogonal to U's columns)
     * @param intercept whether an intercept was fitted (A and y centred)
     */
    public SpectralRidge(int n, int p, double[] s, double[] vt, int rank, int targets, double[] z, double[] outside2,
                         boolean intercept) {
        int k = s.length;
        if (vt.length != k * p) throw new IllegalArgumentException("vt is not " + k + "×" + p);
        if (z.length != k * targets) throw new IllegalArgumentException("z is not " + k + "×" + targets);
        if (outside2.length != targets) throw new IllegalArgumentException("outside2 needs " + targets + " values");
        if (rank < 0 || rank > k) throw new IllegalArgumentException("rank " + rank + " outside [0, " + k + "]");
        this.n = n;
        this.p = p;
        this.s = s;
        this.vt = vt;
        this.rank = rank;
        this.targets = targets;
        this.z = z;
        this.outside2 = outside2;
        this.intercept = intercept;
    }

    /** From a thin SVD of the design and the target column(s) y (row-major n × t). */
    public static SpectralRidge of(ThinSvd svd, int targets, double[] y, boolean intercept) {
        return of(svd, targets, y, intercept, svd.n());
    }

    /**
     * As {@link #of(ThinSvd, int, double[], boolean)} for a design whose exactly-zero columns were dropped
     * before the SVD: {@code designColumns} is the column count of the full design, used by the rank tolerance.
     */
    public static SpectralRidge of(ThinSvd svd, int targets, double[] y, boolean intercept, int designColumns) {
        int n = svd.m(), k = svd.k();
        double[] z = new double[k * targets];
        double[] outside2 = new double[targets];
        double[] u = svd.u();
        double[] total = new double[targets];
        for (int i = 0; i < n; i++) { // row by row: U is row-major, so this streams through it once
            int ou = i * k;
            for (int t = 0; t < targets; t++) {
                double yi = y[i * targets + t];
                total[t] += yi * yi;
                if (yi == 0) continue;
                for (int j = 0; j < k; j++) z[j * targets + t] += u[ou + j] * yi;
            }
        }
        for (int t = 0; t < targets; t++) {
            double inside = 0;
            for (int j = 0; j < k; j++) inside += z[j * targets + t] * z[j * targets + t];
            outside2[t] = Math.max(0, total[t] - inside);
        }
        return new SpectralRidge(n, svd.n(), svd.s(), svd.vt(), rank(svd.s(), n, designColumns), targets, z, outside2, intercept);
    }

    /**
     * Numerical rank for an n × p design: the number of singular values above s_max · max(n, p) · ε. Pass the
     * dimensions of the design itself (e.g. 784 pixels even when constant columns were dropped before the SVD).
     */
    public static int rank(double[] s, int n, int p) {
        if (s.length == 0) return 0;
        double tol = s[0] * Math.max(n, p) * Math.ulp(1.0);
        int r = 0;
        while (r < s.length && s[r] > tol) r++;
        return r;
    }

    public int n() {
        return n;
    }

    public int p() {
        return p;
    }

    public int k() {
        return s.length;
    }

    public int rank() {
        return rank;
    }

    public int targets() {
        return targets;
    }

    public double s(int i) {
        return s[i];
    }

    /** Vᵀ[i][j]. */
    public double vt(int i, int j) {
        return vt[i * p + j];
    }

    /** (Uᵀy)_i of target t. */
    public double z(int i, int t) {
        return z[i * targets + t];
    }

    public double outside2(int t) {
        return outside2[t];
    }

    public boolean intercept() {
        return intercept;
    }

    /** Filter factors f_i for penalty λ' ≥ 0 on ‖y − Aw‖² + λ'‖w‖² (0 beyond the rank). */
    public double[] filter(double sumLambda) {
        double[] f = new double[s.length];
        for (int i = 0; i < rank; i++) {
            double s2 = s[i] * s[i];
            f[i] = sumLambda == 0 ? 1.0 : s2 / (s2 + sumLambda);
        }
        return f;
    }

    /** Coefficients c = Vᵀŵ of target t: c_i = f_i z_i / s_i. */
    public double[] coefficients(double[] f, int t) {
        double[] c = new double[s.length];
        for (int i = 0; i < rank; i++) c[i] = f[i] * z(i, t) / s[i];
        return c;
    }

    /** ŵ = V c, length p. */
    public double[] weights(double[] c) {
        double[] w = new double[p];
        for (int i = 0; i < rank; i++) {
            double ci = c[i];
            if (ci == 0) continue;
            int o = i * p;
            for (int j = 0; j < p; j++) w[j] += ci * vt[o + j];
        }
        return w;
    }

    /** ‖y − Aŵ‖² of target t for filter f. */
    public double residual2(double[] f, int t) {
        double r = outside2[t];
        for (int i = 0; i < s.length; i++) {
            double e = (1 - f[i]) * z(i, t);
            r += e * e;
        }
        return r;
    }

    /** Effective degrees of freedom Σ f_i, plus 1 for a fitted intercept. */
    public double degreesOfFreedom(double[] f) {
        double df = intercept ? 1 : 0;
        for (double v : f) df += v;
        return df;
    }

    /**
     * Generalised cross-validation (Golub, Heath &amp; Wahba 1979): (‖y − ŷ‖²/n) / (1 − df/n)². NaN when
     * df ≥ n(1 − 1e-9), i.e. when the fit interpolates and the score is 0/0.
     */
    public double gcv(double[] f, int t) {
        double df = degreesOfFreedom(f);
        double slack = 1 - df / n;
        if (slack <= 1e-9) return Double.NaN;
        return residual2(f, t) / n / (slack * slack);
    }
}
