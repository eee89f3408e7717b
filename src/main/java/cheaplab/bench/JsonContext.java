package cheaplab.bench;

import cheaplab.core.Json;
import cheaplab.core.RunContext;
import cheaplab.data.DataCatalog;

import java.util.Map;

/** A run context that serialises every event to JSON, as the live runtime does before storing and sending it. */
final class JsonContext implements RunContext {
    private final DataCatalog data;
    int points;
    long bytes, nanos;

    JsonContext(DataCatalog data) {
        this.data = data;
    }

    @Override public String runId() { return "bench"; }
    @Override public long seed() { return 0; }
    @Override public void progress(double fraction, String message) {
        bytes += Json.write(Map.of("fraction", fraction, "message", message)).length();
    }
    @Override public void point(String series, Map<String, ?> values) {
        long t = System.nanoTime();
        points++;
        bytes += Json.write(Map.of("series", series, "values", values)).length();
        nanos += System.nanoTime() - t;
    }
    @Override public void log(String message) { bytes += message.length(); }
    @Override public boolean cancelled() { return false; }
    @Override public DataCatalog data() { return data; }
}
