package cheaplab.lab.ridge;

import cheaplab.data.ImageSet;
import cheaplab.linalg.Lapack;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nested-prefix engine (updated QR + SVD of its triangle, or a direct SVD of the centred prefix) against the
 * explicit centred solution: w = (X_cᵀX_c + λ'I)⁻¹X_cᵀy_c by Cholesky, b = ȳ − x̄ᵀw; and the held-out MSE from
 * the test Gram against direct predictions.
 */
class InterceptRidgeTest {
    static final int SIDE = 4, P = SIDE * SIDE;

    /** Random images; pixel 0 always 0, pixel 1 always 200, pixel 2 zero until image 30, pixel 3 zero after image 0. */
    static ImageSet images(SplittableRandom rng, int count) {
        byte[] px = new byte[count * P], labels = new byte[count];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < P; j++) px[i * P + j] = (byte) rng.nextInt(256);
            px[i * P] = 0;
            px[i * P + 1] = (byte) 200;
            if (i < 30) px[i * P + 2] = 0;
            if (i > 0) px[i * P + 3] = 0;
            labels[i] = (byte) rng.nextInt(10);
        }
        return new ImageSet(count, SIDE, SIDE, px, labels);
    }

    /** Explicit centred ridge on the first n rows of {@code order}: returns p weights followed by the intercept. */
    static double[] explicit(ImageSet set, int[] order, double[] y, int n, double lambda) {
        double[] mean = new double[P];
        double yMean = 0;
        for (int i = 0; i < n; i++) {
            int r = order == null ? i : order[i];
            for (int j = 0; j < P; j++) mean[j] += set.pixel(r, j) / n;
            yMean += y[r] / n;
        }
        double[] xc = new double[n * P], yc = new double[n];
        for (int i = 0; i < n; i++) {
            int r = order == null ? i : order[i];
            for (int j = 0; j < P; j++) xc[i * P + j] = set.pixel(r, j) - mean[j];
            yc[i] = y[r] - yMean;
        }
        double[] w = SpectralRidgeTest.normalEquations(n, P, xc, yc, lambda);
        double b = yMean;
        for (int j = 0; j < P; j++) b -= mean[j] * w[j];
        double[] out = java.util.Arrays.copyOf(w, P + 1);
        out[P] = b;
        return out;
    }

    @Test
    void prefixesMatchTheExplicitCentredSolutionOnBothPaths() {
        SplittableRandom rng = new SplittableRandom(17);
        ImageSet set = images(rng, 90);
        double[] y = MnistTargets.of(set, -1);
        int[] shuffled = MnistSweep.randomOrder(5, 0, 90, 90);
        for (int[] order : new int[][]{null, shuffled}) {
            PrefixRidgePath path = new PrefixRidgePath(set, order, y, 1, 90);
            boolean sawDirect = false, sawTriangular = false;
            for (int n : new int[]{3, 9, 14, 20, 35, 60, 90}) {
                PrefixProblem problem = path.advance(n);
                sawDirect |= !problem.triangular();
                sawTriangular |= problem.triangular();
                PrefixFit fit = problem.decompose();
                for (double lambda : new double[]{1e-3, 0.7, 50}) {
                    double[] expect = explicit(set, order, y, n, lambda);
                    double[] w = new double[P];
                    fit.weights(fit.ridge().filter(lambda), 0, w, 0);
                    double b = fit.intercept(w, 0, 0);
                    double scale = 0;
                    for (int j = 0; j < P; j++) scale = Math.max(scale, Math.abs(expect[j]));
                    for (int j = 0; j < P; j++)
                        assertEquals(expect[j], w[j], 1e-10 * scale, "w[" + j + "] n=" + n + " λ'=" + lambda);
                    assertEquals(expect[P], b, 1e-10 * Math.max(1, Math.abs(expect[P])), "intercept n=" + n);
                    assertEquals(0.0, w[0], 0.0, "constant pixel gets no weight");
                    assertEquals(0.0, w[1], 0.0, "constant pixel gets no weight");
                    // training residual against the explicit fit
                    double r2 = 0;
                    for (int i = 0; i < n; i++) {
                        int row = order == null ? i : order[i];
                        double e = y[row] - b;
                        for (int j = 0; j < P; j++) e -= set.pixel(row, j) * w[j];
                        r2 += e * e;
                    }
                    assertEquals(r2, fit.ridge().residual2(fit.ridge().filter(lambda), 0), 1e-9 * Math.max(1, r2));
                }
            }
            assertTrue(sawDirect && sawTriangular, "both decomposition paths exercised");
        }
    }

    @Test
    void activePixelsFormALeadingBlock() {
        ImageSet set = images(new SplittableRandom(3), 50);
        PrefixRidgePath path = new PrefixRidgePath(set, null, MnistTargets.of(set, -1), 1, 50);
        int[] cols = path.columns();
        assertFalse(java.util.Arrays.stream(cols).anyMatch(c -> c == 0 || c == 1), "constant pixels left out");
        assertEquals(P - 3, path.active(2), "pixel 3 varies from image 1 on, pixel 2 only from image 30");
        assertEquals(P - 2, path.active(31));
        assertEquals(2, cols[cols.length - 1], "the late pixel comes last");
    }

    @Test
    void heldOutMseEqualsDirectPrediction() {
        SplittableRandom rng = new SplittableRandom(8);
        ImageSet test = images(rng, 60);
        double[] y = MnistTargets.columns(test, -1, 4);
        int[] columns = java.util.stream.IntStream.range(1, P).toArray(); // pixel 0 is zero everywhere: weight 0 there
        HeldOutMse held = new HeldOutMse(test, y, 2, columns);
        int k = 3;
        double[] w = new double[k * P], b = {0.3, -2, 5};
        int[] target = {0, 1, 0};
        for (int i = 0; i < w.length; i++) w[i] = (i % P == 0) ? 0 : rng.nextGaussian() * 3;
        double[] mse = held.mse(k, w, b, target);
        for (int q = 0; q < k; q++) {
            double direct = 0;
            for (int i = 0; i < test.count(); i++) {
                double e = b[q] - y[i * 2 + target[q]];
                for (int j = 0; j < P; j++) e += test.pixel(i, j) * w[q * P + j];
                direct += e * e / test.count();
            }
            assertEquals(direct, mse[q], 1e-12 * direct, "predictor " + q);
        }
    }

    @Test
    void gramRoutineAgreesWithExplicitProduct() {
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] g = Lapack.gram(3, 2, x);
        assertEquals(35, g[0], 0);
        assertEquals(44, g[1], 0);
        assertEquals(44, g[2], 0);
        assertEquals(56, g[3], 0);
    }
}
