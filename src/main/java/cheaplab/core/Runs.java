package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The run facade the web and CLI layers talk to. Nothing behind it assumes a run executes in the caller's
 * JVM: events carry {@code (runId, attempt, seq)} and late subscribers catch up from the store.
 */
public interface Runs {

    /**
     * Validates {@code config} against the lab's config record and queues the run.
     *
     * @throws UnknownLabException  no such lab
     * @throws ConfigException      a field is out of range or malformed (names the field)
     * @throws QueueFullException   the bounded queue is full
     */
    RunRecord submit(String lab, JsonNode config);

    /**
     * Submits on behalf of {@code owner}, a participant's public id (runs of the single-user lab are
     * {@link RunRecord#LOCAL}'s).
     *
     * @throws QuotaExceededException the owner already has as many runs waiting as allowed
     */
    RunRecord submit(String lab, JsonNode config, String owner);

    /** How many waiting runs go before this one (0 = next), -1 when it is not waiting. */
    default int queuePosition(String runId) {
        return -1;
    }

    /** Runs that may execute at once. */
    default int workers() {
        return 1;
    }

    Optional<RunRecord> find(String runId);

    /** Requests cancellation; false when the run is unknown or already ended. */
    boolean cancel(String runId);

    /** Most recent first; {@code lab} null means every lab. */
    List<RunRecord> history(String lab, int limit);

    /** One owner's runs (null: everyone's), most recent first: what a workshop participant's history shows. */
    default List<RunRecord> history(String lab, String owner, int limit) {
        List<RunRecord> all = history(lab, owner == null ? limit : 1000);
        return owner == null ? all : all.stream().filter(r -> owner.equals(r.owner())).limit(limit).toList();
    }

    /** Stored events with seq greater than {@code afterSeq}, in order. */
    List<RunEvent> events(String runId, long afterSeq);

    /**
     * Delivers every event with seq greater than {@code afterSeq}: first the replay, then live events,
     * with no gap, duplicate or reordering. The listener must not block.
     */
    Subscription subscribe(String runId, long afterSeq, Consumer<RunEvent> listener);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
