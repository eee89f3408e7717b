package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.RunEvent;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one writer of a WebSocket session: events wait in a bounded queue and a single drain task sends them
 * in order, so sends never interleave. {@link #offer} (called on the run's event-delivery thread, never the
 * training thread) waits up to {@code stallMillis} for room; a client that stalls that long, or whose send
 * throws (closed tab, dropped network), ends this sender and its subscription, and nothing else.
 * After the run's terminal event the session is closed normally (1000, "run ended").
 */
final class SessionSender {
    private static final Logger log = LoggerFactory.getLogger(SessionSender.class);

    private final WsContext ctx;
    private final ArrayBlockingQueue<RunEvent> queue;
    private final Executor executor;
    private final long stallMillis;
    private final Object lock = new Object();
    private boolean draining;            // guarded by lock
    private volatile boolean stopped;
    private volatile Runnable onStop = () -> {};

    SessionSender(WsContext ctx, int capacity, Executor executor, long stallMillis) {
        this.ctx = ctx;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.executor = executor;
        this.stallMillis = stallMillis;
    }

    void onStop(Runnable r) {
        this.onStop = r;
        if (stopped) r.run();
    }

    boolean stopped() {
        return stopped;
    }

    /** Queues an event for sending; false when the session is gone or stalled (then it is stopped). */
    boolean offer(RunEvent e) {
        if (stopped) return false;
        try {
            if (!queue.offer(e, stallMillis, TimeUnit.MILLISECONDS)) {
                log.info("websocket {} stalled for {} ms; closing it (the client may reconnect with after=N)", ctx.sessionId(), stallMillis);
                close(1013, "client too slow; reconnect with after=<last seq>");
                return false;
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            stop();
            return false;
        }
        schedule();
        return true;
    }

    private void schedule() {
        synchronized (lock) {
            if (draining || stopped) return;
            draining = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException rejected) {
            stop();
        }
    }

    private void drain() {
        while (true) {
            RunEvent e;
            synchronized (lock) {
                e = stopped ? null : queue.poll();
                if (e == null) {
                    draining = false;
                    break;
                }
            }
            try {
                ctx.send(Json.write(e));
            } catch (Throwable t) {
                log.debug("websocket {} send failed ({}); unsubscribing", ctx.sessionId(), t.toString());
                stop();
                return;
            }
            if (e.terminal()) {
                close(1000, "run ended");
                return;
            }
        }
        // An offer may have slipped in between the last poll and draining = false.
        if (!queue.isEmpty()) schedule();
    }

    /** Closes the session (best effort) and stops. */
    void close(int code, String reason) {
        try {
            ctx.closeSession(code, reason);
        } catch (Throwable ignored) {
            // already gone
        }
        stop();
    }

    /** Stops sending and unsubscribes; idempotent. */
    void stop() {
        if (stopped) return;
        stopped = true;
        queue.clear();
        try {
            onStop.run();
        } catch (Throwable t) {
            log.debug("unsubscribe failed: {}", t.toString());
        }
    }
}
