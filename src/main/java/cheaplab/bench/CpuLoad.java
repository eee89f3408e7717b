package cheaplab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How busy the machine was with other work while a section ran: CPU time of all processes (/proc/stat) minus
 * this process's own (/proc/self/stat), divided by the wall time, plus hypervisor steal. On a shared 2-vCPU
 * machine a timing with {@code foreignCores} near 1 ran on half a machine. Linux only; elsewhere the figures
 * are NaN. The benchmarks' one load probe (every benchmark that reports foreign load uses it).
 */
final class CpuLoad {
    private final long startNanos;
    private final long[] startAll;
    private final long startSelf;

    private CpuLoad(long startNanos, long[] startAll, long startSelf) {
        this.startNanos = startNanos;
        this.startAll = startAll;
        this.startSelf = startSelf;
    }

    static CpuLoad start() {
        return new CpuLoad(System.nanoTime(), all(), self());
    }

    /** {wallSeconds, foreignCores, stealCores, ownCores}. */
    Map<String, Double> stop() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        long[] end = all();
        long self = self();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("wallSeconds", wall);
        if (end == null || startAll == null || self < 0 || startSelf < 0) {
            m.put("foreignCores", Double.NaN);
            m.put("stealCores", Double.NaN);
            m.put("ownCores", Double.NaN);
            return m;
        }
        double hz = 100.0; // USER_HZ
        double busy = (end[0] - startAll[0]) / hz, steal = (end[1] - startAll[1]) / hz, own = (self - startSelf) / hz;
        m.put("foreignCores", Math.max(0, busy - own) / wall);
        m.put("stealCores", steal / wall);
        m.put("ownCores", own / wall);
        return m;
    }

    /**
     * Waits until other processes use less than {@code maxForeignCores} over a one-second window, for at most
     * {@code seconds}; returns the foreign load of the last window.
     */
    static double waitForQuiet(double seconds, double maxForeignCores) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        double last;
        do {
            CpuLoad l = start();
            Thread.sleep(1000);
            last = l.stop().get("foreignCores");
            if (!(last > maxForeignCores)) return last;
        } while (System.nanoTime() < deadline);
        return last;
    }

    /** {busy jiffies (user+nice+system+irq+softirq), steal jiffies} of the whole machine, or null. */
    private static long[] all() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
            return new long[]{busy, f.length > 8 ? Long.parseLong(f[8]) : 0};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of this process in jiffies, or −1. */
    private static long self() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
