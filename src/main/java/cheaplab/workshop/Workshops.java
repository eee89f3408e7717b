package cheaplab.workshop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workshops of this server, by join code. They live in this JVM, as participant sessions do
 * (web/Participants.java): a restart ends them (their runs stay in the run store, and an export taken before keeps
 * everything). At most {@value #MAX_WORKSHOPS} at once; the oldest is forgotten first.
 */
public final class Workshops {
    public static final int MAX_WORKSHOPS = 200;
    private final Map<String, Workshop> byCode = new LinkedHashMap<>();

    /** Opens a workshop with a fresh join code, created by the instructor session {@code instructor}. */
    public synchronized Workshop create(WorkshopPlan plan, String instructor) {
        String code;
        do code = JoinCode.next(); while (byCode.containsKey(code));
        Workshop w = new Workshop(code, plan, instructor, Instant.now());
        byCode.put(code, w);
        if (byCode.size() > MAX_WORKSHOPS) byCode.remove(byCode.keySet().iterator().next());
        return w;
    }

    /** The workshop of a code as typed (any case), if any. */
    public synchronized Optional<Workshop> find(String typed) {
        String code = JoinCode.normalise(typed);
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
    }

    /** Most recent first. */
    public synchronized List<Workshop> all() {
        List<Workshop> l = new ArrayList<>(byCode.values());
        java.util.Collections.reverse(l);
        return l;
    }

    /** Whether {@code participant} is a member of a workshop that shared {@code runId} with its class. */
    public synchronized boolean sharedWith(String participant, String runId) {
        for (Workshop w : byCode.values()) if (w.isShared(runId) && w.member(participant).isPresent()) return true;
        return false;
    }

    /** The workshop a run was made in, if any. */
    public synchronized Optional<Workshop> ofRun(String runId) {
        for (Workshop w : byCode.values()) if (w.run(runId).isPresent()) return Optional.of(w);
        return Optional.empty();
    }
}
