package cheaplab.lab.ridge;

import java.util.ArrayList;
import java.util.List;

/** Turns the per-repeat outcomes of one N_i into one {@link RidgePoint} per λ (means in repeat order: deterministic). */
final class RepeatAggregate {
    private RepeatAggregate() {}

    /**
     * @param bias2    per-λ squared bias to report instead of the repeat mean of {@link RepeatOutcome#bias2()}
     *                 (mnist: computed across repeats), or null
     * @param variance likewise for the variance, or null
     * @param theory   per-λ theory risk (entries may be null), or null for none
     */
    static List<RidgePoint> points(int p, int n, List<Double> lambdas, List<RepeatOutcome> outcomes,
                                   double[] bias2, double[] variance, Double[] theory) {
        int reps = outcomes.size();
        double rank = 0;
        for (RepeatOutcome o : outcomes) rank += o.rank();
        rank /= reps;
        List<RidgePoint> out = new ArrayList<>(lambdas.size());
        for (int l = 0; l < lambdas.size(); l++) {
            double[] risk = column(outcomes, l, 0), norm = column(outcomes, l, 3);
            out.add(new RidgePoint(p, n, (double) p / n, lambdas.get(l),
                    mean(risk), sem(risk),
                    bias2 != null ? bias2[l] : mean(column(outcomes, l, 1)),
                    variance != null ? variance[l] : mean(column(outcomes, l, 2)),
                    mean(norm), sem(norm),
                    mean(column(outcomes, l, 4)), mean(column(outcomes, l, 5)),
                    theory == null ? null : theory[l], rank));
        }
        return out;
    }

    private static double[] column(List<RepeatOutcome> outcomes, int l, int field) {
        double[] v = new double[outcomes.size()];
        for (int r = 0; r < v.length; r++) {
            RepeatOutcome o = outcomes.get(r);
            v[r] = switch (field) {
                case 0 -> o.testRisk()[l];
                case 1 -> o.bias2()[l];
                case 2 -> o.variance()[l];
                case 3 -> o.solutionNorm()[l];
                case 4 -> o.residualNorm()[l];
                default -> o.gcv()[l];
            };
        }
        return v;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Standard error of the mean, sample standard deviation / √R; NaN for R = 1 (no estimate). */
    static double sem(double[] v) {
        if (v.length < 2) return Double.NaN;
        double m = mean(v), ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return Math.sqrt(ss / (v.length - 1) / v.length);
    }
}
