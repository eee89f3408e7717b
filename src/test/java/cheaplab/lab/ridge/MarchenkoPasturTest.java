package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarchenkoPasturTest {

    /** ∫ f over [lo, hi] with σ = lo + (hi − lo)(1 − cos φ)/2 (clears square-root end points), Simpson in φ. */
    private static double integrate(DoubleUnaryOperator f, double lo, double hi) {
        int m = 20000;
        double h = Math.PI / m, acc = 0;
        for (int i = 0; i <= m; i++) {
            double phi = i * h, x = lo + (hi - lo) * (1 - Math.cos(phi)) / 2;
            double v = f.applyAsDouble(x) * (hi - lo) * Math.sin(phi) / 2;
            acc += v * (i == 0 || i == m ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return acc * h / 3;
    }

    @Test
    void edgesAndPointMass() {
        MarchenkoPastur tall = new MarchenkoPastur(400, 200);
        assertEquals(Math.sqrt(400) * (1 - Math.sqrt(0.5)), tall.lowerEdge(), 1e-12);
        assertEquals(Math.sqrt(400) * (1 + Math.sqrt(0.5)), tall.upperEdge(), 1e-12);
        assertEquals(0.0, tall.pointMassAtZero());
        MarchenkoPastur wide = new MarchenkoPastur(200, 400, 4.0);
        assertEquals(2 * (Math.sqrt(400) - Math.sqrt(200)), wide.lowerEdge(), 1e-12);
        assertEquals(2 * (Math.sqrt(400) + Math.sqrt(200)), wide.upperEdge(), 1e-12);
        assertEquals(0.5, wide.pointMassAtZero(), 1e-15);
        assertEquals(0.0, tall.density(tall.lowerEdge() * 0.99));
        assertEquals(0.0, tall.density(tall.upperEdge() * 1.01));
    }

    @Test
    void densityIntegratesToOneMinusTheAtomAndTheCdfIsItsIntegral() {
        int[][] shapes = {{400, 200}, {200, 400}, {300, 300}, {100, 37}, {37, 100}, {1000, 999}};
        for (int[] s : shapes) {
            for (double v : new double[] {1.0, 0.25}) {
                MarchenkoPastur mp = new MarchenkoPastur(s[0], s[1], v);
                double lo = mp.lowerEdge(), hi = mp.upperEdge();
                String label = s[0] + "×" + s[1] + " v=" + v;
                assertEquals(1 - mp.pointMassAtZero(), integrate(mp::density, lo, hi), 1e-6, label);
                assertEquals(1.0, integrate(mp::nonzeroDensity, lo, hi), 1e-6, label);
                for (double q : new double[] {0.1, 0.3, 0.5, 0.77, 0.95}) {
                    double sigma = lo + q * (hi - lo);
                    assertEquals(integrate(mp::nonzeroDensity, lo, sigma), mp.cdf(sigma), 1e-6, label + " σ=" + sigma);
                }
                assertEquals(0.0, mp.cdf(lo));
                assertEquals(1.0, mp.cdf(hi));
            }
        }
    }

    @Test
    void isTheEigenvalueLawAfterTheChangeOfVariables() {
        // f_MP(μ) for μ = eig(XᵀX/n), γ = p/n, unit variance; σ = √(nμ) ⇒ f_σ(σ) = f_MP(σ²/n)·2σ/n.
        int n = 500, p = 150;
        double g = (double) p / n, lo = Math.pow(1 - Math.sqrt(g), 2), hi = Math.pow(1 + Math.sqrt(g), 2);
        MarchenkoPastur mp = new MarchenkoPastur(n, p);
        for (double mu = lo + 0.01; mu < hi; mu += 0.05) {
            double fmu = Math.sqrt((hi - mu) * (mu - lo)) / (2 * Math.PI * g * mu);
            double sigma = Math.sqrt(n * mu);
            assertEquals(fmu * 2 * sigma / n, mp.density(sigma), 1e-12);
        }
        // n = p: the quarter-circle law √(4n − σ²)/(πn).
        MarchenkoPastur square = new MarchenkoPastur(300, 300);
        assertEquals(0.0, square.lowerEdge());
        for (double sigma = 0.5; sigma < 34; sigma += 1.5)
            assertEquals(Math.sqrt(4 * 300 - sigma * sigma) / (Math.PI * 300), square.nonzeroDensity(sigma), 1e-12);
    }

    @Test
    void singularValuesOfASeededGaussianMatrixFollowTheLaw() {
        for (int[] s : new int[][] {{400, 200}, {200, 400}}) {
            int n = s[0], p = s[1];
            double[] x = Dense.gaussian(new SplittableRandom(71), n, p);
            ThinSvd svd = Lapack.thinSvd(n, p, x);
            MarchenkoPastur mp = new MarchenkoPastur(n, p);
            double[] sv = svd.s().clone();
            Arrays.sort(sv);
            int k = sv.length;
            double ks = 0;
            for (int i = 0; i < k; i++) {
                double f = mp.cdf(sv[i]);
                ks = Math.max(ks, Math.max(Math.abs(f - (double) i / k), Math.abs(f - (double) (i + 1) / k)));
            }
            System.out.printf("MP %d×%d: KS distance of the %d singular values = %.4f (edges %.2f..%.2f, observed %.2f..%.2f)%n",
                    n, p, k, ks, mp.lowerEdge(), mp.upperEdge(), sv[0], sv[k - 1]);
            assertTrue(ks < 0.05, "KS distance " + ks);
            assertEquals(mp.upperEdge(), sv[k - 1], 0.03 * mp.upperEdge());
            assertEquals(mp.lowerEdge(), sv[0], 0.1 * mp.lowerEdge());
        }
    }

    @Test
    void pointsRunFromEdgeToEdge() {
        MarchenkoPastur mp = new MarchenkoPastur(400, 200);
        List<DensityPoint> pts = mp.points(100);
        assertEquals(100, pts.size());
        assertEquals(mp.lowerEdge(), pts.get(0).x(), 0);
        assertEquals(mp.upperEdge(), pts.get(99).x(), 0);
        assertEquals(0.0, pts.get(0).density());
        assertEquals(0.0, pts.get(99).density());
        for (int i = 1; i < 100; i++) assertTrue(pts.get(i).x() > pts.get(i - 1).x());
        for (int i = 1; i < 99; i++) assertEquals(mp.nonzeroDensity(pts.get(i).x()), pts.get(i).density(), 0);
    }
}
