package cheaplab.lab.ridge;

import java.util.ArrayList;
import java.util.List;

/** The asymptotic curves of the {@code theory} series and the per-point {@code theoryRisk}. */
final class TheoryCurves {
    /** Points per dense curve. */
    static final int POINTS = 241;

    private TheoryCurves() {}

    /**
     * Isotropic data: one curve per configured λ and the optimally tuned curve, over γ from p/max(N) to
     * p/min(N), log-spaced. With {@code sum} scaling the curve of λ uses λ/n = λγ/p at each γ.
     */
    static List<TheoryPoint> isotropic(RidgeConfig c) {
        List<TheoryPoint> out = new ArrayList<>();
        int p = c.features();
        int nMin = c.instances().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int nMax = c.instances().stream().mapToInt(Integer::intValue).max().orElseThrow();
        double lo = Math.log((double) p / nMax), hi = Math.log((double) p / nMin);
        int count = nMin == nMax ? 1 : POINTS;
        double[] gammas = new double[count];
        for (int i = 0; i < count; i++) gammas[i] = Math.exp(count == 1 ? lo : lo + (hi - lo) * i / (count - 1));
        for (double lambda : c.lambdas()) {
            String name = "λ=" + label(lambda);
            for (double g : gammas) {
                double meanLambda = c.lambdaScaling().equals("mean") ? lambda : lambda * g / p;
                out.add(new TheoryPoint(name, lambda, g, finite(HastieRidgeRisk.ridge(g, meanLambda, c.signal(), c.noise()))));
            }
        }
        for (double g : gammas)
            out.add(new TheoryPoint("optimal", null, g, finite(HastieRidgeRisk.optimal(g, c.signal(), c.noise()))));
        return out;
    }

    /** theoryRisk of a sweep point: closed form (isotropic, correlated), deterministic equivalent (spectrum), none (mnist). */
    static Double pointRisk(RidgeConfig c, double[] covariance, int n, double lambda) {
        double meanLambda = c.meanLambda(lambda, n);
        return switch (c.dataset()) {
            case "isotropic", "correlated" -> HastieRidgeRisk.ridge((double) c.features() / n, meanLambda, c.signal(), c.noise());
            case "spectrum" -> HastieRidgeRisk.deterministicEquivalent(covariance, n, meanLambda, c.signal(), c.noise());
            default -> null;
        };
    }

    /** A short label: 1e-6, 0.001, 1, 10. */
    static String label(double lambda) {
        return Double.toString(lambda).replace("E", "e").replaceAll("\\.0(?=e|$)", "");
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
