package cheaplab.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable run history: run records and every event. {@link JdbcRunStore} implements it on an embedded H2
 * file (schema by Flyway); the same schema serves PostgreSQL for hosted deployments.
 */
public interface RunStore extends AutoCloseable {

    void insert(RunRecord run);

    /** Writes status, timings, result and error of an existing run. */
    void update(RunRecord run);

    /** Removes a run and its events (a submission the queue refused). */
    void delete(String runId);

    /** Appends events (any runs, any order of runs; seq order within a run). One transaction. */
    void append(List<RunEvent> events);

    Optional<RunRecord> find(String runId);

    /** Most recently submitted first; {@code lab} null means every lab. */
    List<RunRecord> history(String lab, int limit);

    /** The history of one owner's runs (null: everyone's), most recent first. */
    default List<RunRecord> history(String lab, String owner, int limit) {
        if (owner == null) return history(lab, limit);
        return history(lab, Integer.MAX_VALUE).stream().filter(r -> owner.equals(r.owner())).limit(limit).toList();
    }

    /** Stored events of a run with seq > {@code afterSeq}, in seq order. */
    List<RunEvent> events(String runId, long afterSeq);

    /**
     * Marks every run still queued or running as {@link RunStatus#INTERRUPTED} and appends an
     * {@link RunEvent.Interrupted} event after its last stored one. Called at start-up, when no run of this
     * store can be alive. Returns the ids it marked.
     */
    List<String> interruptInFlight(Instant now);

    @Override
    void close();
}
