package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossValidationTest {

    @Test
    void foldsPartitionTheInstancesEvenlyAndDependOnlyOnTheSeed() {
        int n = 23, p = 3;
        double[] x = Dense.gaussian(new SplittableRandom(1), n, p), y = Dense.gaussian(new SplittableRandom(2), n, 1);
        CrossValidation a = new CrossValidation(x, y, n, p, false, "mean", 5, new SplittableRandom(7));
        CrossValidation b = new CrossValidation(x, y, n, p, false, "mean", 5, new SplittableRandom(7));
        CrossValidation c = new CrossValidation(x, y, n, p, false, "mean", 5, new SplittableRandom(8));
        assertArrayEquals(a.foldOf(), b.foldOf());
        assertFalse(Arrays.equals(a.foldOf(), c.foldOf()));
        int[] sizes = new int[5];
        for (int f : a.foldOf()) sizes[f]++;
        for (int s : sizes) assertTrue(s == 4 || s == 5, "fold sizes " + Arrays.toString(sizes));
        assertEquals(a.error(0.1), b.error(0.1), 0);
    }

    @Test
    void equalsExplicitRefitsOnEveryFold() {
        int n = 37, p = 9;
        SplittableRandom rng = new SplittableRandom(31);
        double[] x = Dense.gaussian(rng, n, p), w = Dense.gaussian(rng, p, 1), y = Dense.timesVector(x, n, p, w);
        for (int i = 0; i < n; i++) {
            y[i] += 1.5 + 0.5 * rng.nextGaussian();
            for (int j = 0; j < p; j++) x[i * p + j] += 0.3 * j;
        }
        for (boolean intercept : new boolean[] {false, true}) {
            for (String scaling : new String[] {"mean", "sum"}) {
                CrossValidation cv = new CrossValidation(x, y, n, p, intercept, scaling, 4, new SplittableRandom(5));
                for (double lambda : new double[] {0, 1e-3, 0.2, 10}) {
                    double expected = bruteForce(x, y, n, p, intercept, scaling, cv.foldOf(), 4, lambda);
                    assertEquals(expected, cv.error(lambda), 1e-9 * expected, "intercept=" + intercept + " " + scaling + " λ=" + lambda);
                }
            }
        }
    }

    @Test
    void feasibilityNeedsOneInstancePerFold() {
        assertTrue(CrossValidation.feasible(5, 5));
        assertFalse(CrossValidation.feasible(4, 5));
        assertFalse(CrossValidation.feasible(10, 1));
    }

    /**
     * "Cross-validation is fooled": on a discrete ill-posed problem (Hansen's gravity, 200 instances × 100
     * features, 1% noise), AR(1) noise with ρ = 0.9 along the instance index — the same innovations and marginal
     * variance as the white noise it is compared with — makes random-fold CV and GCV take the correlated, smooth
     * part of the noise for signal and choose a far smaller λ, while the L-curve corner, which looks at the size of
     * the solution rather than at prediction of neighbours, stays put.
     */
    @Test
    void correlatedNoiseFoolsCrossValidationAndGcvButNotTheLCurveCorner() {
        int n = 200, p = 100, seeds = 8;
        double[] x = Dense.gravity(n, p, 0.25), clean = Dense.timesVector(x, n, p, Dense.gravitySolution(p));
        double sigma = 0.01 * Dense.norm(clean) / Math.sqrt(n);
        ThinSvd svd = Lapack.thinSvd(n, p, x);
        double[] gcvShift = new double[seeds], cvShift = new double[seeds], cornerShift = new double[seeds];
        for (int seed = 0; seed < seeds; seed++) {
            double[][] chosen = new double[2][];
            for (int c = 0; c < 2; c++) {
                double rho = c == 0 ? 0.0 : 0.9;
                double[] e = Dense.ar1(new SplittableRandom(100 + seed), n, rho); // same innovations for both
                double[] y = clean.clone();
                for (int i = 0; i < n; i++) y[i] += sigma * e[i];
                SpectralRidge ridge = new SpectralRidge(svd, y, "sum");
                double[] grid = LCurve.grid(ridge, LCurve.DEFAULT_POINTS);
                double corner = new LCurve(ridge).corner(grid).orElseThrow(() -> new AssertionError("no corner"));
                double gcv = new GeneralizedCrossValidation(ridge).minimiser(grid);
                double cv = new CrossValidation(x, y, n, p, false, "sum", 5, new SplittableRandom(200 + seed)).minimiser(grid);
                chosen[c] = new double[] {corner, gcv, cv};
            }
            cornerShift[seed] = Math.log10(chosen[1][0] / chosen[0][0]);
            gcvShift[seed] = Math.log10(chosen[1][1] / chosen[0][1]);
            cvShift[seed] = Math.log10(chosen[1][2] / chosen[0][2]);
        }
        double gcvMedian = median(gcvShift), cvMedian = median(cvShift), cornerMedian = median(cornerShift);
        System.out.printf("log10 λ(AR 0.9)/λ(white), median of %d seeds: GCV %.2f, CV %.2f, L-curve corner %.2f%n",
                seeds, gcvMedian, cvMedian, cornerMedian);
        System.out.println("  GCV " + Arrays.toString(round(gcvShift)) + "\n  CV " + Arrays.toString(round(cvShift))
                + "\n  corner " + Arrays.toString(round(cornerShift)));
        assertTrue(gcvMedian < -3, "GCV should pick a λ at least 1000× smaller under AR(1) noise: " + gcvMedian);
        assertTrue(cvMedian < -3, "CV should pick a λ at least 1000× smaller under AR(1) noise: " + cvMedian);
        assertTrue(Math.abs(cornerMedian) < 0.5, "the L-curve corner should move by less than a factor 3: " + cornerMedian);
        for (double s : cornerShift) assertTrue(Math.abs(s) < 1.0, "corner moved by 10× or more on one seed: " + Arrays.toString(cornerShift));
    }

    /**
     * The statistical counterpart, for the lab's synthetic data: noise correlated along the instance index fools
     * random-fold CV only when the features are correlated along it too (time-series regressors). With iid rows the
     * held-out noise is uncorrelated with anything the model can fit (E[xᵢᵀA xⱼ] = 0 for i ≠ j), so CV's choice
     * does not move; with AR(1) rows (ρ = 0.9) the fit that follows the training noise also predicts the neighbours'
     * noise, and CV and GCV choose a smaller λ.
     */
    @Test
    void inRegressionCorrelatedNoiseFoolsCrossValidationOnlyWithCorrelatedFeatures() {
        int n = 200, p = 50, seeds = 8;
        double[][] shift = new double[2][seeds];
        double[][] gcvShift = new double[2][seeds];
        for (int design = 0; design < 2; design++) {
            for (int seed = 0; seed < seeds; seed++) {
                SplittableRandom rng = new SplittableRandom(300 + seed);
                double[] x = new double[n * p];
                for (int j = 0; j < p; j++) {
                    double[] column = design == 0 ? Dense.gaussian(rng, n, 1) : Dense.ar1(rng, n, 0.9);
                    for (int i = 0; i < n; i++) x[i * p + j] = column[i];
                }
                double[] w = Dense.gaussian(rng, p, 1);
                double norm = Dense.norm(w);
                for (int j = 0; j < p; j++) w[j] /= norm;
                double[] clean = Dense.timesVector(x, n, p, w);
                long noiseSeed = 400 + seed;
                ThinSvd svd = Lapack.thinSvd(n, p, x);
                double[] cv = new double[2], gcv = new double[2];
                for (int c = 0; c < 2; c++) {
                    double[] e = Dense.ar1(new SplittableRandom(noiseSeed), n, c == 0 ? 0.0 : 0.9);
                    double[] y = clean.clone();
                    for (int i = 0; i < n; i++) y[i] += e[i];
                    SpectralRidge ridge = new SpectralRidge(svd, y, "mean");
                    double[] grid = LCurve.grid(ridge, LCurve.DEFAULT_POINTS);
                    cv[c] = new CrossValidation(x, y, n, p, false, "mean", 5, new SplittableRandom(500 + seed)).minimiser(grid);
                    gcv[c] = new GeneralizedCrossValidation(ridge).minimiser(grid);
                }
                shift[design][seed] = Math.log10(cv[1] / cv[0]);
                gcvShift[design][seed] = Math.log10(gcv[1] / gcv[0]);
            }
        }
        System.out.printf("regression 200×50, log10 λ(AR 0.9)/λ(white) median: iid rows CV %.2f GCV %.2f; AR(1) rows CV %.2f GCV %.2f%n",
                median(shift[0]), median(gcvShift[0]), median(shift[1]), median(gcvShift[1]));
        assertTrue(Math.abs(median(shift[0])) < 0.3, "iid rows: CV should not move: " + median(shift[0]));
        assertTrue(Math.abs(median(gcvShift[0])) < 0.3, "iid rows: GCV should not move: " + median(gcvShift[0]));
        assertTrue(median(shift[1]) < -0.5, "AR(1) rows: CV should pick a λ over 3× smaller: " + median(shift[1]));
        assertTrue(median(gcvShift[1]) < -0.5, "AR(1) rows: GCV should pick a λ over 3× smaller: " + median(gcvShift[1]));
    }

    /** Mean over folds of the held-out MSE, refitting [1 X] (intercept unpenalised) by the normal equations. */
    static double bruteForce(double[] x, double[] y, int n, int p, boolean intercept, String scaling, int[] foldOf, int k, double lambda) {
        double total = 0;
        int q = p + (intercept ? 1 : 0);
        for (int f = 0; f < k; f++) {
            int nTr = 0;
            for (int i = 0; i < n; i++) if (foldOf[i] != f) nTr++;
            double[] a = new double[nTr * q], b = new double[nTr];
            for (int i = 0, r = 0; i < n; i++) {
                if (foldOf[i] == f) continue;
                if (intercept) a[r * q] = 1;
                System.arraycopy(x, i * p, a, r * q + (intercept ? 1 : 0), p);
                b[r++] = y[i];
            }
            double eff = scaling.equals("mean") ? nTr * lambda : lambda;
            double[] at = Dense.transpose(a, nTr, q), g = Dense.times(at, q, nTr, a, q);
            for (int j = intercept ? 1 : 0; j < q; j++) g[j * q + j] += eff;
            double[] coef = Dense.solve(g, Dense.timesVector(at, q, nTr, b), q);
            double sse = 0;
            int nTe = 0;
            for (int i = 0; i < n; i++) {
                if (foldOf[i] != f) continue;
                double pred = intercept ? coef[0] : 0;
                for (int j = 0; j < p; j++) pred += x[i * p + j] * coef[j + (intercept ? 1 : 0)];
                sse += (y[i] - pred) * (y[i] - pred);
                nTe++;
            }
            total += sse / nTe;
        }
        return total / k;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.round(v[i] * 100) / 100.0;
        return r;
    }
}
