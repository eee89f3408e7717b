package cheaplab.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JavaCPP settings that must be in place before ND4J loads: off-heap limits (ND4J arrays live outside the Java
 * heap; without limits JavaCPP guesses from -Xmx) and a writable cache for the ~400 MB of native libraries it
 * extracts on first start. A value already given with {@code -D} is kept.
 */
public final class NativeMemory {
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";
    static final String CACHE_DIR = "org.bytedeco.javacpp.cachedir";

    private NativeMemory() {}

    /** Sets what is not set yet; returns the properties it set. */
    static Map<String, String> configure(Path dataDir) {
        Map<String, String> set = limits();
        setIfAbsent(set, CACHE_DIR, dataDir.resolve("javacpp-cache").toAbsolutePath().toString());
        return set;
    }

    /**
     * The off-heap limits alone (the test JVM uses them too, so that it allocates as the server does); returns the
     * properties it set.
     */
    public static Map<String, String> limits() {
        long physical = physicalMemory();
        long heap = Runtime.getRuntime().maxMemory();
        // Off-heap arrays: half the machine, at most 16 GB; the process as a whole: heap + that + 1 GB slack,
        // at most 90% of the machine.
        long maxBytes = Math.max(1L << 30, Math.min(16L << 30, physical / 2));
        long maxPhysical = Math.max(maxBytes + heap, Math.min((long) (physical * 0.9), maxBytes + heap + (1L << 30)));
        Map<String, String> set = new LinkedHashMap<>();
        setIfAbsent(set, MAX_BYTES, Long.toString(maxBytes));
        setIfAbsent(set, MAX_PHYSICAL_BYTES, Long.toString(maxPhysical));
        return set;
    }

    private static void setIfAbsent(Map<String, String> set, String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
            set.put(key, value);
        }
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return os.getTotalMemorySize();
        return 8L << 30;
    }
}
