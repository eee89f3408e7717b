package cheaplab.bench;

import cheaplab.core.RunContext;
import cheaplab.data.DataCatalog;

import java.util.Map;

/** A run context that discards everything (but counts points): a lab run timed without its event stream. */
final class QuietContext implements RunContext {
    private final DataCatalog data;
    int points;

    QuietContext(DataCatalog data) {
        this.data = data;
    }

    @Override public String runId() { return "bench"; }
    @Override public long seed() { return 0; }
    @Override public void progress(double fraction, String message) {}
    @Override public void point(String series, Map<String, ?> values) { points++; }
    @Override public void log(String message) {}
    @Override public boolean cancelled() { return false; }
    @Override public DataCatalog data() { return data; }
}
