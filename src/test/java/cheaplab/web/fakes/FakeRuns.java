package cheaplab.web.fakes;

import cheaplab.core.Json;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunEvent;
import cheaplab.core.RunRecord;
import cheaplab.core.RunStatus;
import cheaplab.core.Runs;
import cheaplab.web.ConfigForm;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory {@link Runs} whose runs replay a script instead of computing: ridge runs emit
 * {@link ScriptedRidge}'s series, other labs a few generic points. Replay-then-live subscriptions with no gap
 * or duplicate, cancellation, history. Test sources only.
 */
public final class FakeRuns implements Runs {
    private final LabCatalog labs;
    private final long stepMs;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    private static final class Run {
        volatile RunRecord record;
        final List<RunEvent> events = new ArrayList<>();
        final List<Consumer<RunEvent>> listeners = new CopyOnWriteArrayList<>();
        volatile boolean cancel;
    }

    /** @param stepMs pause between the script's steps (one N_i of the sweep, one diagnostic series) */
    public FakeRuns(LabCatalog labs, long stepMs) {
        this.labs = labs;
        this.stepMs = stepMs;
    }

    @Override
    public RunRecord submit(String labId, JsonNode config) {
        Lab<?, ?> lab = labs.get(labId);
        Record cfg = ConfigForm.toConfig(lab.configType(), config);
        String id = String.format("%08x-%04x-fake", 0x5eed0000 + counter.incrementAndGet(), counter.get());
        Run run = new Run();
        run.record = new RunRecord(id, labId, 1, Json.tree(cfg), RunStatus.QUEUED, Instant.now(), null, null, null, null);
        runs.put(id, run);
        Thread t = new Thread(() -> play(run, cfg), "fake-run-" + id);
        t.setDaemon(true);
        t.start();
        return run.record;
    }

    /** Adds a finished run directly (for page tests that need history without waiting). */
    public RunRecord addFinished(String labId, JsonNode config, Instant created) {
        String id = String.format("%08x-done-fake", 0x0d0e0000 + counter.incrementAndGet());
        Run run = new Run();
        run.record = new RunRecord(id, labId, 1, config, RunStatus.FINISHED, created, created.plusMillis(10),
                created.plusMillis(2510), Json.tree(Map.of("ok", true)), null);
        runs.put(id, run);
        emit(run, (seq, now) -> new RunEvent.Started(id, 1, seq, now, labId, config));
        emit(run, (seq, now) -> new RunEvent.Finished(id, 1, seq, now, Json.tree(Map.of("ok", true))));
        return run.record;
    }

    private void play(Run run, Record cfg) {
        String id = run.record.id();
        try {
            Thread.sleep(Math.min(200, stepMs * 2));
            run.record = with(run.record, RunStatus.RUNNING, Instant.now(), null, null, null);
            emit(run, (seq, now) -> new RunEvent.Started(id, 1, seq, now, run.record.lab(), run.record.config()));
            List<ScriptedRidge.Item> script = cfg instanceof FakeRidgeConfig rc ? ScriptedRidge.script(rc, stepMs) : generic(stepMs);
            for (ScriptedRidge.Item item : script) {
                if (item.delayMs() > 0) Thread.sleep(item.delayMs());
                if (run.cancel) {
                    run.record = with(run.record, RunStatus.CANCELLED, run.record.started(), Instant.now(), null, null);
                    emit(run, (seq, now) -> new RunEvent.Cancelled(id, 1, seq, now));
                    return;
                }
                if (item.series() == null)
                    emit(run, (seq, now) -> new RunEvent.Progress(id, 1, seq, now, item.fraction(), item.message()));
                else
                    emit(run, (seq, now) -> new RunEvent.Point(id, 1, seq, now, item.series(), item.values()));
            }
            JsonNode result = Json.tree(Map.of("config", run.record.config(), "points", script.size()));
            emit(run, (seq, now) -> new RunEvent.Log(id, 1, seq, now, "scripted run: " + script.size() + " steps"));
            run.record = with(run.record, RunStatus.FINISHED, run.record.started(), Instant.now(), result, null);
            emit(run, (seq, now) -> new RunEvent.Finished(id, 1, seq, now, result));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<ScriptedRidge.Item> generic(long stepMs) {
        List<ScriptedRidge.Item> items = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            items.add(new ScriptedRidge.Item(stepMs, "loss", Map.of("step", i, "loss", 1.0 / i), Double.NaN, null));
            items.add(ScriptedRidge.Item.progress(0, i / 5.0, "step " + i));
        }
        return items;
    }

    private interface Maker {
        RunEvent make(long seq, long now);
    }

    private static void emit(Run run, Maker maker) {
        synchronized (run) {
            RunEvent e = maker.make(run.events.size() + 1, System.currentTimeMillis());
            run.events.add(e);
            for (Consumer<RunEvent> l : run.listeners) l.accept(e);
        }
    }

    private static RunRecord with(RunRecord r, RunStatus status, Instant started, Instant finished, JsonNode result, String error) {
        return new RunRecord(r.id(), r.lab(), r.attempt(), r.config(), status, r.created(), started, finished, result, error);
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        Run run = runs.get(runId);
        return run == null ? Optional.empty() : Optional.of(run.record);
    }

    @Override
    public boolean cancel(String runId) {
        Run run = runs.get(runId);
        if (run == null || run.record.status().terminal()) return false;
        run.cancel = true;
        return true;
    }

    @Override
    public List<RunRecord> history(String lab, int limit) {
        return runs.values().stream().map(r -> r.record).filter(r -> lab == null || r.lab().equals(lab))
                .sorted(Comparator.comparing(RunRecord::created).reversed()).limit(limit).toList();
    }

    @Override
    public List<RunEvent> events(String runId, long afterSeq) {
        Run run = runs.get(runId);
        if (run == null) return List.of();
        synchronized (run) {
            return run.events.stream().filter(e -> e.seq() > afterSeq).toList();
        }
    }

    @Override
    public Subscription subscribe(String runId, long afterSeq, Consumer<RunEvent> listener) {
        Run run = runs.get(runId);
        if (run == null) return () -> {};
        synchronized (run) {
            for (RunEvent e : run.events) if (e.seq() > afterSeq) listener.accept(e);
            run.listeners.add(listener);
        }
        return () -> run.listeners.remove(listener);
    }
}
