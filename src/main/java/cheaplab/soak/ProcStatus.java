package cheaplab.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of a live Linux process from {@code /proc/<pid>/status}. */
final class ProcStatus {
    private ProcStatus() {}

    /** VmRSS in bytes; -1 when the process is gone or the figure is unavailable. */
    static long residentBytes(long pid) {
        String kb = field(pid, "VmRSS:");
        return kb == null ? -1 : Long.parseLong(kb.replace("kB", "").trim()) * 1024L;
    }

    /** Threads; -1 when the process is gone. */
    static int threads(long pid) {
        String n = field(pid, "Threads:");
        return n == null ? -1 : Integer.parseInt(n.trim());
    }

    static String field(String status, String name) {
        for (String line : status.split("\n")) if (line.startsWith(name)) return line.substring(name.length()).trim();
        return null;
    }

    private static String field(long pid, String name) {
        try {
            return field(Files.readString(Path.of("/proc", Long.toString(pid), "status")), name);
        } catch (IOException e) {
            return null;
        }
    }
}
