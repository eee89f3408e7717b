package cheaplab.lab.ridge;

import java.util.function.DoubleUnaryOperator;

/**
 * Golden-section search for a minimum of a function of one variable on [a, b]: the bracket shrinks by
 * 0.618 per evaluation, so 60 evaluations reach double precision on any bracket. Used to refine a grid
 * optimum between its two neighbours (the function is assumed unimodal there; the result is never worse than
 * the bracket's best end point the caller already has, because the caller compares).
 */
final class GoldenSection {
    private static final double INV_PHI = (Math.sqrt(5) - 1) / 2;

    private GoldenSection() {}

    /** Argument of the smallest value found in [a, b]. NaN values count as +∞. */
    static double minimise(DoubleUnaryOperator f, double a, double b, int evaluations) {
        double c = b - INV_PHI * (b - a), d = a + INV_PHI * (b - a);
        double fc = value(f, c), fd = value(f, d);
        for (int i = 2; i < evaluations && Math.abs(b - a) > 1e-12 * (Math.abs(a) + Math.abs(b) + 1e-300); i++) {
            if (fc <= fd) {
                b = d; d = c; fd = fc;
                c = b - INV_PHI * (b - a); fc = value(f, c);
            } else {
                a = c; c = d; fc = fd;
                d = a + INV_PHI * (b - a); fd = value(f, d);
            }
        }
        return fc <= fd ? c : d;
    }

    private static double value(DoubleUnaryOperator f, double x) {
        double v = f.applyAsDouble(x);
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    /**
     * Grid optimum refined between its neighbours, in log λ. Returns the λ with the smallest value of
     * {@code f}: the golden-section point when it beats the grid point, otherwise the grid point. Returns NaN
     * when every grid value is NaN or +∞.
     */
    static double refineOnLogGrid(DoubleUnaryOperator f, double[] grid, double[] values) {
        int best = -1;
        for (int i = 0; i < grid.length; i++) {
            double v = values[i];
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) continue;
            if (best < 0 || v < values[best]) best = i;
        }
        if (best < 0) return Double.NaN;
        if (best == 0 || best == grid.length - 1) return grid[best];
        DoubleUnaryOperator g = t -> f.applyAsDouble(Math.exp(t));
        double t = minimise(g, Math.log(grid[best - 1]), Math.log(grid[best + 1]), 60);
        double lambda = Math.exp(t);
        double v = f.applyAsDouble(lambda);
        return !Double.isNaN(v) && v < values[best] ? lambda : grid[best];
    }
}
