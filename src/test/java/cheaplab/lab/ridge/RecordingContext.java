package cheaplab.lab.ridge;

import cheaplab.core.RunContext;
import cheaplab.data.DataCatalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A RunContext for engine tests: records the emitted points in order, thread-safely. */
class RecordingContext implements RunContext {
    record Emitted(String series, Map<String, Object> values) {}

    private final long seed;
    private final DataCatalog data;
    final List<Emitted> points = Collections.synchronizedList(new ArrayList<>());
    final List<Double> progress = Collections.synchronizedList(new ArrayList<>());
    final List<String> logs = Collections.synchronizedList(new ArrayList<>());
    /** Threads that emitted points (the lab emits from the run thread only). */
    final java.util.Set<Thread> pointThreads = Collections.synchronizedSet(new java.util.HashSet<>());
    volatile boolean cancel;

    RecordingContext(long seed, DataCatalog data) {
        this.seed = seed;
        this.data = data;
    }

    @Override public String runId() { return "test"; }
    @Override public long seed() { return seed; }
    @Override public void progress(double fraction, String message) { progress.add(fraction); }
    @Override public void point(String series, Map<String, ?> values) {
        pointThreads.add(Thread.currentThread());
        points.add(new Emitted(series, new LinkedHashMap<>(values)));
    }
    @Override public void log(String message) { logs.add(message); }
    @Override public boolean cancelled() { return cancel; }
    @Override public DataCatalog data() { return data; }

    List<Map<String, Object>> series(String name) {
        synchronized (points) {
            return points.stream().filter(e -> e.series().equals(name)).map(Emitted::values).toList();
        }
    }
}
