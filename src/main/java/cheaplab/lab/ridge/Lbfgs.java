package cheaplab.lab.ridge;

import java.util.Arrays;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, Numerical Optimization, 2nd ed., Alg. 7.4/7.5) with a strong-Wolfe
 * line search (Alg. 3.5/3.6, safeguarded cubic interpolation; c₁ = 10⁻⁴, c₂ = 0.9), for smooth unconstrained
 * minimisation. Stops, as SciPy's L-BFGS-B does under scikit-learn, when the largest gradient component is at
 * most {@code gradientTolerance} or the relative decrease of f in one step is at most {@code relativeDecrease}
 * (both count as converged), or after {@code maxIterations} iterations (not converged). An instance is not
 * thread-safe; it is cheap, make one per fit.
 */
public final class Lbfgs {
    /** f(x), writing ∇f(x) into {@code gradient}. */
    @FunctionalInterface
    public interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    /** The final point, its value and gradient max-norm, and how the run ended. */
    public record Result(double[] x, double value, double gradientMaxNorm, int iterations, int evaluations, boolean converged) {}

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LINE_SEARCH = 40;

    private final int memory;
    private final double gradientTolerance;
    private final double relativeDecrease;
    private final int maxIterations;

    private int evaluations;

    public Lbfgs(int memory, double gradientTolerance, double relativeDecrease, int maxIterations) {
        if (memory < 1) throw new IllegalArgumentException("memory must be ≥ 1, was " + memory);
        if (!(gradientTolerance >= 0) || !(relativeDecrease >= 0)) throw new IllegalArgumentException("tolerances must be ≥ 0");
        if (maxIterations < 0) throw new IllegalArgumentException("maxIterations must be ≥ 0, was " + maxIterations);
        this.memory = memory;
        this.gradientTolerance = gradientTolerance;
        this.relativeDecrease = relativeDecrease;
        this.maxIterations = maxIterations;
    }

    public Result minimise(Objective f, double[] start) {
        evaluations = 0;
        int d = start.length;
        double[] x = start.clone(), g = new double[d];
        double fx = eval(f, x, g);
        if (!Double.isFinite(fx)) throw new IllegalArgumentException("objective is not finite at the start: " + fx);
        double[][] s = new double[memory][d], y = new double[memory][d];
        double[] rho = new double[memory], alpha = new double[memory];
        int stored = 0, newest = -1;
        double[] dir = new double[d], xt = new double[d], gt = new double[d];
        int iter = 0;
        boolean converged = maxNorm(g) <= gradientTolerance;
        while (!converged && iter < maxIterations) {
            // Two-loop recursion: dir = −H g.
            for (int i = 0; i < d; i++) dir[i] = -g[i];
            for (int j = 0; j < stored; j++) {
                int m = Math.floorMod(newest - j, memory);
                alpha[m] = rho[m] * dot(s[m], dir);
                axpy(-alpha[m], y[m], dir);
            }
            if (stored > 0) {
                double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
                for (int i = 0; i < d; i++) dir[i] *= gamma;
            }
            for (int j = stored - 1; j >= 0; j--) {
                int m = Math.floorMod(newest - j, memory);
                double beta = rho[m] * dot(y[m], dir);
                axpy(alpha[m] - beta, s[m], dir);
            }
            double slope = dot(g, dir);
            if (!(slope < 0)) { // not a descent direction (rounding): restart from steepest descent
                stored = 0;
                for (int i = 0; i < d; i++) dir[i] = -g[i];
                slope = dot(g, dir);
                if (!(slope < 0)) break;
            }
            double step0 = stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
            double step = lineSearch(f, x, fx, g, dir, slope, step0, xt, gt);
            if (!(step > 0)) {
                if (stored == 0) break;           // even steepest descent made no progress
                stored = 0;                       // drop the curvature pairs and retry as steepest descent
                continue;
            }
            iter++;
            double ft = lastValue;
            double sy = 0, yy = 0, ss = 0;
            for (int i = 0; i < d; i++) {
                double si = xt[i] - x[i], yi = gt[i] - g[i];
                sy += si * yi;
                yy += yi * yi;
                ss += si * si;
            }
            if (sy > 1e-12 * Math.sqrt(ss * yy)) { // else the pair would break positive definiteness: skip it
                newest = (newest + 1) % memory;
                for (int i = 0; i < d; i++) {
                    s[newest][i] = xt[i] - x[i];
                    y[newest][i] = gt[i] - g[i];
                }
                rho[newest] = 1.0 / sy;
                stored = Math.min(stored + 1, memory);
            }
            double decrease = fx - ft;
            System.arraycopy(xt, 0, x, 0, d);
            System.arraycopy(gt, 0, g, 0, d);
            fx = ft;
            if (maxNorm(g) <= gradientTolerance) converged = true;
            else if (decrease <= relativeDecrease * Math.max(Math.max(Math.abs(fx), Math.abs(fx + decrease)), 1.0)) converged = true;
        }
        return new Result(x, fx, maxNorm(g), iter, evaluations, converged);
    }

    private double lastValue;

    /**
     * Strong-Wolfe step along {@code dir} from x (value fx, slope φ'(0) &lt; 0); on success the accepted point and its
     * gradient are in xt, gt and its value in {@link #lastValue}. Returns 0 when no step decreased f.
     */
    private double lineSearch(Objective f, double[] x, double fx, double[] g, double[] dir, double slope, double step0,
                              double[] xt, double[] gt) {
        double aPrev = 0, fPrev = fx, dPrev = slope;
        double a = step0;
        for (int i = 0; i < MAX_LINE_SEARCH; i++) {
            double fa = trial(f, x, dir, a, xt, gt);
            double da = dot(gt, dir);
            if (!Double.isFinite(fa) || fa > fx + C1 * a * slope || (i > 0 && fa >= fPrev))
                return zoom(f, x, fx, dir, slope, aPrev, fPrev, dPrev, a, fa, da, xt, gt);
            if (Math.abs(da) <= -C2 * slope) { lastValue = fa; return a; }
            if (da >= 0) return zoom(f, x, fx, dir, slope, a, fa, da, aPrev, fPrev, dPrev, xt, gt);
            aPrev = a; fPrev = fa; dPrev = da;
            a *= 2;
        }
        // Still descending after doubling MAX_LINE_SEARCH times: take the last point (it satisfies Armijo).
        lastValue = trial(f, x, dir, aPrev, xt, gt);
        return aPrev;
    }

    private double zoom(Objective f, double[] x, double fx, double[] dir, double slope,
                        double lo, double fLo, double dLo, double hi, double fHi, double dHi, double[] xt, double[] gt) {
        for (int i = 0; i < MAX_LINE_SEARCH; i++) {
            double a = interpolate(lo, fLo, dLo, hi, fHi, dHi);
            double fa = trial(f, x, dir, a, xt, gt);
            double da = dot(gt, dir);
            if (!Double.isFinite(fa) || fa > fx + C1 * a * slope || fa >= fLo) {
                hi = a; fHi = fa; dHi = da;
            } else {
                if (Math.abs(da) <= -C2 * slope) { lastValue = fa; return a; }
                if (da * (hi - lo) >= 0) { hi = lo; fHi = fLo; dHi = dLo; }
                lo = a; fLo = fa; dLo = da;
            }
            if (Math.abs(hi - lo) <= 1e-16 * Math.max(Math.abs(lo), Math.abs(hi))) break;
        }
        if (lo > 0 && fLo < fx) { // best sufficient-decrease point found, without the curvature condition
            lastValue = trial(f, x, dir, lo, xt, gt);
            return lo;
        }
        return 0;
    }

    /** Minimiser of the cubic through (lo, fLo, dLo), (hi, fHi, dHi), kept in the middle 80% of the bracket. */
    private static double interpolate(double lo, double fLo, double dLo, double hi, double fHi, double dHi) {
        double left = Math.min(lo, hi), right = Math.max(lo, hi), width = right - left;
        double a = Double.NaN;
        if (Double.isFinite(fHi) && Double.isFinite(dHi)) {
            double d1 = dLo + dHi - 3 * (fLo - fHi) / (lo - hi);
            double disc = d1 * d1 - dLo * dHi;
            if (disc >= 0) {
                double d2 = Math.signum(hi - lo) * Math.sqrt(disc);
                a = hi - (hi - lo) * (dHi + d2 - d1) / (dHi - dLo + 2 * d2);
            }
        }
        if (!Double.isFinite(a) || a < left + 0.1 * width || a > right - 0.1 * width) a = left + 0.5 * width;
        return a;
    }

    private double trial(Objective f, double[] x, double[] dir, double a, double[] xt, double[] gt) {
        for (int i = 0; i < x.length; i++) xt[i] = x[i] + a * dir[i];
        return eval(f, xt, gt);
    }

    private double eval(Objective f, double[] x, double[] g) {
        evaluations++;
        Arrays.fill(g, 0.0);
        return f.valueAndGradient(x, g);
    }

    private static double dot(double[] a, double[] b) {
        double acc = 0;
        for (int i = 0; i < a.length; i++) acc += a[i] * b[i];
        return acc;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    private static double maxNorm(double[] g) {
        double m = 0;
        for (double v : g) m = Math.max(m, Math.abs(v));
        return m;
    }
}
