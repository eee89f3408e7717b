package cheaplab.lab.hopfield;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AGS replica-symmetric solution at T = 0 against the published numbers (Amit, Gutfreund &amp; Sompolinsky 1985,
 * 1987: α_c ≈ 0.138 with m ≈ 0.967, about 1.6% wrong bits at the edge) and against the three fixed-point equations
 * themselves, solved here by plain iteration, independently of the engine's reduction to one variable.
 */
class AgsTheoryTest {

    @Test
    void errorFunctionMatchesTabulatedValues() {
        // erf values from Abramowitz & Stegun table 7.1 / high-precision references.
        assertEquals(0.0, ErrorFunction.erf(0), 0);
        assertEquals(0.1124629160182849, ErrorFunction.erf(0.1), 1e-15);
        assertEquals(0.5204998778130465, ErrorFunction.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, ErrorFunction.erf(1), 1e-15);
        assertEquals(0.9953222650189527, ErrorFunction.erf(2), 1e-15);
        assertEquals(0.9999779095030014, ErrorFunction.erf(3), 1e-15);
        assertEquals(-0.8427007929497149, ErrorFunction.erf(-1), 1e-15);
        assertEquals(2.209049699858544e-5, ErrorFunction.erfc(3), 1e-19);
        assertEquals(1.537459794428035e-12, ErrorFunction.erfc(5), 1e-25);
        assertEquals(0.15729920705028513, ErrorFunction.erfc(1), 1e-15);
        assertEquals(0.9750021048517795, ErrorFunction.normalCdf(1.96), 1e-14);
    }

    @Test
    void criticalLoadIsThePublishedOne() {
        AgsTheory.Solution c = AgsTheory.atCriticalAlpha();
        assertEquals(0.138, c.alpha(), 0.0005, "α_c (AGS 1985: ≈ 0.138)");
        assertEquals(0.967, c.overlap(), 0.0005, "m at α_c (AGS 1987: ≈ 0.967)");
        assertEquals(0.016, c.errorFraction(), 0.0005, "wrong bits at α_c, (1 − m)/2 ≈ 1.6%");
        assertEquals(c.alpha(), AgsTheory.criticalAlpha(), 0);
        assertNotNull(AgsTheory.retrieval(c.alpha() - 1e-6));
        assertNull(AgsTheory.retrieval(c.alpha() + 1e-6), "no retrieval solution above α_c");
    }

    @Test
    void solutionsSatisfyTheThreeEquations() {
        for (double alpha : new double[]{0.001, 0.01, 0.05, 0.1, 0.12, 0.13, 0.137, AgsTheory.criticalAlpha()}) {
            AgsTheory.Solution s = AgsTheory.retrieval(alpha);
            double m = s.overlap(), c = s.c(), r = s.r(), ra = r * alpha;
            assertEquals(m, ErrorFunction.erf(m / Math.sqrt(2 * ra)), 1e-12, "m equation at α = " + alpha);
            assertEquals(c, Math.sqrt(2 / (Math.PI * ra)) * Math.exp(-m * m / (2 * ra)), 1e-12, "C equation at α = " + alpha);
            assertEquals(r, 1 / ((1 - c) * (1 - c)), 1e-12 * r, "r equation at α = " + alpha);
        }
    }

    /** m ← erf(m/√(2rα)), C ← √(2/(πrα)) e^{−m²/(2rα)}, r ← 1/(1−C)², started at m = 1, C = 0. */
    private static double iterate(double alpha, int steps) {
        double m = 1, c = 0, r = 1;
        for (int i = 0; i < steps; i++) {
            double ra = r * alpha;
            double next = ErrorFunction.erf(m / Math.sqrt(2 * ra));
            c = Math.sqrt(2 / (Math.PI * ra)) * Math.exp(-m * m / (2 * ra));
            r = 1 / ((1 - c) * (1 - c));
            m = next;
        }
        return m;
    }

    @Test
    void plainIterationOfTheEquationsAgreesBelowTheCriticalLoad() {
        for (double alpha : new double[]{0.02, 0.08, 0.12, 0.135}) {
            assertEquals(iterate(alpha, 20_000), AgsTheory.retrieval(alpha).overlap(), 1e-9, "α = " + alpha);
        }
    }

    /**
     * Smallest |m − erf(m(1−C)/√(2α))| + |C − √(2/(πα))(1−C) e^{−m²(1−C)²/(2α)}| (r eliminated) over a 400 × 400 grid
     * of m ∈ [½, 1], C ∈ [0, 0.6): near 0 where a retrieval solution exists, bounded away from 0 where none does.
     */
    private static double smallestResidual(double alpha) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 400; i++) {
            double m = 0.5 + 0.5 * i / 400;
            for (int j = 0; j < 400; j++) {
                double c = 0.6 * j / 400;
                double f1 = m - ErrorFunction.erf(m * (1 - c) / Math.sqrt(2 * alpha));
                double f2 = c - Math.sqrt(2 / (Math.PI * alpha)) * (1 - c) * Math.exp(-m * m * (1 - c) * (1 - c) / (2 * alpha));
                best = Math.min(best, Math.abs(f1) + Math.abs(f2));
            }
        }
        return best;
    }

    @Test
    void aBruteForceSearchFindsNoRetrievalSolutionAboveTheCriticalLoad() {
        for (double alpha : new double[]{0.12, 0.13, 0.137})
            assertTrue(smallestResidual(alpha) < 1e-3, "a solution near the grid at α = " + alpha + ": " + smallestResidual(alpha));
        for (double alpha : new double[]{0.142, 0.15})
            assertTrue(smallestResidual(alpha) > 5e-3, "no solution at α = " + alpha + ": " + smallestResidual(alpha));
    }

    @Test
    void retrievalIsPerfectAtLowLoadAndTheCurveFallsMonotonically() {
        assertEquals(1.0, AgsTheory.retrieval(0.01).overlap(), 1e-12, "e^{−1/(2α)} noise only");
        double last = 1;
        for (double a = 0.005; a < AgsTheory.criticalAlpha(); a += 0.005) {
            double m = AgsTheory.retrieval(a).overlap();
            assertTrue(m <= last, "m(α) falls: " + a);
            last = m;
        }
    }

    @Test
    void oneStepErrorIsTheGaussianTail() {
        assertEquals(0, AgsTheory.unstableBitFraction(100, 1), 0);
        // N − 1 = 999, P − 1 = 99: Φ(−√(999/99)) = Φ(−3.1766…)
        assertEquals(ErrorFunction.normalCdf(-Math.sqrt(999.0 / 99)), AgsTheory.unstableBitFraction(1000, 100), 0);
        assertEquals(7.45e-4, AgsTheory.unstableBitFraction(1000, 100), 1e-5);
    }
}
