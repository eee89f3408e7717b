package cheaplab.lab.ridge;

import cheaplab.core.RunContext;
import cheaplab.data.DataCatalog;

import java.util.Map;

/**
 * A stage of a run as seen by its code: everything goes to the run's context, except that the stage's progress
 * fraction f ∈ [0, 1] is reported as from + f·(to − from) of the whole run.
 */
record ProgressShare(RunContext run, double from, double to) implements RunContext {
    @Override public String runId() { return run.runId(); }
    @Override public long seed() { return run.seed(); }
    @Override public void progress(double fraction, String message) { run.progress(from + fraction * (to - from), message); }
    @Override public void point(String series, Map<String, ?> values) { run.point(series, values); }
    @Override public void log(String message) { run.log(message); }
    @Override public boolean cancelled() { return run.cancelled(); }
    @Override public DataCatalog data() { return run.data(); }
}
