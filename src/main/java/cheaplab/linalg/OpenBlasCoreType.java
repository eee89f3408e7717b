package cheaplab.linalg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a forced OpenBLAS kernel ({@code OPENBLAS_CORETYPE}) against the CPU before OpenBLAS loads. OpenBLAS
 * obeys the variable without asking whether the CPU can run the kernel: {@code OPENBLAS_CORETYPE=SkylakeX} on a
 * CPU without AVX-512 kills the JVM with SIGILL at the first BLAS call (seen on an AMD EPYC Zen 1). The lab
 * refuses to start instead, naming the variable and the missing instruction set.
 */
public final class OpenBlasCoreType {
    private OpenBlasCoreType() {}

    /** The instruction-set flags (as in /proc/cpuinfo) a kernel family needs, by upper-case kernel name. */
    private static final Map<String, Set<String>> NEEDS = Map.ofEntries(
            Map.entry("SAPPHIRERAPIDS", Set.of("avx512f", "avx512bw", "avx512vl", "avx512_bf16")),
            Map.entry("COOPERLAKE", Set.of("avx512f", "avx512bw", "avx512vl", "avx512_bf16")),
            Map.entry("SKYLAKEX", Set.of("avx512f", "avx512bw", "avx512vl")),
            Map.entry("ZEN", Set.of("avx2", "fma")),
            Map.entry("HASWELL", Set.of("avx2", "fma")),
            Map.entry("SANDYBRIDGE", Set.of("avx")),
            Map.entry("EXCAVATOR", Set.of("avx2")),
            Map.entry("STEAMROLLER", Set.of("avx", "fma")),
            Map.entry("PILEDRIVER", Set.of("avx", "fma")),
            Map.entry("BULLDOZER", Set.of("avx")));

    /**
     * Why the kernel forced in {@code env} cannot run on a CPU with {@code cpuFlags}, or empty when it can (or
     * none is forced, or the name is one this check does not know: OpenBLAS itself then falls back).
     */
    public static Optional<String> problem(Map<String, String> env, Set<String> cpuFlags) {
        String forced = env.get("OPENBLAS_CORETYPE");
        if (forced == null || forced.isBlank() || cpuFlags.isEmpty()) return Optional.empty();
        Set<String> needs = NEEDS.get(forced.trim().toUpperCase(Locale.ROOT));
        if (needs == null) return Optional.empty();
        Set<String> missing = new HashSet<>(needs);
        missing.removeAll(cpuFlags);
        if (missing.isEmpty()) return Optional.empty();
        return Optional.of("OPENBLAS_CORETYPE=" + forced.trim() + " forces an OpenBLAS kernel that needs "
                + String.join(", ", missing.stream().sorted().toList()) + ", which this CPU lacks: OpenBLAS would crash "
                + "the process at its first call. Unset OPENBLAS_CORETYPE (OpenBLAS then picks a kernel for this CPU) or "
                + "set one this CPU runs, e.g. OPENBLAS_CORETYPE=" + (cpuFlags.contains("avx2") ? "Haswell" : "Nehalem") + ".");
    }

    /** The same for this process's environment and CPU. */
    public static Optional<String> problem() {
        return problem(System.getenv(), cpuFlags());
    }

    /** The flags of the first processor in /proc/cpuinfo (empty where it cannot be read: then nothing is refused). */
    static Set<String> cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no access: leave it to OpenBLAS
        }
        return Set.of();
    }
}
