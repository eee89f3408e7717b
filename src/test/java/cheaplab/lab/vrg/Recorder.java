package cheaplab.lab.vrg;

import cheaplab.core.Json;
import cheaplab.core.RunContext;
import cheaplab.data.DataCatalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run context that keeps every point (each also serialised to JSON) and log line. */
class Recorder implements RunContext {
    record Point(String series, Map<String, Object> values) {}

    final List<Point> points = new ArrayList<>();
    final List<String> logs = new ArrayList<>();
    volatile boolean cancel;

    List<Map<String, Object>> series(String name) {
        return points.stream().filter(p -> p.series().equals(name)).map(Point::values).toList();
    }

    @Override
    public String runId() {
        return "test";
    }

    @Override
    public long seed() {
        return 1;
    }

    @Override
    public void progress(double fraction, String message) {
        if (!(fraction >= 0 && fraction <= 1)) throw new AssertionError("progress out of [0, 1]: " + fraction);
    }

    @Override
    public void point(String series, Map<String, ?> values) {
        Json.write(values);
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
        throw new UnsupportedOperationException("the vrg lab reads no data set");
    }
}
