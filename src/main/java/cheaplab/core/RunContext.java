package cheaplab.core;

import cheaplab.data.DataCatalog;

import java.util.Map;

/** What a running lab may touch: its seed, an event sink, the cancellation flag and the data catalogue. */
public interface RunContext {

    String runId();

    /** The config's seed; engines derive every random stream from it (see {@link Seeds}). */
    long seed();

    /** Fraction done in [0, 1] and a short message. May be throttled by the runtime. */
    void progress(double fraction, String message);

    /**
     * A measured point of a named series (e.g. {@code "risk"}), as a flat JSON object. Never throttled:
     * series points are the run's history and are persisted.
     */
    void point(String series, Map<String, ?> values);

    void log(String message);

    boolean cancelled();

    default void checkCancelled() {
        if (cancelled()) {
            throw new CancelledException();
        }
    }

    DataCatalog data();
}
