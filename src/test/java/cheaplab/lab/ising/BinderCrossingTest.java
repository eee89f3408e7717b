package cheaplab.lab.ising;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Binder cumulants of L = 16, 32, 64 (Wolff) cross within 1% of Onsager's T_c, and within their stated error. */
class BinderCrossingTest {

    @Test
    void crossingsOf16_32_64PlaceTcWithinOnePercent() throws Exception {
        IsingConfig cfg = new IsingConfig(List.of(16, 32, 64), List.of(2.24, 2.27, 2.30), 0.0, "wolff",
                50, 100, 1, 2, 0, 7L);
        IsingResult r = new IsingLab().run(cfg, new IsingRecordingContext(7L));
        assertNotNull(r.criticalTemperature(), "the curves cross");
        double tc = Onsager.CRITICAL_TEMPERATURE;
        System.out.printf("Binder crossing T_c = %.4f ± %.4f (exact %.5f, deviation %+.2f%%); pairs %s%n",
                r.criticalTemperature(), r.criticalTemperatureSem(), tc, 100 * (r.criticalTemperature() / tc - 1), r.crossings());
        assertTrue(Math.abs(r.criticalTemperature() / tc - 1) < 0.01, r.criticalTemperature() + " vs " + tc);
        assertTrue(r.criticalTemperatureSem() > 0 && r.criticalTemperatureSem() < 0.01, "error " + r.criticalTemperatureSem());
        // corrections to the crossing fall off fast in 2D: the estimate is within 4σ of the exact value plus 0.3%
        assertTrue(Math.abs(r.criticalTemperature() - tc) < 4 * r.criticalTemperatureSem() + 0.003 * tc);
        assertEquals(2, r.crossings().size());
    }

    @Test
    void crossingIsInterpolatedWhereTheDifferenceChangesSign() {
        // U₂ − U₁ = (0.2 − t)(1 + t²): crosses at t = 0.2 between the grid points 0.1 and 0.3; the cubic is exact
        double[] t = {0.0, 0.1, 0.3, 0.4};
        double[][] u = {{0, 0, 0, 0}, {0.2, 0.1 * 1.01, -0.1 * 1.09, -0.2 * 1.16}};
        assertEquals(0.2, BinderCrossing.crossings(new int[]{8, 16}, t, u)[0], 1e-12);
        assertTrue(Double.isNaN(BinderCrossing.crossings(new int[]{8, 16}, t, new double[][]{{0, 0, 0, 0}, {1, 1, 1, 1}})[0]));
    }

    @Test
    void aNoiseCrossingInTheDisorderedPhaseIsNotTakenForTc() {
        // The real crossing between 0.1 and 0.3 (drop 0.2, errors 0.01); noise at 0.5→0.6 where both U ≈ 0
        // (drop 0.03, errors 0.02): the significant one wins.
        double[] t = {0.0, 0.1, 0.3, 0.4, 0.5, 0.6};
        double[][] u = {{0, 0, 0, 0, 0, 0}, {0.2, 0.1, -0.1, -0.2, 0.015, -0.015}};
        double[][] sigma = {{0.01, 0.01, 0.01, 0.01, 0.02, 0.02}};
        double c = BinderCrossing.crossings(new int[]{8, 16}, t, u, sigma)[0];
        assertTrue(c > 0.1 && c < 0.3, "crossing " + c);
        double[][] noisier = {{0, 0, 0, 0, 0, 0}, {0.2, 0.1, -0.1, -0.2, 0.2, -0.2}};
        double[][] big = {{0.01, 0.01, 0.01, 0.01, 0.5, 0.5}};
        c = BinderCrossing.crossings(new int[]{8, 16}, t, noisier, big)[0];
        assertTrue(c > 0.1 && c < 0.3, "a larger drop buried in its errors loses too: " + c);
    }
}
