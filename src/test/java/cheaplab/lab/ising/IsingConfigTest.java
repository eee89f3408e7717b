package cheaplab.lab.ising;

import cheaplab.core.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The cross-field rules of the config, each refusal naming its field. */
class IsingConfigTest {
    static IsingConfig with(List<Integer> sizes, int b, int levels, int samples) {
        return new IsingConfig(sizes, List.of(2.0, 2.5), 0.0, "auto", 10, samples, 1, b, levels, 1L);
    }

    static String field(Runnable r) {
        return assertThrows(ConfigException.class, r::run).field();
    }

    @Test
    void refusalsNameTheirField() {
        assertDoesNotThrow(IsingConfig::defaults);
        assertEquals("sizes", field(() -> with(List.of(15), 2, 0, 10)));           // odd: no checkerboard
        assertEquals("sizes", field(() -> with(List.of(16, 16), 2, 0, 10)));
        assertEquals("sizes", field(() -> with(List.of(1024), 2, 0, 10)));
        assertEquals("blockLevels", field(() -> with(List.of(16), 3, 1, 10)));     // 3 does not divide 16
        assertEquals("blockLevels", field(() -> with(List.of(16), 2, 4, 10)));     // 1×1 left
        assertDoesNotThrow(() -> with(List.of(18, 54), 3, 2, 10));
        assertDoesNotThrow(() -> with(List.of(16), 2, 3, 10));
        assertEquals("samples", field(() -> with(List.of(512), 2, 0, 1_000_000))); // past the work cap
        assertEquals("temperatures", field(() -> new IsingConfig(List.of(8), List.of(2.0, 2.0), 0, "auto", 1, 2, 1, 2, 0, 1)));
        assertEquals("algorithm", field(() -> new IsingConfig(List.of(8), List.of(2.0), 0, "heatbath", 1, 2, 1, 2, 0, 1)));
    }

    @Test
    void autoPicksWolffNearTcAtZeroFieldOnly() {
        IsingConfig c = IsingConfig.defaults();
        assertEquals("wolff", IsingLab.algorithmFor(c, 2.27));
        assertEquals("metropolis", IsingLab.algorithmFor(c, 1.6));
        assertEquals("metropolis", IsingLab.algorithmFor(c, 3.4));
        IsingConfig field = new IsingConfig(List.of(8), List.of(2.27), 0.1, "auto", 1, 2, 1, 2, 0, 1);
        assertEquals("metropolis", IsingLab.algorithmFor(field, 2.27));
    }
}
