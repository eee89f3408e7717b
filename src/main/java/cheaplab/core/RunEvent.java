package cheaplab.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Everything a run tells the world, in order. {@code (runId, attempt, seq)} identifies an event: seq starts
 * at 1 and grows by one per event of a run, so a client drops anything at or below the last seq it saw and a
 * reconnecting client asks for the replay after that seq. JSON: a flat object with a {@code type} field.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RunEvent.Started.class, name = "started"),
        @JsonSubTypes.Type(value = RunEvent.Progress.class, name = "progress"),
        @JsonSubTypes.Type(value = RunEvent.Point.class, name = "point"),
        @JsonSubTypes.Type(value = RunEvent.Log.class, name = "log"),
        @JsonSubTypes.Type(value = RunEvent.Finished.class, name = "finished"),
        @JsonSubTypes.Type(value = RunEvent.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = RunEvent.Diverged.class, name = "diverged"),
        @JsonSubTypes.Type(value = RunEvent.Cancelled.class, name = "cancelled"),
        @JsonSubTypes.Type(value = RunEvent.Interrupted.class, name = "interrupted"),
        @JsonSubTypes.Type(value = RunEvent.TimedOut.class, name = "timed-out"),
})
public sealed interface RunEvent {

    String runId();

    int attempt();

    long seq();

    /** Epoch milliseconds. */
    long time();

    /** Whether this event ends the run. */
    default boolean terminal() {
        return false;
    }

    record Started(String runId, int attempt, long seq, long time, String lab, JsonNode config) implements RunEvent {}

    record Progress(String runId, int attempt, long seq, long time, double fraction, String message) implements RunEvent {}

    /** One measured point of a named series; {@code values} is a flat JSON object. */
    record Point(String runId, int attempt, long seq, long time, String series, Map<String, Object> values)
            implements RunEvent {}

    record Log(String runId, int attempt, long seq, long time, String message) implements RunEvent {}

    record Finished(String runId, int attempt, long seq, long time, JsonNode result) implements RunEvent {
        @Override public boolean terminal() { return true; }
    }

    record Failed(String runId, int attempt, long seq, long time, String reason) implements RunEvent {
        @Override public boolean terminal() { return true; }
    }

    record Diverged(String runId, int attempt, long seq, long time, String reason) implements RunEvent {
        @Override public boolean terminal() { return true; }
    }

    record Cancelled(String runId, int attempt, long seq, long time) implements RunEvent {
        @Override public boolean terminal() { return true; }
    }

    /** The run reached the wall-clock cap per run and was stopped; {@code reason} says after how long. */
    record TimedOut(String runId, int attempt, long seq, long time, String reason) implements RunEvent {
        @Override public boolean terminal() { return true; }
    }

    /** Written at start-up for runs that were queued or running when the server stopped. */
    record Interrupted(String runId, int attempt, long seq, long time) implements RunEvent {
        @Override public boolean terminal() { return true; }
    }
}
