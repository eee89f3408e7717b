package cheaplab.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * How long a queued run will wait, from what the server has seen: each lab's median run time over its recent
 * finished runs ({@value #RECENT} most recent runs of all labs), the time the running runs have already had, the
 * number of workers, and the run's place in the fair queue. A small simulation: every worker frees up when its run
 * reaches its lab's median (or now, if it is past it or idle); the runs ahead take the median of all labs each;
 * the answer is when a worker frees up for this run. Unknown (empty) until some run has finished.
 */
public final class WaitEstimate {
    static final int RECENT = 200;

    private WaitEstimate() {}

    /** Seconds until {@code runId} starts, rounded up; empty when it is not queued or nothing has finished yet. */
    public static OptionalLong seconds(Runs runs, String runId, Instant now) {
        int ahead = runs.queuePosition(runId);
        if (ahead < 0) return OptionalLong.empty();
        List<RunRecord> recent = runs.history(null, RECENT);
        Map<String, List<Long>> byLab = new HashMap<>();
        List<Long> all = new ArrayList<>();
        List<RunRecord> running = new ArrayList<>();
        for (RunRecord r : recent) {
            if (r.status() == RunStatus.RUNNING && r.started() != null) running.add(r);
            if (r.status() == RunStatus.FINISHED && r.started() != null && r.finished() != null) {
                long ms = Duration.between(r.started(), r.finished()).toMillis();
                byLab.computeIfAbsent(r.lab(), k -> new ArrayList<>()).add(ms);
                all.add(ms);
            }
        }
        if (all.isEmpty()) return OptionalLong.empty();
        long typical = median(all);
        PriorityQueue<Long> free = new PriorityQueue<>();
        for (RunRecord r : running) {
            List<Long> lab = byLab.get(r.lab());
            long expected = lab == null ? typical : median(lab);
            free.add(Math.max(0, expected - Duration.between(r.started(), now).toMillis()));
        }
        while (free.size() < runs.workers()) free.add(0L);
        while (free.size() > runs.workers()) free.poll(); // more running than workers (a cap changed): keep the latest
        long t = 0;
        for (int i = 0; i <= ahead; i++) {
            t = free.poll();
            free.add(t + typical);
        }
        return OptionalLong.of((t + 999) / 1000);
    }

    static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** "about 40 s", "about 3 min", "about 2 h" for a panel. */
    public static String text(long seconds) {
        if (seconds < 60) return "about " + Math.max(1, seconds) + " s";
        if (seconds < 3600) return "about " + Math.round(seconds / 60.0) + " min";
        return "about " + Math.round(seconds / 3600.0) + " h";
    }
}
