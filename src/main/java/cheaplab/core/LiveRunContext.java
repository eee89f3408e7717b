package cheaplab.core;

import cheaplab.data.DataCatalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The {@link RunContext} of one run in this JVM, and the run's only event emitter: it numbers events (seq 1, 2,
 * 3… with no gap) and hands each to a sink (event hub + store writer) that never blocks.
 *
 * <p>Progress is throttled to at most one event per {@code progressInterval}: a call inside the interval is held
 * and sent when the interval ends (by a timer, or by the next call after it), so the latest progress is always
 * delivered, also right before the terminal event. Points and logs are never throttled.
 */
final class LiveRunContext implements RunContext {
    /** Default minimum spacing of progress events: at most 10 per second. */
    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String runId;
    private final int attempt;
    private final long seed;
    private final DataCatalog data;
    private final Consumer<RunEvent> sink;
    private final BooleanSupplier cancelled;
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoTime;
    private final long progressInterval;

    // All below guarded by this.
    private long seq;
    private boolean ended;
    private long lastProgressAt;
    private boolean progressSent;
    private boolean hasPending;
    private double pendingFraction;
    private String pendingMessage;
    private ScheduledFuture<?> pendingFlush;
    private long flushGeneration; // a timer task of an older generation is stale and does nothing

    LiveRunContext(String runId, int attempt, long seed, DataCatalog data, Consumer<RunEvent> sink,
                   BooleanSupplier cancelled, ScheduledExecutorService timer) {
        this(runId, attempt, seed, data, sink, cancelled, timer, System::nanoTime, PROGRESS_INTERVAL_NANOS);
    }

    LiveRunContext(String runId, int attempt, long seed, DataCatalog data, Consumer<RunEvent> sink,
                   BooleanSupplier cancelled, ScheduledExecutorService timer, LongSupplier nanoTime, long progressInterval) {
        this.runId = runId;
        this.attempt = attempt;
        this.seed = seed;
        this.data = data;
        this.sink = sink;
        this.cancelled = cancelled;
        this.timer = timer;
        this.nanoTime = nanoTime;
        this.progressInterval = progressInterval;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public DataCatalog data() {
        return data;
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }

    int attempt() {
        return attempt;
    }

    synchronized boolean ended() {
        return ended;
    }

    @Override
    public void progress(double fraction, String message) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        String m = message == null ? "" : message;
        synchronized (this) {
            if (ended) return;
            long now = nanoTime.getAsLong();
            if (!progressSent || now - lastProgressAt >= progressInterval) {
                cancelPendingFlush();
                hasPending = false;
                sendProgress(f, m, now);
                return;
            }
            hasPending = true;
            pendingFraction = f;
            pendingMessage = m;
            if (pendingFlush == null && timer != null) {
                long delay = Math.max(0, lastProgressAt + progressInterval - now);
                long generation = ++flushGeneration;
                pendingFlush = timer.schedule(() -> timerFlush(generation), delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    private synchronized void timerFlush(long generation) {
        if (generation != flushGeneration) return;
        pendingFlush = null;
        sendPendingProgress();
    }

    /** Sends a held progress event now, if any (end of the interval, or right before the terminal event). */
    private void sendPendingProgress() {
        if (ended || !hasPending) return;
        hasPending = false;
        sendProgress(pendingFraction, pendingMessage, nanoTime.getAsLong());
    }

    private void sendProgress(double f, String m, long now) {
        progressSent = true;
        lastProgressAt = now;
        emit(s -> new RunEvent.Progress(runId, attempt, s, System.currentTimeMillis(), f, m));
    }

    private void cancelPendingFlush() {
        flushGeneration++;
        if (pendingFlush != null) {
            pendingFlush.cancel(false);
            pendingFlush = null;
        }
    }

    @Override
    public void point(String series, Map<String, ?> values) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(values, "values");
        // A copy: labs often reuse one map for every point.
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        emit(s -> new RunEvent.Point(runId, attempt, s, System.currentTimeMillis(), series, copy));
    }

    @Override
    public void log(String message) {
        String m = message == null ? "" : message;
        emit(s -> new RunEvent.Log(runId, attempt, s, System.currentTimeMillis(), m));
    }

    /** Emits a non-terminal event with the next seq; ignored once the run ended. */
    synchronized void emit(LongFunction<RunEvent> make) {
        if (ended) return;
        RunEvent e = make.apply(seq + 1);
        if (e.terminal()) throw new IllegalArgumentException("use end() for terminal events");
        seq++;
        sink.accept(e);
    }

    /**
     * Emits the terminal event (after any held progress) and closes the context. Exactly one caller wins;
     * false when the run had already ended.
     */
    synchronized boolean end(LongFunction<RunEvent> make) {
        if (ended) return false;
        cancelPendingFlush();
        sendPendingProgress();
        RunEvent e = make.apply(seq + 1);
        if (!e.terminal()) throw new IllegalArgumentException("not a terminal event: " + e);
        seq++;
        ended = true;
        sink.accept(e);
        return true;
    }
}
