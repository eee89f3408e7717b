package cheaplab.web;

import cheaplab.core.RunRecord;
import cheaplab.core.RunStatus;
import cheaplab.core.Runs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Workshop mode: the queued and running runs of participants who left are cancelled, so a closed laptop does not
 * hold a worker or a place in the queue. A participant has left when their session has made no request for
 * {@code after} (a workshop page polls every 2 s, a lab page asks for its panel and history) and holds no open run
 * stream. An instructor's runs and the single-user lab's are never reaped. Sweeps every {@value #SWEEP_SECONDS} s.
 */
final class ParticipantReaper implements AutoCloseable {
    static final Duration DEFAULT_AFTER = Duration.ofMinutes(10);
    static final int SWEEP_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(ParticipantReaper.class);

    private final Runs runs;
    private final Participants participants;
    private final java.util.function.Supplier<Set<String>> watchers;
    private final Duration after;
    private ScheduledExecutorService timer;

    /** @param watchers the participant ids holding an open run stream now ({@link RunSocket#watchers()}) */
    ParticipantReaper(Runs runs, Participants participants, java.util.function.Supplier<Set<String>> watchers, Duration after) {
        this.runs = runs;
        this.participants = participants;
        this.watchers = watchers;
        this.after = after;
    }

    synchronized void start() {
        if (timer != null) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "participant-reaper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep(System.currentTimeMillis());
            } catch (RuntimeException e) {
                log.warn("reaping failed: {}", e.toString());
            }
        }, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    /** Cancels the waiting and running runs of every participant gone quiet at {@code nowMillis}; returns their ids. */
    List<String> sweep(long nowMillis) {
        Map<String, Long> seen = participants.lastSeen();
        Set<String> watching = watchers.get();
        Set<String> instructors = participants.instructors();
        List<String> reaped = new ArrayList<>();
        for (RunRecord r : runs.history(null, 1000)) {
            if (r.status() != RunStatus.QUEUED && r.status() != RunStatus.RUNNING) continue;
            String owner = r.owner();
            if (owner == null || RunRecord.LOCAL.equals(owner) || instructors.contains(owner) || watching.contains(owner)) continue;
            Long last = seen.get(owner);
            // No session at all any more (forgotten, or the server restarted): gone as well.
            if (last != null && nowMillis - last < after.toMillis()) continue;
            if (runs.cancel(r.id())) {
                reaped.add(r.id());
                log.info("cancelled run {} of participant {}, who left (no request for {} s, no open stream)",
                        r.id(), owner, after.toSeconds());
            }
        }
        return reaped;
    }

    @Override
    public synchronized void close() {
        if (timer != null) timer.shutdownNow();
        timer = null;
    }
}
