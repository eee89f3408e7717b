package cheaplab.core;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Fans a run's events out to its subscribers and keeps a replay buffer per run. A small seam: the in-memory
 * {@link InMemoryEventHub} now; a {@code run_events} table plus database notifications when several nodes
 * share one store. Delivery is asynchronous: {@link #publish} never runs listener code and never blocks.
 */
public interface EventHub extends AutoCloseable {

    /** Starts buffering run {@code runId}; its first event will have seq 1. */
    void open(String runId);

    /**
     * Appends an event of an open run and hands it to every subscriber. Events of one run must be published
     * in seq order (seq = previous + 1) by one publisher at a time.
     */
    void publish(RunEvent event);

    /**
     * Subscribes to an open run: every buffered event with seq > {@code afterSeq}, then each live event, with
     * no gap, duplicate or reordering (replay and registration happen atomically). Empty when this hub does
     * not hold the run (never opened, or released): the caller then replays from the store.
     */
    Optional<Runs.Subscription> subscribe(String runId, long afterSeq, Consumer<RunEvent> listener);

    /** Delivers a fixed list of events (e.g. read from the store) through the same ordered asynchronous path. */
    Runs.Subscription deliver(String runId, List<RunEvent> events, Consumer<RunEvent> listener);

    /** Buffered events with seq > {@code afterSeq}; empty when this hub does not hold the run. */
    Optional<List<RunEvent>> events(String runId, long afterSeq);

    /** The run ended and its events are stored: the hub may drop its buffer (subscribers then use the store). */
    void release(String runId);

    /** Forgets a run that was opened but never started (its submission was refused). */
    void discard(String runId);

    @Override
    void close();
}
