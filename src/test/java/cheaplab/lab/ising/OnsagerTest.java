package cheaplab.lab.ising;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact formulas against independently known values, and the sampler on L = 64 at T = 2.0 against them:
 * ⟨|m|⟩ within 0.02 of Onsager's spontaneous magnetisation (the bar), and within 4 stated errors plus
 * the finite-size shift (ξ ≈ 1.5 ≪ 64 at T = 2: exponentially small), and the energy likewise.
 */
class OnsagerTest {

    @Test
    void closedFormsMatchKnownValues() {
        assertEquals(2.269185314213022, Onsager.CRITICAL_TEMPERATURE, 1e-12);
        assertEquals(Math.PI / 2, Onsager.ellipticK(0), 1e-15);
        // K(1/√2) = Γ(1/4)² / (4√π)
        assertEquals(1.8540746773013719, Onsager.ellipticK(Math.sqrt(0.5)), 1e-13);
        // u(T_c) = −√2, approached from both sides (the K₁ singularity is multiplied by a vanishing factor)
        assertEquals(-Math.sqrt(2), Onsager.energy(Onsager.CRITICAL_TEMPERATURE), 1e-12);
        assertEquals(-Math.sqrt(2), Onsager.energy(Onsager.CRITICAL_TEMPERATURE * (1 + 1e-9)), 1e-6);
        // high-temperature series (Z ∝ cosh^{2N}K (1 + N t⁴ + …), t = tanh K): u = −2t − 4t³(1 − t²) + O(t⁵);
        // low-temperature series: u = −2 + 8 e^{−8/T} + O(e^{−12/T})
        double t = Math.tanh(1 / 50.0);
        assertEquals(-2 * t - 4 * t * t * t * (1 - t * t), Onsager.energy(50), 1e-7);
        assertEquals(-2 + 8 * Math.exp(-8 / 0.5), Onsager.energy(0.5), 1e-9);
        assertEquals(0.911319377877496, Onsager.magnetization(2.0), 1e-12);
        assertEquals(0.0, Onsager.magnetization(2.3));
        // m ∝ (T_c − T)^{1/8} near T_c
        double t1 = Onsager.CRITICAL_TEMPERATURE - 1e-6, t2 = Onsager.CRITICAL_TEMPERATURE - 1e-7;
        assertEquals(0.125, Math.log(Onsager.magnetization(t1) / Onsager.magnetization(t2)) / Math.log(10), 1e-4);
    }

    @Test
    void magnetisationOfL64AtT2IsOnsagers() throws Exception {
        IsingConfig cfg = new IsingConfig(List.of(64), List.of(2.0), 0.0, "metropolis", 300, 400, 1, 2, 2, 3L);
        IsingResult r = new IsingLab().run(cfg, new IsingRecordingContext(3L));
        IsingResult.Point p = r.points().get(0);
        double exact = Onsager.magnetization(2.0);
        assertTrue(Math.abs(p.absMagnetization() - exact) < 0.02, p.absMagnetization() + " vs " + exact);
        assertTrue(Math.abs(p.absMagnetization() - exact) < 4 * p.absMagnetizationSem() + 1e-3,
                p.absMagnetization() + " ± " + p.absMagnetizationSem() + " vs " + exact);
        assertTrue(Math.abs(p.energy() - Onsager.energy(2.0)) < 4 * p.energySem() + 1e-3,
                p.energy() + " ± " + p.energySem() + " vs " + Onsager.energy(2.0));
        System.out.printf("L=64 T=2.0: <|m|> = %.5f ± %.5f, Onsager %.5f, deviation %+.5f; e = %.5f ± %.5f, exact %.5f; tau_int %.2f%n",
                p.absMagnetization(), p.absMagnetizationSem(), exact, p.absMagnetization() - exact, p.energy(), p.energySem(),
                Onsager.energy(2.0), p.autocorrelationTime());
    }
}
