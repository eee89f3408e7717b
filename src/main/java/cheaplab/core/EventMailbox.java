package cheaplab.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One subscriber's ordered, asynchronous delivery. Publishers only append (never block, never run listener
 * code); a drain task on the shared, bounded executor hands events to the listener one at a time, in order, a batch
 * per turn. A listener
 * that throws is unsubscribed; one that falls more than {@code capacity} events behind is dropped (it can
 * reconnect and catch up from the store). Either way the publishing training thread is untouched.
 */
final class EventMailbox implements Runs.Subscription {
    private static final Logger log = LoggerFactory.getLogger(EventMailbox.class);
    private static final int DRAIN_BATCH = 256;

    private final String runId;
    private final Consumer<RunEvent> listener;
    private final Executor executor;
    private final int capacity;
    private final long afterSeq;
    private final ArrayDeque<RunEvent> queue = new ArrayDeque<>();
    private boolean scheduled;
    private volatile boolean closed;
    private Runnable onClose = () -> {};

    /** Events with seq &lt;= {@code afterSeq} are skipped (the subscriber has them). */
    EventMailbox(String runId, long afterSeq, Consumer<RunEvent> listener, Executor executor, int capacity) {
        this.runId = runId;
        this.afterSeq = afterSeq;
        this.listener = listener;
        this.executor = executor;
        this.capacity = capacity;
    }

    /** Called by the owner (the hub) to learn when the subscriber goes away. */
    synchronized void onClose(Runnable r) {
        this.onClose = r;
    }

    /** Appends an event for delivery; false when the mailbox is closed (now or by this overflow). */
    boolean offer(RunEvent e) {
        if (e.seq() <= afterSeq) return !closed;
        boolean schedule;
        synchronized (this) {
            if (closed) return false;
            if (queue.size() >= capacity) {
                log.warn("subscriber of run {} fell {} events behind; unsubscribed", runId, queue.size());
                closeLocked();
                return false;
            }
            queue.addLast(e);
            schedule = !scheduled;
            if (schedule) scheduled = true;
        }
        if (schedule) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException rejected) {
                close();
                return false;
            }
        }
        return true;
    }

    /** Appends many events at once (a replay); same semantics as {@link #offer}. */
    void offerAll(List<RunEvent> events) {
        for (RunEvent e : events) if (!offer(e)) return;
    }

    /** Hands over one batch, then re-queues itself if more is waiting (fair to the other mailboxes of the pool). */
    private void drain() {
        List<RunEvent> batch = new ArrayList<>(DRAIN_BATCH);
        synchronized (this) {
            if (closed) {
                queue.clear();
                scheduled = false;
                return;
            }
            for (int i = 0; i < DRAIN_BATCH && !queue.isEmpty(); i++) batch.add(queue.pollFirst());
            if (batch.isEmpty()) {
                scheduled = false;
                return;
            }
        }
        for (RunEvent e : batch) {
            if (closed) break;
            try {
                listener.accept(e);
            } catch (Throwable t) {
                log.warn("listener of run {} threw {}; unsubscribed", runId, t.toString());
                close();
                break;
            }
        }
        synchronized (this) {
            if (closed || queue.isEmpty()) {
                if (closed) queue.clear();
                scheduled = false;
                return;
            }
        }
        try {
            executor.execute(this::drain); // still scheduled: offers meanwhile add to the queue only
        } catch (RejectedExecutionException rejected) {
            close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        Runnable r;
        synchronized (this) {
            if (closed) return;
            r = closeLocked();
        }
        r.run();
    }

    private Runnable closeLocked() {
        closed = true;
        queue.clear();
        Runnable r = onClose;
        onClose = () -> {};
        return r;
    }
}
