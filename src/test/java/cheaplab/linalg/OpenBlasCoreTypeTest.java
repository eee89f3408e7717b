package cheaplab.linalg;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenBlasCoreTypeTest {
    private static final Set<String> ZEN1 = Set.of("sse4_2", "avx", "avx2", "fma", "f16c");
    private static final Set<String> SAPPHIRE = Set.of("avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_bf16");

    @Test
    void anAvx512KernelForcedOnACpuWithoutItIsRefusedWithTheFix() {
        Optional<String> p = OpenBlasCoreType.problem(Map.of("OPENBLAS_CORETYPE", "SkylakeX"), ZEN1);
        assertTrue(p.isPresent());
        assertTrue(p.get().contains("OPENBLAS_CORETYPE=SkylakeX") && p.get().contains("avx512f"), p.get());
        assertTrue(p.get().contains("OPENBLAS_CORETYPE=Haswell"), "suggests a kernel this CPU runs: " + p.get());
    }

    @Test
    void kernelsTheCpuRunsOrUnknownNamesOrNoneAreLeftToOpenBlas() {
        assertEquals(Optional.empty(), OpenBlasCoreType.problem(Map.of("OPENBLAS_CORETYPE", "Haswell"), ZEN1));
        assertEquals(Optional.empty(), OpenBlasCoreType.problem(Map.of("OPENBLAS_CORETYPE", "COOPERLAKE"), SAPPHIRE));
        assertEquals(Optional.empty(), OpenBlasCoreType.problem(Map.of("OPENBLAS_CORETYPE", "Prescott"), ZEN1));
        assertEquals(Optional.empty(), OpenBlasCoreType.problem(Map.of(), ZEN1));
        assertEquals(Optional.empty(), OpenBlasCoreType.problem(Map.of("OPENBLAS_CORETYPE", "SkylakeX"), Set.of()),
                "unreadable CPU flags: nothing is refused");
        assertTrue(OpenBlasCoreType.problem(Map.of("OPENBLAS_CORETYPE", "cooperlake"), Set.of("avx512f", "avx2")).isPresent(),
                "case-insensitive, and Cooperlake needs bf16 too");
    }
}
