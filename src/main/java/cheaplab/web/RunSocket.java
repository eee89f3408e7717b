package cheaplab.web;

import cheaplab.core.RunRecord;
import cheaplab.core.Runs;
import cheaplab.core.UnknownRunException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.eclipse.jetty.websocket.api.WebSocketPingPongListener;
import org.eclipse.jetty.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.JettyWebSocketServletFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code /ws/runs/{id}?after=N}: streams a run's events as JSON text messages (one event per message, the
 * {@link cheaplab.core.RunEvent} JSON with its {@code type} and {@code seq}). The server pings first and sends events
 * after the client's pong (see {@link SessionSender}). Then every event with seq &gt; N
 * (default 0: all), then live events, with no gap, duplicate or reordering; after the terminal event the server
 * pings, and on the client's pong closes with 1000 "run ended". A client that reconnects passes the last seq it saw as
 * {@code after}. Close codes: 4404 unknown run; 4400 bad {@code after}; 4429 too many sockets (per client or in
 * total, {@link SocketLimits}); 1013 client too slow (reconnect with after). The server sends nothing else and
 * ignores what the client sends.
 *
 * <p>A Jetty WebSocket endpoint (not Javalin's {@code app.ws} handlers): it needs the client's pongs, Jetty's
 * non-blocking sends and the upgrade response (to switch permessage-deflate off), none of which Javalin's wrapper
 * exposes. Javalin still owns the route ({@code app.ws} with no handlers), so its upgrade checks
 * ({@code wsBeforeUpgrade}) run first; the upgrade itself is mapped to this endpoint in Jetty's WebSocket factory.
 *
 * <p>Threads: none per socket. Events reach {@link SessionSender}s on the hub's bounded delivery pool, writes
 * complete on Jetty's pool, and one timer thread ({@code ws-timer}) sweeps the sessions 8 times a second for repeated start pings,
 * stalls, keep-alive pings and lost close handshakes.
 */
public final class RunSocket {
    public static final int UNKNOWN_RUN = 4404;
    public static final int BAD_REQUEST = 4400;
    public static final int TOO_MANY_SOCKETS = 4429;
    static final String PATH = "/ws/runs/";
    /** Events a session may hold unsent before it is closed as too slow (references to the hub's events). */
    static final int QUEUE_CAPACITY = 1 << 16;
    static final long STALL_MILLIS = 30_000;
    static final long SWEEP_MILLIS = 125;

    private static final Logger log = LoggerFactory.getLogger(RunSocket.class);

    private final Runs runs;
    private final SocketLimits limits;
    private final long stallMillis;
    private final Set<Endpoint> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perClient = new HashMap<>(); // guarded by this
    private int total;                                               // guarded by this
    private final ScheduledExecutorService timer;
    private final EventTexts texts = new EventTexts();

    private RunSocket(Runs runs, SocketLimits limits, long stallMillis) {
        this.runs = runs;
        this.limits = limits;
        this.stallMillis = stallMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The endpoint for one Javalin app: call {@link #configure} inside {@code Javalin.create}, then
     * {@link #routes} on the app.
     */
    static RunSocket create(Runs runs, SocketLimits limits, long stallMillis) {
        return new RunSocket(runs, limits, stallMillis);
    }

    static RunSocket create(Runs runs, SocketLimits limits) {
        return create(runs, limits, STALL_MILLIS);
    }

    /** Who may watch which run (workshop mode: a participant their own runs); everyone everything by default. */
    private volatile Participants participants = Participants.singleUser();

    RunSocket watchedBy(Participants p) {
        this.participants = p;
        return this;
    }

    /** Maps the upgrade of {@code /ws/runs/*} to this endpoint in Jetty's WebSocket factory. */
    void configure(JavalinConfig cfg) {
        cfg.jetty.modifyWebSocketServletFactory(this::configure);
    }

    void configure(JettyWebSocketServletFactory factory) {
        // Pings every 15 s keep a socket of a long-queued run open; a dead peer is dropped after this.
        factory.setIdleTimeout(Duration.ofMinutes(2));
        factory.setMaxTextMessageSize(64 * 1024); // what a client sends is ignored anyway
        factory.addMapping(PATH + "*", (req, resp) -> {
            if (!limits.compression()) resp.setExtensions(List.of());
            return new Endpoint(req);
        });
    }

    /** The route Javalin matches before upgrading (its handlers never run: Jetty hands the socket to Endpoint). */
    void routes(Javalin app) {
        app.ws(PATH + "{id}", ws -> {});
        app.events(e -> e.serverStopped(timer::shutdownNow));
    }

    /** Open sessions (for tests and diagnostics). */
    int sessions() {
        return open.size();
    }

    /** The participant ids that hold an open run stream now (a tab that is still there: ParticipantReaper). */
    java.util.Set<String> watchers() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Endpoint e : open) if (e.participant != null) ids.add(e.participant.id());
        return ids;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Endpoint e : open) {
            try {
                SessionSender s = e.sender;
                if (s != null) s.sweep(now);
            } catch (Throwable t) {
                log.warn("websocket sweep failed: {}", t.toString());
            }
        }
    }

    private synchronized String acquire(String client) {
        int mine = perClient.getOrDefault(client, 0);
        if (total >= limits.maxSockets()) return "too many sockets: the server holds its limit of " + limits.maxSockets();
        if (mine >= limits.maxPerClient()) return "too many sockets: this client holds its limit of " + limits.maxPerClient();
        perClient.put(client, mine + 1);
        total++;
        return null;
    }

    private synchronized void release(String client) {
        total--;
        perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** One socket. */
    private final class Endpoint implements WebSocketListener, WebSocketPingPongListener {
        private final String runId;
        private final String afterParam;
        private final String client;
        /** The participant of the upgrade request's session cookie (null: none, so no run is visible). */
        private final Participants.Participant participant;
        private volatile SessionSender sender;
        private boolean counted; // guarded by this
        private Runs.Subscription sub; // guarded by this

        Endpoint(JettyServerUpgradeRequest req) {
            String path = req.getRequestPath();
            this.runId = path.startsWith(PATH) ? path.substring(PATH.length()) : "";
            this.afterParam = req.getHttpServletRequest().getParameter("after");
            this.participant = participants.ofUpgrade(req.getHttpServletRequest());
            // The per-client cap counts a workshop participant's session (a class behind one NAT shares an address).
            this.client = participants.workshopMode() && participant != null ? "participant " + participant.id()
                    : req.getHttpServletRequest().getRemoteAddr();
        }

        @Override
        public void onWebSocketConnect(Session session) {
            long after;
            try {
                after = afterParam == null || afterParam.isBlank() ? 0 : Long.parseLong(afterParam.trim());
                if (after < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                session.close(BAD_REQUEST, "after must be a non-negative integer");
                return;
            }
            // A run this participant may not see is as unknown as one that does not exist.
            Optional<RunRecord> run = runId.isEmpty() || runId.contains("/") ? Optional.empty()
                    : runs.find(runId).filter(r -> participants.canSee(participant, r));
            if (run.isEmpty()) {
                session.close(UNKNOWN_RUN, clip("unknown run '" + runId + "'"));
                return;
            }
            String refused = acquire(client);
            if (refused != null) {
                log.info("websocket from {} refused: {}", client, refused);
                session.close(TOO_MANY_SOCKETS, refused);
                return;
            }
            synchronized (this) {
                counted = true;
            }
            SessionSender s = new SessionSender(session, texts, QUEUE_CAPACITY, stallMillis, this::closed);
            sender = s;
            open.add(this);
            // A client that already holds the terminal event gets nothing more: close now rather than idle forever.
            if (run.get().status().terminal() && runs.events(runId, after).isEmpty()) {
                s.close(1000, "run ended");
                return;
            }
            Runs.Subscription subscription;
            try {
                subscription = runs.subscribe(runId, after, s::offer);
            } catch (UnknownRunException e) {
                s.close(UNKNOWN_RUN, clip(e.getMessage()));
                return;
            }
            boolean late;
            synchronized (this) {
                late = s.stopped();
                if (!late) sub = subscription;
            }
            if (late) subscription.close();
        }

        /** The sender stopped (closed, failed or dropped): release everything once. */
        private void closed() {
            Runs.Subscription s;
            boolean release;
            synchronized (this) {
                s = sub;
                sub = null;
                release = counted;
                counted = false;
            }
            open.remove(this);
            if (s != null) s.close();
            if (release) release(client);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            SessionSender s = sender;
            if (s != null) s.stop();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            log.debug("websocket {} failed: {}", runId, cause.toString());
            SessionSender s = sender;
            if (s != null) s.abort();
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            SessionSender s = sender;
            if (s != null) s.ping(payload);
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            SessionSender s = sender;
            if (s != null) s.pong(payload);
        }

        @Override
        public void onWebSocketText(String message) {
            // ignored
        }

        @Override
        public void onWebSocketBinary(byte[] payload, int offset, int len) {
            // ignored
        }
    }

    /** WebSocket close reasons are at most 123 bytes. */
    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
