package cheaplab.bench;

import cheaplab.core.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A client's run stream of {@link WsSocketsBenchmark.StampLab} points, for the benchmarks that measure streaming:
 * every event's seq in arrival order (any that is not the previous + 1 is counted), the latency of each point (the
 * receipt's wall clock minus the point's stamp {@code values.t}, µs) after the first {@code warmup} points and
 * stamped at or after {@code sinceMicros}, and whether it ended with a terminal event and a 1000 close. {@link #done}
 * completes with null for a complete stream, else with what went wrong.
 */
final class StampStream implements WebSocket.Listener {
    private static final String TERMINAL = "finished|failed|cancelled|interrupted|diverged|timed-out";

    final CompletableFuture<String> done = new CompletableFuture<>();
    final List<Long> seqs = new ArrayList<>();
    final List<Long> latencies = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final int warmup;
    private final long sinceMicros;
    private int outOfOrder;
    private boolean terminal;

    StampStream(int warmup, long sinceMicros) {
        this.warmup = warmup;
        this.sinceMicros = sinceMicros;
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** Events whose seq was not the previous one's + 1 (a loss, a duplicate or a reordering). */
    int outOfOrder() {
        return outOfOrder;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            long now = nowMicros();
            try {
                JsonNode e = Json.MAPPER.readTree(text.toString());
                long seq = e.get("seq").asLong();
                if (seq != (seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1)) + 1) outOfOrder++;
                seqs.add(seq);
                JsonNode t = e.path("values").path("t");
                if (t.isNumber() && e.path("values").path("i").asInt() > warmup && t.asLong() >= sinceMicros) latencies.add(now - t.asLong());
                if (e.get("type").asText().matches(TERMINAL)) terminal = true;
            } catch (Exception ex) {
                done.complete("bad message: " + ex);
            }
            text.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        if (outOfOrder > 0) done.complete(outOfOrder + " events out of order");
        done.complete(code == 1000 && terminal ? null : "closed " + code + " '" + reason + "' terminal " + terminal);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable t) {
        done.complete("error " + t);
    }
}
