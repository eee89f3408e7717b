package cheaplab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages' allowed imports (docs/architecture.md, "Packages and their allowed imports"), checked by a plain
 * scan of src/main/java: every {@code cheaplab.…} name a file uses — in an import or written out in code, comments
 * and string literals left out — must be allowed for the file's package. A package is {@code core}, {@code data},
 * {@code linalg}, {@code web}, {@code workshop}, {@code bench}, {@code soak}, {@code cli}, one lab ({@code lab.<name>}) or the root
 * ({@code cheaplab.App}). The rules:
 * <ul>
 *   <li>core names no lab, web, workshop, cli, bench, soak or the root;</li>
 *   <li>workshop (the workshops' state, plans and exports, over core's Runs and LabCatalog) names no lab, web, cli,
 *       bench, soak or the root;</li>
 *   <li>a lab names no other lab (except those of {@link #LAB_USES}: vrg uses ising and rbm), web, workshop, cli, bench, soak
 *       or the root;</li>
 *   <li>linalg and data name no lab, web, workshop, cli, bench, soak or the root;</li>
 *   <li>web names no lab, cli, bench, soak or the root;</li>
 *   <li>bench (the benchmarks, which may use the labs' public API) and soak name no cli or root;</li>
 *   <li>cli and the root (the composition root) may name anything.</li>
 * </ul>
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern NAME = Pattern.compile("\\bcheaplab((?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");

    @Test
    void everyMainSourceFileKeepsToTheAllowedImports() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(MAIN.resolve("cheaplab"))) {
            for (Path f : all.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                files++;
                violations.addAll(violations(MAIN.relativize(f).toString().replace('\\', '/'), Files.readString(f)));
            }
        }
        assertTrue(files > 100, "scanned " + files + " files under " + MAIN.toAbsolutePath());
        assertTrue(violations.isEmpty(), "forbidden imports:\n" + String.join("\n", violations));
    }

    @Test
    void theScannerNamesFileAndForbiddenImport() {
        String source = """
                package cheaplab.core;

                import cheaplab.data.DataCatalog;
                import cheaplab.lab.ridge.RidgeLab;
                // a comment naming cheaplab.web.WebApp is no import
                /** nor is {@link cheaplab.cli.Cli} in a Javadoc */
                final class Registry {
                    String s = "cheaplab.bench.Benchmarks"; // nor a string
                    Object rbm = new cheaplab.lab.rbm.RbmLab();
                }
                """;
        assertEquals(List.of("cheaplab/core/Registry.java imports cheaplab.lab.ridge.RidgeLab (core may not name lab.ridge)",
                        "cheaplab/core/Registry.java imports cheaplab.lab.rbm.RbmLab (core may not name lab.rbm)"),
                violations("cheaplab/core/Registry.java", source));
    }

    @Test
    void aLabMayNotNameAnotherLabNorBenchButMayNameLinalgAndItself() {
        String source = """
                package cheaplab.lab.rbm;
                import cheaplab.linalg.Blas;
                import cheaplab.lab.rbm.RbmConfig;
                import cheaplab.lab.ridge.SpectralRidge;
                import static cheaplab.bench.CpuLoad.start;
                """;
        assertEquals(List.of("cheaplab/lab/rbm/X.java imports cheaplab.lab.ridge.SpectralRidge (lab.rbm may not name lab.ridge)",
                        "cheaplab/lab/rbm/X.java imports cheaplab.bench.CpuLoad (lab.rbm may not name bench)"),
                violations("cheaplab/lab/rbm/X.java", source));
        assertEquals(List.of(), violations("cheaplab/cli/X.java", source.replace("package cheaplab.lab.rbm", "package cheaplab.cli")));
        // vrg may use ising and rbm, and nothing else of the labs; no lab may use vrg.
        assertEquals(List.of(), violations("cheaplab/lab/vrg/X.java",
                "package cheaplab.lab.vrg;\nimport cheaplab.lab.ising.SpinLanes;\nimport cheaplab.lab.rbm.BernoulliRbm;\n"));
        assertEquals(List.of("cheaplab/lab/vrg/X.java imports cheaplab.lab.ridge.RidgeLab (lab.vrg may not name lab.ridge)"),
                violations("cheaplab/lab/vrg/X.java", "package cheaplab.lab.vrg;\nimport cheaplab.lab.ridge.RidgeLab;\n"));
        assertEquals(List.of("cheaplab/lab/rbm/X.java imports cheaplab.lab.vrg.VrgLab (lab.rbm may not name lab.vrg)"),
                violations("cheaplab/lab/rbm/X.java", "package cheaplab.lab.rbm;\nimport cheaplab.lab.vrg.VrgLab;\n"));
        assertEquals(List.of(), violations("cheaplab/bench/X.java",
                "package cheaplab.bench;\nimport cheaplab.lab.rbm.RbmLab;\nimport cheaplab.lab.ridge.RidgeLab;\n"));
    }

    /** The forbidden names of one file, each as "file imports name (package may not name target)". */
    static List<String> violations(String file, String source) {
        String from = unit(file.substring(0, file.lastIndexOf('/')).replace('/', '.'));
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String code = code(source);
        Matcher m = NAME.matcher(code);
        while (m.find()) {
            String pkg = "cheaplab" + m.group(1);
            String type = typeAt(code, m);
            String to = unit(pkg);
            if (!seen.add(pkg + "." + type)) continue;
            if (!allowed(from, to)) out.add(file + " imports " + pkg + "." + type + " (" + from + " may not name " + to + ")");
        }
        return out;
    }

    /** The package's unit: "root", "core", "lab.ridge", … */
    static String unit(String pkg) {
        String rest = pkg.equals("cheaplab") ? "" : pkg.substring("cheaplab.".length());
        if (rest.isEmpty()) return "root";
        String[] parts = rest.split("\\.");
        return parts[0].equals("lab") && parts.length > 1 ? "lab." + parts[1] : parts[0];
    }

    /**
     * The one lab-to-lab dependency: vrg draws its samples from the ising lab's sampler and trains with the RBM lab's
     * engine, through their public API, rather than copying either (docs/architecture.md).
     */
    static final java.util.Map<String, Set<String>> LAB_USES = java.util.Map.of("lab.vrg", Set.of("lab.ising", "lab.rbm"));

    static boolean allowed(String from, String to) {
        if (from.equals(to) || from.equals("cli") || from.equals("root")) return true;
        if (LAB_USES.getOrDefault(from, Set.of()).contains(to)) return true;
        if (to.equals("cli") || to.equals("root")) return false;
        boolean lab = to.startsWith("lab.");
        return switch (from) {
            case "core", "linalg", "data", "workshop" -> !lab && !Set.of("web", "bench", "soak").contains(to)
                    && (from.equals("workshop") || !to.equals("workshop"));
            case "web" -> !lab && !Set.of("bench", "soak").contains(to);
            case "bench", "soak" -> true;
            default -> from.startsWith("lab.") ? !lab && !Set.of("web", "bench", "soak", "workshop").contains(to)
                    : fail("unknown package " + from);
        };
    }

    private static boolean fail(String message) {
        throw new AssertionError(message + ": add it to the rules (and to docs/architecture.md)");
    }

    /** The simple type name a match starts, e.g. RidgeLab in cheaplab.lab.ridge.RidgeLab. */
    private static String typeAt(String source, Matcher m) {
        int i = m.end() - 1, j = i;
        while (j < source.length() && Character.isJavaIdentifierPart(source.charAt(j))) j++;
        return source.substring(i, j);
    }

    /**
     * The source with comments and string/char literals blanked (same length, so offsets stay). A package
     * declaration names no type, so it never matches.
     */
    static String code(String s) {
        StringBuilder b = new StringBuilder(s);
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (s.startsWith("\"\"\"", i)) {
                int e = s.indexOf("\"\"\"", i + 3);
                e = e < 0 ? n : e + 3;
                blank(b, i, e);
                i = e;
            } else if (c == '"' || c == '\'') {
                int e = i + 1;
                while (e < n && s.charAt(e) != c && s.charAt(e) != '\n') e += s.charAt(e) == '\\' ? 2 : 1;
                e = Math.min(n, e + 1);
                blank(b, i, e);
                i = e;
            } else if (s.startsWith("//", i)) {
                int e = s.indexOf('\n', i);
                e = e < 0 ? n : e;
                blank(b, i, e);
                i = e;
            } else if (s.startsWith("/*", i)) {
                int e = s.indexOf("*/", i + 2);
                e = e < 0 ? n : e + 2;
                blank(b, i, e);
                i = e;
            } else {
                i++;
            }
        }
        return b.toString();
    }

    private static void blank(StringBuilder b, int from, int to) {
        for (int k = from; k < to; k++) if (b.charAt(k) != '\n') b.setCharAt(k, ' ');
    }
}
