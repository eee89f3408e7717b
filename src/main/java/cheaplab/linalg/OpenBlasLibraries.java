package cheaplab.linalg;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The OpenBLAS libraries loaded in this process and their thread counts.
 *
 * <p>There are two copies of the same OpenBLAS build: JavaCPP extracts {@code libopenblas.so.0} once under its
 * own name — libnd4j and our LAPACK calls ({@link Lapack}) link to it — and once more as
 * {@code libopenblas_nolapack.so.0}, which ND4J's Java-side BLAS and the RBM engine's CBLAS calls
 * ({@link Blas}) go through. Each copy has its own kernel choice, thread pool and thread count, so both are
 * reported, checked ({@link NumericalSelfCheck}) and configured ({@link #setThreads}).
 */
public final class OpenBlasLibraries {
    private static final boolean FOREIGN = foreignUsable();

    private OpenBlasLibraries() {}

    /** One loaded copy: its file, {@code openblas_get_config}, {@code openblas_get_corename}, threads. */
    public record Library(String file, String version, String config, String core, int threads) {
        /** "0.3.21 Haswell ×1 (libopenblas.so.0)". */
        public String summary() {
            return version + " " + core + " ×" + threads + " (" + file + ")";
        }
    }

    /** Loads both copies (idempotent) and returns what they report. */
    public static List<Library> loaded() {
        List<Library> out = new ArrayList<>();
        for (Path file : files()) {
            if (FOREIGN) {
                ForeignOpenBlas f = ForeignOpenBlas.of(file);
                String config = f.config();
                out.add(new Library(file.getFileName().toString(), version(config), config, f.corename(), f.threads()));
            } else {
                out.add(new Library(file.getFileName().toString(), presetVersion(), "unknown", "unknown (start the JVM with "
                        + "--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED to see it)",
                        openblas_nolapack.blas_get_num_threads()));
            }
        }
        return out;
    }

    /** For results' {@code versions} and the health endpoint: {"openblas": "0.3.21 Haswell ×1 (…); …"}. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        StringBuilder s = new StringBuilder();
        for (Library l : loaded()) s.append(s.length() == 0 ? "" : "; ").append(l.summary());
        v.put("openblas", s.toString());
        return v;
    }

    /**
     * Sets the OpenBLAS thread count of every loaded copy. Call it when no BLAS call is in flight (at start-up,
     * before any run): OpenBLAS does not support changing its thread count while another thread is inside it.
     */
    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, was " + n);
        files();
        if (FOREIGN) {
            for (Path file : files()) ForeignOpenBlas.of(file).setThreads(n);
        } else {
            openblas_nolapack.blas_set_num_threads(n);
            openblas.blas_set_num_threads(n);
        }
    }

    /** Whether the kernel names can be read (the foreign-function module is enabled). */
    public static boolean kernelVisible() {
        return FOREIGN;
    }

    /** The distinct OpenBLAS library files mapped into this process, after loading both presets. */
    static List<Path> files() {
        Loader.load(openblas.class);
        Loader.load(openblas_nolapack.class);
        Set<Path> files = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash < 0) continue;
                Path p = Path.of(line.substring(slash).trim());
                if (p.getFileName().toString().startsWith("libopenblas")) files.add(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/maps: " + e.getMessage(), e);
        }
        return new ArrayList<>(files);
    }

    private static String version(String config) {
        String[] t = config.trim().split("\\s+");
        return t.length > 1 && t[0].equals("OpenBLAS") ? t[1] : config;
    }

    /** The OpenBLAS version of the JavaCPP preset jar (its Maven version "0.3.21-1.5.8" up to the dash). */
    private static String presetVersion() {
        try (InputStream in = openblas.class.getResourceAsStream("/META-INF/maven/org.bytedeco/openblas/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            int dash = v.indexOf('-');
            return dash > 0 ? v.substring(0, dash) : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean foreignUsable() {
        if (ModuleLayer.boot().findModule("jdk.incubator.foreign").isEmpty()) return false;
        try {
            Loader.load(openblas.class);
            for (Path p : files()) ForeignOpenBlas.of(p).threads();
            return true;
        } catch (IllegalCallerException | IllegalStateException | NoClassDefFoundError e) {
            return false;
        }
    }
}
