package cheaplab.lab.ising;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * T_c from the crossing of Binder cumulants: U₄(L, T) is scale-invariant at T_c, so the curves of two sizes cross
 * there (up to corrections that fall fast with L). For each pair of neighbouring sizes the crossing is where
 * U(L₂) − U(L₁) changes sign from + (ordered side) to − along the sorted temperatures, interpolated linearly
 * (the steepest such change if noise gives several); the estimate is the mean over the pairs. Its error is the
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
        double[] full = crossings(sizes, temperatures, all);
        double[][] loo = new double[replicas][];
        for (int r = 0; r < replicas; r++) loo[r] = crossings(sizes, temperatures, binder.apply(r));
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

    /** The crossing of each neighbouring pair of sizes (NaN where none). */
    static double[] crossings(int[] sizes, double[] t, double[][] u) {
        double[] out = new double[sizes.length - 1];
        for (int p = 0; p < sizes.length - 1; p++) {
            double best = Double.NaN, steepest = -1;
            for (int i = 0; i + 1 < t.length; i++) {
                double d0 = u[p + 1][i] - u[p][i], d1 = u[p + 1][i + 1] - u[p][i + 1];
                if (d0 >= 0 && d1 < 0 && d0 - d1 > steepest) {
                    steepest = d0 - d1;
                    best = t[i] + (t[i + 1] - t[i]) * d0 / (d0 - d1);
                }
            }
            out[p] = best;
        }
        return out;
    }
}
