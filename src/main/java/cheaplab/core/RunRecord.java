package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** What the store knows of a run. {@code result} is null until the run finished; {@code error} explains a failure. */
public record RunRecord(String id, String lab, int attempt, JsonNode config, RunStatus status,
                        Instant created, Instant started, Instant finished, JsonNode result, String error, String owner) {

    /** The single-user lab's owner of every run. */
    public static final String LOCAL = "local";

    /** A run of the single-user lab (owner {@value #LOCAL}). */
    public RunRecord(String id, String lab, int attempt, JsonNode config, RunStatus status,
                     Instant created, Instant started, Instant finished, JsonNode result, String error) {
        this(id, lab, attempt, config, status, created, started, finished, result, error, LOCAL);
    }
}
