package cheaplab.web;

import cheaplab.core.RunEvent;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The one writer of a run-stream session, with no thread of its own. Events wait in a queue (references to the
 * hub's events, capped at {@code capacity}); one thread at a time hands frames, in order, to Jetty's non-blocking
 * sends, at most {@link #MAX_IN_FLIGHT} not yet written, and write-completion callbacks hand over the next ones, so
 * frames never interleave and a slow client holds no thread. Pongs, pings and the close frame go through the same
 * chain. Each event's JSON is made once for all sessions ({@link EventTexts}).
 *
 * <p>The end of a stream is a barrier, not a race: after the terminal event the sender pings the client and sends
 * the close frame (1000 "run ended") only when the pong comes back. A client answers a ping only after it has
 * read every frame before it, so the close can no longer overtake messages the client is still processing (Node's
 * undici inflates permessage-deflate messages asynchronously and dropped every message still being inflated
 * when the close frame and the TCP FIN arrived: 1006, cut streams). A client that does not answer within
 * {@link #END_PONG_MILLIS} is closed anyway.
 *
 * <p>The start is a barrier too: the first frame is a ping, and events follow the client's pong. The JDK's
 * {@code java.net.http.WebSocket} (17.0.15) sometimes loses or garbles bytes that arrive right behind the 101 response
 * when many sockets open at once (measured with a bare socket server: 4 of 300 connections failed with "Invalid
 * UTF-8 in frame TEXT" or "Unexpected rsv1 bit" when frames followed the 101 at once, none with a pause); after its
 * pong the upgrade is behind it. A start ping with no pong is repeated every {@link #START_REPING_MILLIS} (it may
 * itself have been lost) and the events start anyway after {@link #START_PONG_MILLIS}.
 *
 * <p>Stalls: {@link #sweep} (called about once a second by {@link RunSocket}) closes a session whose write has been
 * pending for {@code stallMillis} with 1013 (the client may reconnect with after=N), pings a quiet session every
 * {@link #KEEPALIVE_MILLIS}, and drops a session whose close handshake never completes.
 */
final class SessionSender {
    private static final Logger log = LoggerFactory.getLogger(SessionSender.class);
    static final long END_PONG_MILLIS = 10_000;
    static final long KEEPALIVE_MILLIS = 15_000;
    static final long CLOSE_MILLIS = 10_000;
    /** Frames handed to Jetty at once: enough for its flusher to gather several into one write. */
    static final int MAX_IN_FLIGHT = 16;
    static final long START_REPING_MILLIS = 250;
    static final long START_PONG_MILLIS = 3_000;
    private static final byte[] START_TOKEN = "start".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_TOKEN = "run ended".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEPALIVE_TOKEN = "keep-alive".getBytes(StandardCharsets.US_ASCII);

    private final Session session;
    private final int capacity;
    private final long stallMillis;
    private final Runnable onStop;

    // all guarded by this
    private final ArrayDeque<RunEvent> events = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> pongs = new ArrayDeque<>();
    private int inFlight;                // frames handed to Jetty whose callbacks have not come yet
    private long progressAt = System.nanoTime(); // the last completed write, or the hand-over that ended a quiet spell
    private long lastWrite = System.nanoTime();
    private boolean pumping;             // a thread is inside pump()
    private final long openedAt = System.nanoTime();
    private boolean started;             // the client answered the start ping (or START_PONG_MILLIS passed)
    private boolean startPingDue = true;
    private long startPingAt;
    private boolean terminalSent;        // the run's terminal event went out
    private boolean endPingSent;
    private long endPingAt;
    private boolean keepalive;           // a keep-alive ping is due
    private int closeCode;               // 0: no close requested
    private String closeReason;
    private boolean closeSent;
    private long closeSentAt;
    private volatile boolean stopped;

    private final EventTexts texts;

    SessionSender(Session session, EventTexts texts, int capacity, long stallMillis, Runnable onStop) {
        this.session = session;
        this.texts = texts;
        this.capacity = capacity;
        this.stallMillis = stallMillis;
        this.onStop = onStop;
    }

    boolean stopped() {
        return stopped;
    }

    /** Queues an event (called on the hub's delivery threads; never blocks). */
    void offer(RunEvent e) {
        synchronized (this) {
            if (stopped || terminalSent || closeCode != 0) return;
            if (events.size() >= capacity) {
                log.info("websocket {} fell {} events behind; closing it", session.getRemoteAddress(), events.size());
                events.clear();
                requestClose(1013, "client too slow; reconnect with after=<last seq>");
            } else {
                events.addLast(e);
            }
        }
        pump();
    }

    /** A ping from the client: answered in turn. */
    void ping(ByteBuffer payload) {
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
        synchronized (this) {
            if (stopped || closeSent) return;
            pongs.addLast(copy);
        }
        pump();
    }

    /** A pong from the client: the one to the start ping releases the events, the one to the end ping the close. */
    void pong(ByteBuffer payload) {
        byte[] b = new byte[payload.remaining()];
        payload.duplicate().get(b);
        synchronized (this) {
            if (!started && java.util.Arrays.equals(b, START_TOKEN)) started = true;
            else if (endPingSent && java.util.Arrays.equals(b, END_TOKEN)) requestClose(1000, "run ended");
            else return;
        }
        pump();
    }

    /** Closes gracefully once what is already in flight has gone (queued events are dropped). */
    void close(int code, String reason) {
        synchronized (this) {
            events.clear();
            requestClose(code, reason);
        }
        pump();
    }

    private void requestClose(int code, String reason) {
        if (closeCode == 0) {
            closeCode = code;
            closeReason = reason;
        }
    }

    /** Periodic checks (see the class comment); {@code now} is System.nanoTime(). */
    void sweep(long now) {
        boolean drop = false, ping = false;
        synchronized (this) {
            if (stopped) return;
            if (inFlight > 0 && now - progressAt > stallMillis * 1_000_000L) {
                log.info("websocket {}: no write completed for {} ms; closing it (the client may reconnect with after=N)",
                        session.getRemoteAddress(), (now - progressAt) / 1_000_000);
                drop = true;
            } else if (closeSent && now - closeSentAt > CLOSE_MILLIS * 1_000_000L) {
                drop = true; // the client never answered the close frame
            } else if (!started && now - openedAt > START_PONG_MILLIS * 1_000_000L) {
                started = true; // no pong: stream anyway
                ping = true;
            } else if (!started && inFlight == 0 && now - startPingAt > START_REPING_MILLIS * 1_000_000L) {
                startPingDue = true; // the ping may have been lost with the bytes that came with the 101 (the JDK client)
                ping = true;
            } else if (endPingSent && closeCode == 0 && now - endPingAt > END_PONG_MILLIS * 1_000_000L) {
                requestClose(1000, "run ended"); // no pong: close anyway
                ping = true;
            } else if (inFlight == 0 && !closeSent && now - lastWrite > KEEPALIVE_MILLIS * 1_000_000L) {
                keepalive = true;
                ping = true;
            }
        }
        if (drop) {
            try {
                session.close(1013, "client too slow; reconnect with after=<last seq>");
            } catch (Throwable ignored) {
                // gone
            }
            abort();
        } else if (ping) {
            pump();
        }
    }

    /**
     * Sends frames while one can be sent. Only one thread pumps at a time; a write callback that completes inline
     * (inside the send call) returns at once and the loop here picks the next frame, so the stack stays flat.
     */
    private void pump() {
        synchronized (this) {
            if (pumping) return;
            pumping = true;
        }
        while (true) {
            Runnable send;
            synchronized (this) {
                send = stopped || inFlight >= MAX_IN_FLIGHT ? null : next();
                if (send == null) {
                    pumping = false;
                    return;
                }
                if (inFlight++ == 0) progressAt = System.nanoTime();
            }
            try {
                send.run();
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /** The next frame to send, or null; called with the lock held and fewer than MAX_IN_FLIGHT frames in flight. */
    private Runnable next() {
        if (closeSent) return null;
        if (!pongs.isEmpty()) {
            ByteBuffer p = pongs.pollFirst();
            return () -> session.getRemote().sendPong(p, callback);
        }
        if (closeCode != 0) {
            closeSent = true;
            closeSentAt = System.nanoTime();
            int code = closeCode;
            String reason = closeReason;
            return () -> session.close(code, reason, callback);
        }
        if (!started) {
            if (!startPingDue) return null;
            startPingDue = false;
            startPingAt = System.nanoTime();
            return () -> session.getRemote().sendPing(ByteBuffer.wrap(START_TOKEN), callback);
        }
        if (keepalive) {
            keepalive = false;
            return () -> session.getRemote().sendPing(ByteBuffer.wrap(KEEPALIVE_TOKEN), callback);
        }
        if (terminalSent) {
            if (endPingSent) return null;
            endPingSent = true;
            endPingAt = System.nanoTime();
            return () -> session.getRemote().sendPing(ByteBuffer.wrap(END_TOKEN), callback);
        }
        RunEvent e = events.pollFirst();
        if (e == null) return null;
        if (e.terminal()) {
            terminalSent = true;
            events.clear();
        }
        return () -> session.getRemote().sendString(texts.text(e), callback);
    }

    private final WriteCallback callback = new WriteCallback() {
        @Override
        public void writeSuccess() {
            synchronized (SessionSender.this) {
                inFlight--;
                lastWrite = progressAt = System.nanoTime();
            }
            pump();
        }

        @Override
        public void writeFailed(Throwable t) {
            failed(t);
        }
    };

    private void failed(Throwable t) {
        log.debug("websocket {} write failed ({}); dropping it", session.getRemoteAddress(), t.toString());
        abort();
    }

    /** Drops the connection (no close handshake) and stops. */
    void abort() {
        try {
            session.disconnect();
        } catch (Throwable ignored) {
            // gone
        }
        stop();
    }

    /** Stops sending and releases the subscription; idempotent. */
    void stop() {
        synchronized (this) {
            if (stopped) return;
            stopped = true;
            events.clear();
            pongs.clear();
        }
        try {
            onStop.run();
        } catch (Throwable t) {
            log.debug("unsubscribe failed: {}", t.toString());
        }
    }
}
