package cheaplab.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Persists events on one background thread, in order, in batches (whatever queued up while the previous
 * batch was written, up to {@link #BATCH}). A training thread only enqueues. A store error is logged and the
 * batch dropped: a broken disk loses history, never a run. {@link #flush} waits until everything enqueued
 * before the call has been written (or given up on).
 */
final class EventWriter implements AutoCloseable {
    static final int BATCH = 1000;
    /** Beyond this many unwritten events (store stalled) new events are dropped from persistence. */
    static final int BACKLOG_LIMIT = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);
    private static final RunEvent STOP = new RunEvent.Log("", 0, 0, 0, "stop");

    private final RunStore store;
    private final LinkedBlockingQueue<RunEvent> queue = new LinkedBlockingQueue<>(BACKLOG_LIMIT);
    private final Thread thread;
    private final Object progress = new Object();
    private long enqueued; // guarded by progress
    private long done;     // guarded by progress
    private volatile boolean stopped;

    EventWriter(RunStore store) {
        this.store = store;
        this.thread = new Thread(this::loop, "run-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an event for the store; never blocks. */
    void enqueue(RunEvent e) {
        synchronized (progress) {
            if (stopped || !queue.offer(e)) {
                log.error("run store backlog full or writer stopped; event {}#{} not persisted", e.runId(), e.seq());
                return;
            }
            enqueued++;
        }
    }

    /** Waits until every event enqueued before this call is written or dropped; false on timeout. */
    boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = enqueued;
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) return false;
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void loop() {
        List<RunEvent> batch = new ArrayList<>(BATCH);
        while (true) {
            RunEvent first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (first == STOP) return;
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            boolean stop = batch.removeIf(e -> e == STOP);
            if (batch.isEmpty()) return;
            try {
                store.append(batch);
            } catch (Throwable t) {
                log.error("could not store {} events (run {} onwards): {}", batch.size(), batch.get(0).runId(), t.toString());
            }
            synchronized (progress) {
                done += batch.size();
                progress.notifyAll();
            }
            batch.clear();
            if (stop) return;
        }
    }

    /** Writes what is queued, then stops the thread. */
    @Override
    public void close() {
        synchronized (progress) {
            if (stopped) return;
            stopped = true;
        }
        flush(Duration.ofSeconds(30));
        queue.offer(STOP);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
