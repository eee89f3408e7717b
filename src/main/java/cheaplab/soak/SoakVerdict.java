package cheaplab.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a soak passed: the server alive and healthy at the end, every run finished or (if cancelled) cancelled,
 * every watching client saw every event, no native fault in the server's log or exit, and the largest resident
 * memory seen as each of the last {@link #BASELINE_RUNS} runs ended within {@link #RSS_GROWTH_LIMIT} of the largest
 * seen as each of the first {@link #BASELINE_RUNS} ended (both with the other clients' runs in flight).
 */
final class SoakVerdict {
    static final int BASELINE_RUNS = 10;
    static final double RSS_GROWTH_LIMIT = 0.20;

    /**
     * What glibc, the JVM and the C++ runtime print when native memory goes wrong (glibc's messages from its
     * {@code malloc_printerr} calls; the JVM's fatal-error banner; a C++ terminate).
     */
    static final Pattern NATIVE_FAULT = Pattern.compile(
            "malloc\\(\\)|free\\(\\): |double free|corrupted (size|double-linked|top size|unsorted)|malloc_consolidate"
                    + "|realloc\\(\\): |munmap_chunk\\(\\)|A fatal error has been detected by the Java Runtime"
                    + "|SIGSEGV|SIGBUS|SIGABRT|terminate called after");

    /**
     * @param aliveAtEnd   the server process was running and answered {@code /api/health} after the last run
     * @param exitCode     its exit code after SIGTERM (0 or 143 are clean)
     * @param log          everything it printed
     * @param crashFiles   hs_err or core files it left
     * @param rssAfterTen  the largest resident bytes when each of the first ten runs ended
     * @param rssEnd       the largest resident bytes when each of the last ten runs ended
     */
    record Evidence(List<SoakOutcome> outcomes, boolean aliveAtEnd, int exitCode, String log, List<String> crashFiles,
                    long rssAfterTen, long rssEnd) {}

    private SoakVerdict() {}

    /** The reasons the soak failed; empty when it passed. */
    static List<String> failures(Evidence e) {
        List<String> f = new ArrayList<>();
        if (!e.aliveAtEnd()) f.add("the server was not alive and healthy after the last run");
        if (e.exitCode() != 0 && e.exitCode() != 143) f.add("the server exited with " + e.exitCode() + " after SIGTERM");
        var m = NATIVE_FAULT.matcher(e.log());
        if (m.find()) {
            int from = Math.max(0, e.log().lastIndexOf('\n', m.start()) + 1);
            int to = e.log().indexOf('\n', m.end());
            f.add("native fault in the server log: " + e.log().substring(from, to < 0 ? e.log().length() : Math.min(to, from + 200)).strip());
        }
        if (!e.crashFiles().isEmpty()) f.add("crash files: " + String.join(", ", e.crashFiles()));
        for (SoakOutcome o : e.outcomes()) {
            if (!o.expected()) f.add("run " + o.step().index() + " (" + o.step().lab() + ", " + o.step().action().name().toLowerCase()
                    + ") ended " + o.status() + (o.status().equals("finished") ? " but its client " + (o.gaps() ? "saw a gap" : "missed the end event")
                    + " (" + o.socket() + ")" : ""));
        }
        if (e.rssAfterTen() <= 0 || e.rssEnd() <= 0) f.add("resident memory could not be read");
        else if (e.rssEnd() > e.rssAfterTen() * (1 + RSS_GROWTH_LIMIT)) {
            f.add(String.format("resident memory grew %.1f%% after the first %d runs (%d → %d MiB; limit %.0f%%)",
                    100.0 * (e.rssEnd() - e.rssAfterTen()) / e.rssAfterTen(), BASELINE_RUNS,
                    e.rssAfterTen() >> 20, e.rssEnd() >> 20, 100 * RSS_GROWTH_LIMIT));
        }
        return f;
    }
}
