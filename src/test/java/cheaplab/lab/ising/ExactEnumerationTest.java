package cheaplab.lab.ising;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sampler against exact enumeration of the 4×4 periodic lattice (65,536 states): ⟨e⟩, ⟨|m|⟩, C, χ and U₄
 * at several temperatures, with both algorithms, in zero and non-zero field, each within 4 of the sampler's own
 * stated (replica-jackknife) standard errors. Seeded, so the outcome is fixed; a correct sampler lands outside
 * 4σ about once in 16,000 checks.
 */
class ExactEnumerationTest {
    static final double SIGMAS = 4.0;

    @ParameterizedTest(name = "{0} at h = {1}")
    @CsvSource({"metropolis, 0.0", "wolff, 0.0", "metropolis, 0.4", "wolff, 0.4"})
    void fourByFourAveragesMatchEnumerationWithinStatedErrors(String algorithm, double field) throws Exception {
        List<Double> temps = List.of(1.5, 2.3, 3.5);
        IsingConfig cfg = new IsingConfig(List.of(4), temps, field, algorithm, 200, 3000, 1, 2, 1, 11L);
        IsingResult r = new IsingLab().run(cfg, new IsingRecordingContext(11L));
        assertEquals(temps.size(), r.points().size());
        for (IsingResult.Point p : r.points()) {
            ExactIsing ex = ExactIsing.of(4, p.temperature(), field);
            String at = algorithm + " T=" + p.temperature() + " h=" + field + ": ";
            within(at + "energy", ex.energy(), p.energy(), p.energySem());
            within(at + "|m|", ex.absMagnetization(), p.absMagnetization(), p.absMagnetizationSem());
            within(at + "C", ex.specificHeat(), p.specificHeat(), p.specificHeatSem());
            within(at + "chi", ex.susceptibility(), p.susceptibility(), p.susceptibilitySem());
            within(at + "U4", ex.binder(), p.binder(), p.binderSem());
        }
    }

    static void within(String what, double exact, double estimate, double sem) {
        assertTrue(sem > 0 && sem < 0.05 * Math.max(0.1, Math.abs(exact)) + 0.01, what + " error " + sem + " is implausible");
        assertTrue(Math.abs(estimate - exact) <= SIGMAS * sem,
                what + ": " + estimate + " ± " + sem + " vs exact " + exact + " (" + (estimate - exact) / sem + " σ)");
    }
}
