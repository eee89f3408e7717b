package cheaplab.linalg;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LapackTest {

    static double[] gaussian(SplittableRandom rng, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            // Box-Muller: the tests need no particular distribution, only generic matrices
            a[i] = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
        }
        return a;
    }

    static double[] naiveProduct(int m, int k, int n, double[] a, double[] b) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) s += a[i * k + l] * b[l * n + j];
                c[i * n + j] = s;
            }
        return c;
    }

    static double[] transpose(int m, int n, double[] a) {
        double[] t = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
        return t;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void knownSmallDecomposition() {
        // [[3, 2, 2], [2, 3, -2]] = U diag(5, 3) Vᵀ with u1 = (1,1)/√2, v1 = (1,1,0)/√2, u2 = (1,-1)/√2, v2 = (1,-1,4)/√18
        double[] a = {3, 2, 2, 2, 3, -2};
        ThinSvd svd = Lapack.thinSvd(2, 3, a);
        assertArrayEquals(new double[]{5, 3}, svd.s(), 1e-14);
        double r2 = Math.sqrt(0.5);
        assertEquals(r2, Math.abs(svd.u(0, 0)), 1e-14);
        assertEquals(svd.u(0, 0), svd.u(1, 0), 1e-14);
        assertEquals(svd.u(0, 1), -svd.u(1, 1), 1e-14);
        double sign = Math.signum(svd.vt(1, 2));
        assertArrayEquals(new double[]{1 / Math.sqrt(18), -1 / Math.sqrt(18), 4 / Math.sqrt(18)},
                new double[]{sign * svd.vt(1, 0), sign * svd.vt(1, 1), sign * svd.vt(1, 2)}, 1e-14);
        assertArrayEquals(new double[]{3, 2, 2, 2, 3, -2}, a, 0.0, "input untouched");
        assertArrayEquals(new double[]{5, 3}, Lapack.singularValues(2, 3, a), 1e-14);
    }

    @Test
    void reconstructionAndOrthogonality() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int[] shape : new int[][]{{40, 13}, {13, 40}, {25, 25}, {1, 5}, {5, 1}}) {
            int m = shape[0], n = shape[1], k = Math.min(m, n);
            double[] a = gaussian(rng, m * n);
            ThinSvd svd = Lapack.thinSvd(m, n, a);
            assertEquals(k, svd.k());
            for (int i = 1; i < k; i++) assertTrue(svd.s()[i - 1] >= svd.s()[i], "descending");
            double[] us = svd.u().clone();
            for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) us[i * k + j] *= svd.s()[j];
            double[] rec = naiveProduct(m, k, n, us, svd.vt());
            assertTrue(maxDiff(rec, a) < 1e-13 * maxAbs(a) * Math.max(m, n), "U S Vᵀ = A for " + m + "x" + n);
            double[] utu = naiveProduct(k, m, k, transpose(m, k, svd.u()), svd.u());
            double[] vvt = naiveProduct(k, n, k, svd.vt(), transpose(k, n, svd.vt()));
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++) {
                    assertEquals(i == j ? 1 : 0, utu[i * k + j], 1e-13, "UᵀU = I");
                    assertEquals(i == j ? 1 : 0, vvt[i * k + j], 1e-13, "VᵀV = I");
                }
            assertArrayEquals(svd.s(), Lapack.singularValues(m, n, a), 1e-12 * svd.s()[0]);
        }
    }

    @Test
    void rankUsesPseudoInverseTolerance() {
        // rank-2 matrix 6×4: outer products; the third singular value is rounding noise
        double[] x = {1, 2, 3, 4, 5, 6}, y = {1, 0, -1, 2}, x2 = {0, 1, 0, 1, 0, 1}, y2 = {3, 1, 4, 1};
        double[] a = new double[24];
        for (int i = 0; i < 6; i++) for (int j = 0; j < 4; j++) a[i * 4 + j] = x[i] * y[j] + x2[i] * y2[j];
        assertEquals(2, Lapack.thinSvd(6, 4, a).rank());
    }

    @Test
    void qrFactorHasTheGramOfItsMatrix() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int[] shape : new int[][]{{30, 8}, {5, 9}}) {
            int m = shape[0], n = shape[1], k = Math.min(m, n);
            double[] a = gaussian(rng, m * n);
            double[] r = Lapack.qrR(m, n, a);
            for (int i = 0; i < k; i++) for (int j = 0; j < i; j++) assertEquals(0.0, r[i * n + j], "upper triangular");
            double[] rtr = naiveProduct(n, k, n, transpose(k, n, r), r);
            double[] ata = naiveProduct(n, m, n, transpose(m, n, a), a);
            assertTrue(maxDiff(rtr, ata) < 1e-12 * maxAbs(ata), "RᵀR = AᵀA");
            assertTrue(maxDiff(Lapack.gram(m, n, a), ata) < 1e-12 * maxAbs(ata), "dsyrk Gram");
        }
    }

    @Test
    void appendingRowsKeepsTheGram() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 7;
        double[] all = gaussian(rng, 40 * n);
        UpdatableQr qr = new UpdatableQr(n);
        int[] blocks = {3, 1, 10, 26}; // starts rank-deficient (3 rows, 7 columns)
        int done = 0;
        for (int b : blocks) {
            double[] block = java.util.Arrays.copyOfRange(all, done * n, (done + b) * n);
            qr.append(b, block);
            done += b;
            double[] r = qr.r();
            double[] prefix = java.util.Arrays.copyOf(all, done * n);
            double[] ata = naiveProduct(n, done, n, transpose(done, n, prefix), prefix);
            double[] rtr = naiveProduct(n, n, n, transpose(n, n, r), r);
            assertTrue(maxDiff(rtr, ata) < 1e-12 * maxAbs(ata), "RᵀR = MᵀM after " + done + " rows");
            double[] direct = Lapack.singularValues(done, n, prefix), viaR = Lapack.singularValues(n, n, r);
            for (int i = 0; i < n; i++)
                assertEquals(i < direct.length ? direct[i] : 0.0, viaR[i], 1e-12 * direct[0], "σ" + i + " after " + done + " rows");
        }
        assertEquals(40, qr.rows());
    }

    @Test
    void choleskySolveAndSymmetricEigen() {
        assertArrayEquals(new double[]{1.0 / 11, 7.0 / 11}, Lapack.solveSpd(2, new double[]{4, 1, 1, 3}, 1, new double[]{1, 2}), 1e-15);
        assertThrows(ArithmeticException.class, () -> Lapack.solveSpd(2, new double[]{1, 2, 2, 1}, 1, new double[]{1, 1}));
        Lapack.SymmetricEigen e = Lapack.symmetricEigen(2, new double[]{2, 1, 1, 2});
        assertArrayEquals(new double[]{1, 3}, e.values(), 1e-15);
        assertEquals(Math.abs(e.vectors()[0]), Math.abs(e.vectors()[2]), 1e-15); // (1,-1)/√2 as first column
    }

    @Test
    void gemmMatchesNaiveProductWithTransposes() {
        SplittableRandom rng = new SplittableRandom(5);
        int m = 4, k = 6, n = 3;
        double[] a = gaussian(rng, m * k), b = gaussian(rng, k * n);
        double[] expect = naiveProduct(m, k, n, a, b);
        double[] c = new double[m * n];
        Lapack.gemm(false, false, m, n, k, 1, a, b, 0, c);
        assertArrayEquals(expect, c, 1e-13);
        double[] c2 = new double[m * n];
        Lapack.gemm(true, true, m, n, k, 1, transpose(m, k, a), transpose(k, n, b), 0, c2);
        assertArrayEquals(expect, c2, 1e-13);
    }
}
