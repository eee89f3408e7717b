package cheaplab.lab.ising;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * T_c from the crossing of Binder cumulants: U₄(L, T) is scale-invariant at T_c, so the curves of two sizes cross
 * there (up to corrections that fall fast with L). For each pair of neighbouring sizes the crossing is where
 * U(L₂) − U(L₁) changes sign from + (ordered side) to − along the sorted temperatures (if noise gives several —
 * both curves are ≈ 2/3 deep in the ordered phase and ≈ 0 in the disordered one — the one whose drop is largest
 * in units of its jackknife error), located by polynomial interpolation; the estimate is the mean over the pairs. Its error is the
 * replica jackknife: the whole estimate is recomputed without each replica in turn.
 */
public final class BinderCrossing {
    private BinderCrossing() {}

    /** One pair's crossing (null when the difference does not change sign). */
    public record Pair(int smaller, int larger, Double temperature, Double error) {}

    public record Outcome(Double temperature, Double error, List<Pair> pairs) {}

    /**
     * @param sizes        sorted ascending
     * @param temperatures sorted ascending
     * @param binder       binder[leaveOut + 1] gives U[size index][temperature index] with replica
     *                     {@code leaveOut} left out (−1: all replicas)
     */
    public static Outcome estimate(int[] sizes, double[] temperatures, IntFunction<double[][]> binder, int replicas) {
        List<Pair> pairs = new ArrayList<>();
        if (sizes.length < 2 || temperatures.length < 2) return new Outcome(null, null, pairs);
        double[][] all = binder.apply(-1);
        double[][][] leftOut = new double[replicas][][];
        for (int r = 0; r < replicas; r++) leftOut[r] = binder.apply(r);
        // Jackknife error of each difference U(L₂) − U(L₁): it tells a real crossing from noise where both are ≈ 0 or ≈ 2/3.
        double[][] sigma = new double[sizes.length - 1][temperatures.length];
        for (int p = 0; p < sizes.length - 1; p++)
            for (int i = 0; i < temperatures.length; i++) {
                double[] d = new double[replicas];
                for (int r = 0; r < replicas; r++) d[r] = leftOut[r][p + 1][i] - leftOut[r][p][i];
                sigma[p][i] = jackknife(d);
            }
        double[] full = crossings(sizes, temperatures, all, sigma);
        double[][] loo = new double[replicas][];
        for (int r = 0; r < replicas; r++) loo[r] = crossings(sizes, temperatures, leftOut[r], sigma);
        double meanAll = mean(full);
        double[] meanLoo = new double[replicas];
        for (int r = 0; r < replicas; r++) meanLoo[r] = mean(loo[r]);
        for (int p = 0; p < sizes.length - 1; p++) {
            double[] col = new double[replicas];
            for (int r = 0; r < replicas; r++) col[r] = loo[r][p];
            pairs.add(new Pair(sizes[p], sizes[p + 1], finite(full[p]), finite(jackknife(col))));
        }
        return new Outcome(finite(meanAll), finite(jackknife(meanLoo)), pairs);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static double jackknife(double[] loo) {
        int n = loo.length;
        double m = 0;
        for (double x : loo) m += x;
        m /= n;
        double v = 0;
        for (double x : loo) v += (x - m) * (x - m);
        return Math.sqrt(v * (n - 1) / n);
    }

    private static double mean(double[] xs) {
        double s = 0;
        int n = 0;
        for (double x : xs) {
            if (!Double.isFinite(x)) return Double.NaN;
            s += x;
            n++;
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * The crossing of each neighbouring pair of sizes (NaN where none): the root, inside the bracketing interval,
     * of the polynomial through the differences at up to four temperatures around it (the two ends and one more
     * on each side) — linear interpolation alone is biased by the curvature of the cumulants near T_c.
     */
    static double[] crossings(int[] sizes, double[] t, double[][] u) {
        return crossings(sizes, t, u, null);
    }

    /**
     * As {@link #crossings(int[], double[], double[][])}, choosing among several sign changes the most significant:
     * the largest drop d(Tᵢ) − d(Tᵢ₊₁) in units of the differences' errors {@code sigma} (null: the largest drop).
     */
    static double[] crossings(int[] sizes, double[] t, double[][] u, double[][] sigma) {
        double[] out = new double[sizes.length - 1];
        for (int p = 0; p < sizes.length - 1; p++) {
            double[] d = new double[t.length];
            for (int i = 0; i < t.length; i++) d[i] = u[p + 1][i] - u[p][i];
            int bracket = -1;
            double steepest = -1;
            for (int i = 0; i + 1 < t.length; i++)
                if (d[i] >= 0 && d[i + 1] < 0) {
                    double drop = d[i] - d[i + 1];
                    double scale = sigma == null ? 1 : sigma[p][i] + sigma[p][i + 1];
                    double score = scale > 0 ? drop / scale : drop * 1e300;
                    if (score > steepest) {
                        steepest = score;
                        bracket = i;
                    }
                }
            out[p] = bracket < 0 ? Double.NaN : root(t, d, bracket);
        }
        return out;
    }

    /** Bisection on the interpolating polynomial through points bracket−1 … bracket+2 (those that exist). */
    static double root(double[] t, double[] d, int bracket) {
        int lo = Math.max(0, bracket - 1), hi = Math.min(t.length - 1, bracket + 2);
        double a = t[bracket], b = t[bracket + 1];
        double fa = d[bracket];
        for (int it = 0; it < 200 && b - a > 1e-13; it++) {
            double mid = 0.5 * (a + b), fm = lagrange(t, d, lo, hi, mid);
            if ((fm >= 0) == (fa >= 0)) {
                a = mid;
                fa = fm;
            } else b = mid;
        }
        return 0.5 * (a + b);
    }

    static double lagrange(double[] t, double[] d, int lo, int hi, double x) {
        double sum = 0;
        for (int i = lo; i <= hi; i++) {
            double w = d[i];
            for (int j = lo; j <= hi; j++) if (j != i) w *= (x - t[j]) / (t[i] - t[j]);
            sum += w;
        }
        return sum;
    }
}
