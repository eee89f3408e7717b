package cheaplab.core;

import cheaplab.data.DataCatalog;
import cheaplab.data.DataUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Runs labs: validates a config, queues the run, executes it on a worker, numbers and fans out its events,
 * persists them, and answers questions about runs live or past. The {@link Runs} facade of the web and CLI.
 *
 * <p>Life of a run: {@code submit} stores it as QUEUED and opens its event channel; a worker marks it RUNNING
 * and emits {@code started} (seq 1); the lab emits progress, points and logs; the run ends with exactly one
 * terminal event — {@code finished} (the result as JSON), {@code failed} (a one-line reason; any Throwable the
 * lab throws, the worker survives), {@code diverged} ({@link DivergedException}), {@code cancelled}, or
 * {@code interrupted} (server shutdown). The record turns terminal before the terminal event is published, so
 * a client that sees the event and then asks for the run sees the outcome.
 */
public final class RunService implements Runs, AutoCloseable {
    /**
     * Queue and worker sizes, and the wall-clock cap per run ({@code maxRunTime}; null = none): a run still going
     * after it is stopped as {@code timed-out}, with everything it streamed kept.
     */
    public record Settings(int workers, int queueCapacity, Duration shutdownGrace, Duration maxRunTime,
                           InProcessJobQueue.OwnerLimits perOwner) {
        public Settings {
            if (workers < 1 || workers > 64) throw new IllegalArgumentException("workers must be in [1, 64], was " + workers);
            if (queueCapacity < 0 || queueCapacity > 10_000)
                throw new IllegalArgumentException("queue capacity must be in [0, 10000], was " + queueCapacity);
            if (maxRunTime != null && (maxRunTime.isNegative() || maxRunTime.isZero()))
                throw new IllegalArgumentException("the wall-clock cap per run must be positive, was " + maxRunTime);
        }

        public Settings(int workers, int queueCapacity, Duration shutdownGrace) {
            this(workers, queueCapacity, shutdownGrace, null);
        }

        public Settings(int workers, int queueCapacity, Duration shutdownGrace, Duration maxRunTime) {
            this(workers, queueCapacity, shutdownGrace, maxRunTime, InProcessJobQueue.OwnerLimits.NONE);
        }

        /** One worker (ND4J already uses every core), 16 waiting runs, 10 s for running labs to notice shutdown. */
        public static Settings defaults() {
            return new Settings(1, 16, Duration.ofSeconds(10));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    private static final int RECENT = 64;
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final LabCatalog labs;
    private final RunStore store;
    private final DataCatalog data;
    private final Settings settings;
    private final JobQueue queue;
    private final EventHub hub;
    private final EventWriter writer;
    private final ScheduledExecutorService timer;
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    /** Final records of recently ended runs: answers even if the store update failed. */
    private final LinkedHashMap<String, RunRecord> recent = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closing;

    public RunService(LabCatalog labs, RunStore store, DataCatalog data, Settings settings) {
        this(labs, store, data, settings, new InProcessJobQueue(settings.workers(), settings.queueCapacity(), settings.perOwner()),
                new InMemoryEventHub());
    }

    public RunService(LabCatalog labs, RunStore store, DataCatalog data, Settings settings, JobQueue queue, EventHub hub) {
        this.labs = labs;
        this.store = store;
        this.data = data;
        this.settings = settings;
        this.queue = queue;
        this.hub = hub;
        List<String> interrupted = store.interruptInFlight(now());
        if (!interrupted.isEmpty())
            log.info("{} run(s) left queued or running by the previous server are now interrupted: {}", interrupted.size(), interrupted);
        this.writer = new EventWriter(store);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-progress-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** One run in this JVM, from submit to its end. */
    private final class ActiveRun {
        final Lab<?, ?> lab;
        final Record config;
        final LiveRunContext ctx;
        volatile RunRecord record;
        volatile boolean cancelRequested;
        volatile boolean interruptRequested;
        /** Set by the wall-clock cap: the lab sees it as a cancel, the run ends timed-out. */
        volatile boolean timedOut;

        ActiveRun(Lab<?, ?> lab, Record config, RunRecord record, long seed) {
            this.lab = lab;
            this.config = config;
            this.record = record;
            this.ctx = new LiveRunContext(record.id(), record.attempt(), seed, data, this::publish,
                    () -> cancelRequested || timedOut, timer);
        }

        private void publish(RunEvent e) {
            hub.publish(e);
            writer.enqueue(e);
        }
    }

    @Override
    public RunRecord submit(String labId, JsonNode configJson) {
        return submit(labId, configJson, RunRecord.LOCAL);
    }

    /** Submits a run on behalf of {@code owner} (a participant's public id): the queue is fair between owners. */
    @Override
    public RunRecord submit(String labId, JsonNode configJson, String owner) {
        Lab<?, ?> lab = labs.get(labId);
        Record config = ConfigBinder.bind(lab, configJson);
        if (closing) throw new ShuttingDownException();
        // A deployment with a cap per run refuses up front what this server's past runs say would not fit it.
        if (settings.maxRunTime() != null) RunTimeModel.refuseOverCap(lab, config, history(lab.id(), 100), settings.maxRunTime());
        JsonNode canonical = canonicalJson(config);
        RunRecord record = new RunRecord(newId(), lab.id(), 1, canonical, RunStatus.QUEUED, now(), null, null, null, null, owner);
        ActiveRun run = new ActiveRun(lab, config, record, seedOf(canonical));
        // Stored before it can start: its events reference the run row.
        boolean stored = true;
        try {
            store.insert(record);
        } catch (RuntimeException e) {
            stored = false;
            log.error("run {} is not recorded in the store: {}", record.id(), e.toString());
        }
        hub.open(record.id());
        active.put(record.id(), run);
        try {
            queue.submit(record.id(), owner, () -> execute(run));
        } catch (RuntimeException rejected) {
            active.remove(record.id());
            hub.discard(record.id());
            if (stored) {
                try {
                    store.delete(record.id());
                } catch (RuntimeException e) {
                    log.error("rejected run {} stays in the store: {}", record.id(), e.toString());
                }
            }
            throw rejected;
        }
        return record;
    }

    /**
     * The JSON of a config or result as any reader of the stored text sees it (numbers typed as the parser
     * types them), so live and stored events compare equal.
     */
    static JsonNode canonicalJson(Object o) {
        try {
            return Json.MAPPER.readTree(Json.write(o));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON of " + o.getClass().getSimpleName(), e);
        }
    }

    /** Millisecond clock: the precision the store keeps, so live and stored records agree. */
    private static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The config's {@code seed} component, if it has one (every lab's config should). */
    private static long seedOf(JsonNode config) {
        JsonNode s = config.get("seed");
        return s != null && s.canConvertToLong() ? s.asLong() : 0L;
    }

    private String newId() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void execute(ActiveRun run) {
        Instant started = now();
        synchronized (run) {
            if (run.record.status().terminal()) return;
            if (!run.cancelRequested) run.record = with(run.record, RunStatus.RUNNING, started, null, null, null);
        }
        if (run.cancelRequested) {
            end(run, run.interruptRequested ? RunStatus.INTERRUPTED : RunStatus.CANCELLED, null, null);
            return;
        }
        try {
            store.update(run.record);
        } catch (RuntimeException e) {
            log.error("run {}: cannot store its start: {}", run.record.id(), e.toString());
        }
        RunRecord r0 = run.record;
        java.util.concurrent.ScheduledFuture<?> cap = settings.maxRunTime() == null ? null
                : timer.schedule(() -> { run.timedOut = true; }, settings.maxRunTime().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            executeStarted(run, r0, started);
        } finally {
            if (cap != null) cap.cancel(false);
        }
    }

    /** The stop status of a run whose lab gave up on a cancel flag: the user's cancel, shutdown, or the cap. */
    private static RunStatus stopped(ActiveRun run) {
        if (run.interruptRequested) return RunStatus.INTERRUPTED;
        if (run.cancelRequested) return RunStatus.CANCELLED;
        return run.timedOut ? RunStatus.TIMED_OUT : RunStatus.CANCELLED;
    }

    private void executeStarted(ActiveRun run, RunRecord r0, Instant started) {
        run.ctx.emit(s -> new RunEvent.Started(r0.id(), r0.attempt(), s, started.toEpochMilli(), r0.lab(), r0.config()));
        try {
            Object result = runLab(run.lab, run.config, run.ctx);
            JsonNode json;
            try {
                json = canonicalJson(result);
            } catch (RuntimeException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("the lab's result is not JSON-serialisable: " + c.getMessage(), c);
            }
            end(run, RunStatus.FINISHED, json, null);
        } catch (CancelledException c) {
            RunStatus s = stopped(run);
            end(run, s, null, s == RunStatus.TIMED_OUT ? "stopped after the wall-clock cap of "
                    + settings.maxRunTime().toSeconds() + " s per run (--max-run-seconds); everything it streamed is kept" : null);
        } catch (DivergedException d) {
            end(run, RunStatus.DIVERGED, null, oneLine(d.getMessage() == null ? "diverged" : d.getMessage()));
        } catch (Throwable t) {
            if (run.cancelRequested || run.timedOut) {
                RunStatus s = stopped(run);
                end(run, s, null, s == RunStatus.TIMED_OUT ? "stopped after the wall-clock cap of "
                        + settings.maxRunTime().toSeconds() + " s per run (--max-run-seconds)" : null);
            } else {
                if (t instanceof VirtualMachineError) log.error("run {} hit {}", run.record.id(), t.toString());
                else log.warn("run {} failed", run.record.id(), t);
                end(run, RunStatus.FAILED, null, reason(t));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <C extends Record, R extends Record> Object runLab(Lab<C, R> lab, Record config, RunContext ctx) throws Exception {
        return lab.run((C) config, ctx);
    }

    /** A one-line reason for a failure: the exception's type and message (data problems: the message alone). */
    static String reason(Throwable t) {
        String m = t.getMessage();
        if (t instanceof DataUnavailableException || t instanceof ConfigException) return oneLine(m);
        if (t instanceof StackOverflowError) return "StackOverflowError (the lab recursed too deeply or a native routine needed a larger stack)";
        if (t instanceof OutOfMemoryError) return oneLine("OutOfMemoryError: " + (m == null ? "" : m) + " (try a smaller config)");
        return oneLine(t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m));
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return t.length() > 1000 ? t.substring(0, 999) + "…" : t;
    }

    private static RunRecord with(RunRecord r, RunStatus status, Instant started, Instant finished, JsonNode result, String error) {
        return new RunRecord(r.id(), r.lab(), r.attempt(), r.config(), status,
                r.created(), started != null ? started : r.started(), finished, result, error, r.owner());
    }

    /**
     * Ends a run exactly once: the record turns terminal, then the terminal event is published, the store
     * catches up, and the run leaves the active set. Returns false if the run had already ended.
     */
    private boolean end(ActiveRun run, RunStatus requested, JsonNode requestedResult, String error) {
        RunRecord before;
        RunStatus status = requested;
        JsonNode result = requestedResult;
        synchronized (run) {
            if (run.record.status().terminal()) return false;
            // A user's cancel that was accepted (cancel() set the flag under this lock before the run turned terminal)
            // is never lost, even when the lab returned or diverged in the meantime: the run ends as cancelled. A run
            // that finishes within the shutdown grace keeps its result.
            if ((status == RunStatus.FINISHED || status == RunStatus.DIVERGED) && run.cancelRequested && !run.interruptRequested) {
                status = RunStatus.CANCELLED;
                result = null;
                error = null;
            }
            before = run.record;
            Instant now = now();
            String err = error;
            if (status == RunStatus.INTERRUPTED && err == null)
                err = "the server stopped while this run was " + before.status().wire();
            run.record = with(before, status, null, before.started() == null ? null : now, result, err);
        }
        RunRecord r = run.record;
        long t = System.currentTimeMillis();
        RunStatus endStatus = status;
        JsonNode endResult = result;
        run.ctx.end(s -> switch (endStatus) {
            case FINISHED -> new RunEvent.Finished(r.id(), r.attempt(), s, t, endResult);
            case FAILED -> new RunEvent.Failed(r.id(), r.attempt(), s, t, r.error());
            case DIVERGED -> new RunEvent.Diverged(r.id(), r.attempt(), s, t, r.error());
            case CANCELLED -> new RunEvent.Cancelled(r.id(), r.attempt(), s, t);
            case INTERRUPTED -> new RunEvent.Interrupted(r.id(), r.attempt(), s, t);
            case TIMED_OUT -> new RunEvent.TimedOut(r.id(), r.attempt(), s, t, r.error());
            default -> throw new IllegalArgumentException("not a terminal status: " + endStatus);
        });
        synchronized (recent) {
            recent.put(r.id(), r);
            while (recent.size() > RECENT) recent.remove(recent.keySet().iterator().next());
        }
        active.remove(r.id());
        if (!writer.flush(FLUSH_TIMEOUT)) log.error("run {}: events not all stored within {}", r.id(), FLUSH_TIMEOUT);
        try {
            store.update(r);
        } catch (RuntimeException e) {
            log.error("run {}: cannot store its outcome {}: {}", r.id(), endStatus, e.toString());
        }
        hub.release(r.id());
        return true;
    }

    @Override
    public int workers() {
        return settings.workers();
    }

    @Override
    public int queuePosition(String runId) {
        return queue.position(runId);
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        ActiveRun run = active.get(runId);
        if (run != null) return Optional.of(run.record);
        synchronized (recent) {
            RunRecord r = recent.get(runId);
            if (r != null) return Optional.of(r);
        }
        try {
            return store.find(runId);
        } catch (RuntimeException e) {
            log.error("cannot read run {}: {}", runId, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public boolean cancel(String runId) {
        ActiveRun run = active.get(runId);
        if (run == null) return false;
        synchronized (run) {
            if (run.record.status().terminal()) return false;
            run.cancelRequested = true;
        }
        if (queue.remove(runId)) end(run, RunStatus.CANCELLED, null, null);
        return true;
    }

    @Override
    public List<RunRecord> history(String lab, int limit) {
        return history(lab, null, limit);
    }

    @Override
    public List<RunRecord> history(String lab, String owner, int limit) {
        int n = Math.max(0, Math.min(limit, 1000));
        Map<String, RunRecord> byId = new LinkedHashMap<>();
        try {
            for (RunRecord r : store.history(lab, owner, n)) byId.put(r.id(), r);
        } catch (RuntimeException e) {
            log.error("cannot read the run history: {}", e.toString());
        }
        // The live view wins over the stored one; runs the store failed to record still show.
        List<RunRecord> live = new ArrayList<>();
        for (ActiveRun a : active.values()) live.add(a.record);
        synchronized (recent) {
            live.addAll(recent.values());
        }
        for (RunRecord r : live) {
            if (lab != null && !lab.equals(r.lab())) continue;
            if (owner != null && !owner.equals(r.owner())) continue;
            byId.put(r.id(), r);
        }
        List<RunRecord> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(RunRecord::created).reversed());
        return out.size() > n ? out.subList(0, n) : out;
    }

    @Override
    public List<RunEvent> events(String runId, long afterSeq) {
        Optional<List<RunEvent>> mem = hub.events(runId, afterSeq);
        if (mem.isPresent()) return mem.get();
        try {
            return store.events(runId, afterSeq);
        } catch (RuntimeException e) {
            log.error("cannot read the events of run {}: {}", runId, e.toString());
            return List.of();
        }
    }

    /**
     * {@inheritDoc} Live runs replay from memory and continue live; ended runs replay from the store.
     *
     * @throws UnknownRunException no such run
     */
    @Override
    public Subscription subscribe(String runId, long afterSeq, Consumer<RunEvent> listener) {
        Optional<Subscription> live = hub.subscribe(runId, afterSeq, listener);
        if (live.isPresent()) return live.get();
        if (find(runId).isEmpty()) throw new UnknownRunException(runId);
        return hub.deliver(runId, events(runId, afterSeq), listener);
    }

    /** Runs waiting for a worker. */
    public int waiting() {
        return queue.waiting();
    }

    /**
     * Stops: refuses new runs, interrupts queued ones, asks running labs to stop (they end as interrupted),
     * waits up to the shutdown grace for them, marks any still running as interrupted, and writes everything
     * to the store. The store itself stays open (its owner closes it).
     */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        for (String id : queue.shutdown()) {
            ActiveRun run = active.get(id);
            if (run != null) {
                run.interruptRequested = true;
                run.cancelRequested = true;
                end(run, RunStatus.INTERRUPTED, null, null);
            }
        }
        for (ActiveRun run : active.values()) {
            run.interruptRequested = true;
            run.cancelRequested = true;
        }
        try {
            if (!queue.awaitIdle(settings.shutdownGrace()))
                log.warn("{} run(s) did not stop within {}; marking them interrupted", active.size(), settings.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ActiveRun run : List.copyOf(active.values())) end(run, RunStatus.INTERRUPTED, null, null);
        timer.shutdownNow();
        writer.close();
        hub.close();
    }
}
