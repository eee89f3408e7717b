package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** What the store knows of a run. {@code result} is null until the run finished; {@code error} explains a failure. */
public record RunRecord(String id, String lab, int attempt, JsonNode config, RunStatus status,
                        Instant created, Instant started, Instant finished, JsonNode result, String error) {}
