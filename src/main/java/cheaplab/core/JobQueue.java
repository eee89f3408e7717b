package cheaplab.core;

import java.time.Duration;
import java.util.List;

/**
 * Where runs wait for a worker. A small seam: the in-process {@link InProcessJobQueue} now; a job engine
 * spreading runs over several nodes later. Jobs are keyed by run id so a queued run can be withdrawn.
 */
public interface JobQueue {

    /**
     * Queues {@code job} for run {@code runId}.
     *
     * @throws QueueFullException    when {@link #capacity()} jobs are already waiting
     * @throws IllegalStateException after {@link #shutdown}
     */
    void submit(String runId, Runnable job);

    /**
     * Queues {@code job} for run {@code runId} on behalf of {@code owner} (a participant): a fair queue serves
     * owners in turn and holds each to its limits; this default ignores the owner.
     *
     * @throws QuotaExceededException when the owner already has as many jobs waiting as it may
     */
    default void submit(String runId, String owner, Runnable job) {
        submit(runId, job);
    }

    /** How many waiting jobs go before {@code runId} (0 = next), or -1 when it is not waiting; -1 if unknown. */
    default int position(String runId) {
        return -1;
    }

    /** Withdraws a job that no worker has taken yet; false if it already started, ended or never existed. */
    boolean remove(String runId);

    /** Jobs waiting for a worker (running ones not counted). */
    int waiting();

    /** How many jobs may wait at once. */
    int capacity();

    /** Number of worker threads. */
    int workers();

    /**
     * Stops accepting jobs, withdraws the waiting ones and returns their run ids (oldest first). Jobs already
     * running go on; {@link #awaitIdle} waits for them.
     */
    List<String> shutdown();

    /** Waits until no job is running (after {@link #shutdown}); true if that happened within {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException;
}
