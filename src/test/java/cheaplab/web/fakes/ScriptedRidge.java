package cheaplab.web.fakes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plausible ridge-lab series for the front end (RIDGE-CONTRACT.md field names), without the engine: risks
 * from the Hastie–Montanari–Rosset–Tibshirani closed form plus seeded noise, singular values at
 * Marchenko–Pastur quantiles, and L-curve, GCV, Picard and truncated-SVD numbers computed exactly from those
 * singular values and random coefficients. Enough to see every chart fill in; not a substitute for the engine.
 */
public final class ScriptedRidge {
    /** One point of a series, emitted after {@code delayMs}; a null series is a progress step. */
    public record Item(long delayMs, String series, Map<String, Object> values, double fraction, String message) {
        static Item point(long delay, String series, Map<String, Object> values) {
            return new Item(delay, series, values, Double.NaN, null);
        }

        static Item progress(long delay, double fraction, String message) {
            return new Item(delay, null, null, fraction, message);
        }
    }

    private ScriptedRidge() {}

    public static List<Item> script(FakeRidgeConfig c, long stepMs) {
        SplittableRandom rng = new SplittableRandom(c.seed());
        List<Item> out = new ArrayList<>();
        int p = c.features();
        double s2 = c.noise() * c.noise();
        double r = c.signal();
        boolean iso = c.dataset().equals("isotropic");
        List<Integer> ns = c.instances();
        double gMin = ns.stream().mapToDouble(n -> (double) p / n).min().orElse(0.1);
        double gMax = ns.stream().mapToDouble(n -> (double) p / n).max().orElse(10);

        if (iso) {
            for (double lambda : c.lambdas()) {
                for (double g : logGrid(gMin * 0.9, gMax * 1.1, 120)) {
                    double risk = riskOf(lambda, g, r, s2)[0];
                    if (lambda == 0 && Math.abs(g - 1) < 0.03) continue;
                    out.add(Item.point(0, "theory", map("curve", "λ=" + lambda, "lambda", lambda, "ratio", g, "risk", risk)));
                }
            }
            for (double g : logGrid(gMin * 0.9, gMax * 1.1, 120)) {
                double lambdaStar = s2 * g / (r * r);
                out.add(Item.point(0, "theory", map("curve", "optimal", "lambda", null, "ratio", g,
                        "risk", riskOf(lambdaStar, g, r, s2)[0])));
            }
        }

        for (int k = 0; k < ns.size(); k++) {
            int n = ns.get(k);
            double g = (double) p / n;
            for (int j = 0; j < c.lambdas().size(); j++) {
                double lambda = c.lambdas().get(j);
                double[] bv = riskOf(lambda, g, r, s2);
                if (!Double.isFinite(bv[0])) bv = riskOf(lambda, g * 1.02, r, s2);
                double spread = 0.12 * (1 + 3 * Math.exp(-Math.pow(Math.log(g) / 0.15, 2)) / (1 + 1e3 * lambda));
                double sem = bv[0] * spread / Math.sqrt(c.repeats());
                double risk = Math.max(bv[0] * 0.05, bv[0] + sem * gauss(rng));
                double norm = Math.sqrt(r * r / Math.pow(1 + kappa(lambda, g), 2) + bv[2]);
                out.add(Item.point(j == 0 ? stepMs : 0, "risk", map(
                        "features", p, "instances", n, "ratio", g, "lambda", lambda,
                        "testRisk", risk, "testRiskSem", sem, "bias2", bv[1], "variance", bv[2],
                        "solutionNorm", norm, "solutionNormSem", norm * 0.04 / Math.sqrt(c.repeats()),
                        "residualNorm", Math.sqrt(n) * c.noise() * Math.sqrt(Math.max(0.02, 1 - g)),
                        "gcv", bv[0] + s2, "theoryRisk", iso ? bv[0] : null, "rank", Math.min(n, p))));
            }
            if (c.classify()) {
                double dip = Math.exp(-Math.pow(Math.log(g) / 0.25, 2));
                out.add(Item.point(0, "classify", map("instances", n, "ratio", g,
                        "ridgeAccuracy", clamp(0.9 - 0.06 * Math.log(g) - 0.3 * dip + 0.01 * gauss(rng)),
                        "logisticAccuracy", clamp(0.9 - 0.05 * Math.log(g) - 0.04 * dip + 0.01 * gauss(rng)),
                        "ridgeTestMse", 0.4 + dip, "logisticLogLoss", 0.3 + 0.1 * dip)));
            }
            out.add(Item.progress(0, 0.8 * (k + 1) / ns.size(), "N_i = " + n + " done (" + (k + 1) + " of " + ns.size() + ")"));
        }

        diagnostics(c, rng, out, stepMs, iso);
        out.add(Item.progress(0, 1.0, "done"));
        return out;
    }

    private static void diagnostics(FakeRidgeConfig c, SplittableRandom rng, List<Item> out, long stepMs, boolean iso) {
        int p = c.features();
        int n = focus(c);
        int m = Math.min(n, p);
        int big = Math.max(n, p);
        double gamma = (double) m / big;
        double lo = Math.pow(1 - Math.sqrt(gamma), 2);
        double hi = Math.pow(1 + Math.sqrt(gamma), 2);
        // Marchenko–Pastur quantiles of the eigenvalues of X^T X / max(n, p), largest first.
        int grid = 4000;
        double[] xs = new double[grid];
        double[] cdf = new double[grid];
        double acc = 0;
        for (int i = 0; i < grid; i++) {
            xs[i] = lo + (hi - lo) * (i + 0.5) / grid;
            acc += mp(xs[i], gamma, lo, hi) * (hi - lo) / grid;
            cdf[i] = acc;
        }
        double[] s = new double[m];
        for (int i = 0; i < m; i++) {
            double q = acc * (m - i - 0.5) / m;
            int at = Arrays.binarySearch(cdf, q);
            at = at < 0 ? Math.min(grid - 1, -at - 1) : at;
            double x = xs[at];
            if (c.dataset().equals("spectrum")) x *= Math.pow(i + 1, -c.decay()) * 4;
            s[i] = Math.sqrt(big * x);
        }
        Arrays.sort(s);
        reverse(s);
        for (int i = 0; i < m; i++) out.add(Item.point(i == 0 ? stepMs : 0, "spectrum", map("index", i + 1, "sigma", s[i])));
        if (iso) {
            for (int i = 1; i < 150; i++) {
                double sigma = Math.sqrt(big * lo) + (Math.sqrt(big * hi) - Math.sqrt(big * lo)) * i / 150;
                double x = sigma * sigma / big;
                out.add(Item.point(0, "spectrum", map("x", sigma, "density", mp(x, gamma, lo, hi) * 2 * sigma / big)));
            }
        }
        // Coefficients in the SVD basis: c_i = s_i a_i + e_i with a ~ N(0, r²/p), e ~ N(0, σ²).
        double[] a = new double[m];
        double[] coef = new double[m];
        for (int i = 0; i < m; i++) {
            a[i] = c.signal() / Math.sqrt(p) * gauss(rng);
            coef[i] = s[i] * a[i] + c.noise() * gauss(rng);
        }
        double outside = c.noise() * c.noise() * Math.max(0, n - m);
        double[] lambdas = logGrid(1e-6, 1e3, 60);
        double[][] lc = new double[lambdas.length][];
        for (int t = 0; t < lambdas.length; t++) {
            double l = n * lambdas[t];
            double res = outside;
            double sol = 0;
            double trace = 0;
            for (int i = 0; i < m; i++) {
                double d = s[i] * s[i] + l;
                res += Math.pow(l / d * coef[i], 2);
                sol += Math.pow(s[i] * coef[i] / d, 2);
                trace += s[i] * s[i] / d;
            }
            double gcv = res / n / Math.pow(1 - trace / n, 2);
            lc[t] = new double[]{lambdas[t], Math.sqrt(res), Math.sqrt(sol), gcv, gcv * (1 + 0.05 * gauss(rng))};
            out.add(Item.point(t == 0 ? stepMs : 0, "lcurve", map("lambda", lambdas[t], "residualNorm", lc[t][1],
                    "solutionNorm", lc[t][2], "gcv", lc[t][3], "cvError", lc[t][4])));
        }
        int corner = 1;
        double best = -1;
        for (int t = 1; t < lc.length - 1; t++) {
            double x0 = Math.log(lc[t - 1][1]), x1 = Math.log(lc[t][1]), x2 = Math.log(lc[t + 1][1]);
            double y0 = Math.log(lc[t - 1][2]), y1 = Math.log(lc[t][2]), y2 = Math.log(lc[t + 1][2]);
            double dx = (x2 - x0) / 2, dy = (y2 - y0) / 2, ddx = x2 - 2 * x1 + x0, ddy = y2 - 2 * y1 + y0;
            double curv = (dx * ddy - dy * ddx) / Math.pow(dx * dx + dy * dy + 1e-300, 1.5);
            if (curv > best) { best = curv; corner = t; }
        }
        int gcvAt = argmin(lc, 3);
        int cvAt = argmin(lc, 4);
        for (Object[] mark : new Object[][]{{"corner", corner}, {"gcv", gcvAt}, {"cv", cvAt}}) {
            double[] row = lc[(int) mark[1]];
            out.add(Item.point(0, "lcurveMark", map("kind", mark[0], "lambda", row[0], "residualNorm", row[1], "solutionNorm", row[2])));
        }
        for (int i = 0; i < m; i++)
            out.add(Item.point(i == 0 ? stepMs : 0, "picard", map("index", i + 1, "sigma", s[i], "coefficient", Math.abs(coef[i]),
                    "ratio", Math.abs(coef[i]) / s[i])));
        double nullRisk = c.signal() * c.signal() * Math.max(0, p - m) / p;
        int step = Math.max(1, m / 80);
        for (int k = 1; k <= m; k += step) {
            double risk = nullRisk;
            double sol = 0;
            double res = outside;
            for (int i = 0; i < m; i++) {
                if (i < k) {
                    risk += Math.pow(coef[i] / s[i] - a[i], 2);
                    sol += Math.pow(coef[i] / s[i], 2);
                } else {
                    risk += a[i] * a[i];
                    res += coef[i] * coef[i];
                }
            }
            out.add(Item.point(k == 1 ? stepMs : 0, "tsvd", map("k", k, "testRisk", risk, "solutionNorm", Math.sqrt(sol),
                    "residualNorm", Math.sqrt(res))));
        }
    }

    /** Focus N_i: focusInstances, or the sweep value with N_f/N_i closest to 1. */
    static int focus(FakeRidgeConfig c) {
        if (c.focusInstances() > 0) return c.focusInstances();
        int best = c.instances().get(0);
        for (int n : c.instances())
            if (Math.abs((double) c.features() / n - 1) < Math.abs((double) c.features() / best - 1)) best = n;
        return best;
    }

    static double kappa(double lambda, double g) {
        double b = lambda + g - 1;
        return (b + Math.sqrt(b * b + 4 * lambda)) / 2;
    }

    /** {risk, bias², variance} of ridge at (λ, γ) in the isotropic model (HMRT), λ mean-scaled. */
    static double[] riskOf(double lambda, double g, double r, double s2) {
        double k = kappa(lambda, g);
        double den = (1 + k) * (1 + k) - g;
        double bias = k * k * r * r / den;
        double var = s2 * g / den;
        return new double[]{bias + var, bias, var};
    }

    private static double mp(double x, double gamma, double lo, double hi) {
        if (x <= lo || x >= hi) return 0;
        return Math.sqrt((hi - x) * (x - lo)) / (2 * Math.PI * gamma * x);
    }

    private static int argmin(double[][] rows, int col) {
        int best = 0;
        for (int i = 1; i < rows.length; i++) if (rows[i][col] < rows[best][col]) best = i;
        return best;
    }

    static double[] logGrid(double from, double to, int count) {
        double[] g = new double[count];
        for (int i = 0; i < count; i++) g[i] = from * Math.pow(to / from, i / (count - 1.0));
        return g;
    }

    private static double gauss(SplittableRandom rng) {
        double u = rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static double clamp(double v) {
        return Math.max(0.3, Math.min(1, v));
    }

    private static void reverse(double[] s) {
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double t = s[i]; s[i] = s[j]; s[j] = t;
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
