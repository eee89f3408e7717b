package cheaplab.testlabs;

import cheaplab.core.Json;
import cheaplab.core.RunContext;
import cheaplab.data.DataCatalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** For lab tests (rbm, mlp): a run context that keeps every point (as a copy) and every log line; each point is also serialised to JSON. */
public class RecordingContext implements RunContext {
    public record Point(String series, Map<String, Object> values) {}

    public final long seed;
    public final List<Point> points = new ArrayList<>();
    public final List<String> logs = new ArrayList<>();
    public final List<String> progressMessages = new java.util.concurrent.CopyOnWriteArrayList<>();
    public volatile boolean cancel;

    public RecordingContext(long seed) {
        this.seed = seed;
    }

    public List<Map<String, Object>> series(String name) {
        return points.stream().filter(p -> p.series().equals(name)).map(Point::values).toList();
    }

    @Override
    public String runId() {
        return "test";
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public void progress(double fraction, String message) {
        if (!(fraction >= 0 && fraction <= 1)) throw new AssertionError("progress out of [0, 1]: " + fraction);
        progressMessages.add(message);
    }

    @Override
    public void point(String series, Map<String, ?> values) {
        Json.write(values); // must serialise
        points.add(new Point(series, new LinkedHashMap<>(values)));
    }

    @Override
    public void log(String message) {
        logs.add(message);
    }

    @Override
    public boolean cancelled() {
        return cancel;
    }

    @Override
    public DataCatalog data() {
        return MnistFixture.INSTANCE;
    }
}
