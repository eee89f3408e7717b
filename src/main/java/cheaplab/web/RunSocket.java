package cheaplab.web;

import cheaplab.core.RunEvent;
import cheaplab.core.RunRecord;
import cheaplab.core.Runs;
import cheaplab.core.UnknownRunException;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /ws/runs/{id}?after=N}: streams a run's events as JSON text messages (one event per message, the
 * {@link cheaplab.core.RunEvent} JSON with its {@code type} and {@code seq}). First every event with seq &gt; N
 * (default 0: all), then live events, with no gap, duplicate or reordering; after the terminal event the server
 * closes with 1000 "run ended". A client that reconnects passes the last seq it saw as {@code after}.
 * Close codes: 4404 unknown run; 4400 bad {@code after}; 1013 client too slow (reconnect with after).
 * The server sends nothing else and ignores what the client sends.
 */
public final class RunSocket {
    public static final int UNKNOWN_RUN = 4404;
    public static final int BAD_REQUEST = 4400;
    static final int QUEUE_CAPACITY = 1024;
    static final long STALL_MILLIS = 30_000;

    private static final Logger log = LoggerFactory.getLogger(RunSocket.class);

    private final Runs runs;
    private final long stallMillis;
    private final ConcurrentHashMap<String, SessionSender> senders = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    private RunSocket(Runs runs, long stallMillis) {
        this.runs = runs;
        this.stallMillis = stallMillis;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "ws-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static void register(Javalin app, Runs runs) {
        register(app, runs, STALL_MILLIS);
    }

    /** With a custom stall limit: how long a client may stop reading before it is closed with 1013. */
    static RunSocket register(Javalin app, Runs runs, long stallMillis) {
        RunSocket s = new RunSocket(runs, stallMillis);
        app.ws("/ws/runs/{id}", ws -> {
            ws.onConnect(s::connect);
            ws.onClose(ctx -> s.disconnect(ctx));
            ws.onError(ctx -> s.disconnect(ctx));
        });
        app.wsException(Exception.class, (e, ctx) -> {
            log.error("websocket {} failed", ctx.matchedPath(), e);
            s.disconnect(ctx);
            try {
                ctx.closeSession(1011, "internal error");
            } catch (Throwable ignored) {
                // gone
            }
        });
        app.events(e -> e.serverStopped(s.executor::shutdownNow));
        return s;
    }

    /** Open sessions (for tests and diagnostics). */
    int sessions() {
        return senders.size();
    }

    private void connect(WsContext ctx) {
        String id = ctx.pathParam("id");
        long after;
        try {
            String a = ctx.queryParam("after");
            after = a == null || a.isBlank() ? 0 : Long.parseLong(a.trim());
            if (after < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            ctx.closeSession(BAD_REQUEST, "after must be a non-negative integer");
            return;
        }
        Optional<RunRecord> run = runs.find(id);
        if (run.isEmpty()) {
            ctx.closeSession(UNKNOWN_RUN, clip("unknown run '" + id + "'"));
            return;
        }
        ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
        SessionSender sender = new SessionSender(ctx, QUEUE_CAPACITY, executor, stallMillis);
        senders.put(ctx.sessionId(), sender);
        Runs.Subscription sub;
        try {
            sub = runs.subscribe(id, after, sender::offer);
        } catch (UnknownRunException e) {
            senders.remove(ctx.sessionId());
            ctx.closeSession(UNKNOWN_RUN, clip(e.getMessage()));
            return;
        }
        sender.onStop(() -> {
            sub.close();
            senders.remove(ctx.sessionId());
            try {
                ctx.disableAutomaticPings();
            } catch (Throwable ignored) {
                // session gone
            }
        });
        // A client that already holds the terminal event gets nothing more: close now rather than idle forever.
        if (runs.find(id).map(r -> r.status().terminal()).orElse(false)) {
            List<RunEvent> all = runs.events(id, 0);
            RunEvent last = all.isEmpty() ? null : all.get(all.size() - 1);
            if (last != null && last.terminal() && last.seq() <= after) sender.close(1000, "run ended");
        }
    }

    private void disconnect(WsContext ctx) {
        SessionSender s = senders.remove(ctx.sessionId());
        if (s != null) {
            log.debug("websocket {} closed", ctx.sessionId());
            s.stop();
        }
    }

    /** WebSocket close reasons are at most 123 bytes. */
    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
