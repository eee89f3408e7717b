package cheaplab.soak;

import cheaplab.core.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The soak's HTTP and WebSocket client of the server under test: what a browser tab does, minus the drawing. */
final class SoakClient {
    private final URI base;
    private final HttpClient http;

    SoakClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Submits a run; returns its id. */
    String submit(String lab, Map<String, Object> config) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/labs/" + lab + "/runs"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(config))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) throw new IOException("submit " + lab + " answered " + r.statusCode() + ": " + r.body());
        return Json.MAPPER.readTree(r.body()).get("id").asText();
    }

    /** The run's status ({@code queued}, {@code running}, {@code finished}, ...). */
    String status(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/runs/" + id))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("run " + id + " answered " + r.statusCode());
        JsonNode n = Json.MAPPER.readTree(r.body());
        return n.get("status").asText();
    }

    /** Asks to cancel; returns the HTTP status (202 accepted, 409 already ended). */
    int cancel(String id) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve("/api/runs/" + id)).timeout(Duration.ofSeconds(30))
                .DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Polls until the run's status is terminal or {@code timeout} passes; returns the last status seen. */
    String awaitEnd(String id, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String s = status(id);
        while (!terminal(s) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = status(id);
        }
        return s;
    }

    /** Polls until the run leaves {@code queued}; returns the status seen. */
    String awaitStart(String id, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String s = status(id);
        while (s.equals("queued") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = status(id);
        }
        return s;
    }

    static boolean terminal(String status) {
        return switch (status) {
            case "finished", "failed", "diverged", "cancelled", "interrupted" -> true;
            default -> false;
        };
    }

    /**
     * Opens {@code /ws/runs/{id}}. With {@code abortAfter > 0} the socket is dropped without a close handshake
     * (a closed tab) once that many events arrived.
     */
    Watcher watch(String id, int abortAfter) {
        Watcher w = new Watcher(abortAfter);
        URI ws = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/runs/" + id);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(ws, w)
                .whenComplete((s, e) -> {
                    if (e != null) w.done.complete("connect failed: " + e.getMessage());
                });
        return w;
    }

    /** What one WebSocket client saw. */
    static final class Watcher implements WebSocket.Listener {
        final CompletableFuture<String> done = new CompletableFuture<>();
        final AtomicInteger events = new AtomicInteger();
        final AtomicLong lastSeq = new AtomicLong();
        volatile boolean sawEnd;
        volatile boolean gaps;
        private final int abortAfter;
        private final StringBuilder partial = new StringBuilder();

        Watcher(int abortAfter) {
            this.abortAfter = abortAfter;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String msg = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode n = Json.MAPPER.readTree(msg);
                    long seq = n.path("seq").asLong();
                    if (lastSeq.get() != 0 && seq != lastSeq.get() + 1) gaps = true;
                    lastSeq.set(seq);
                    String type = n.path("type").asText();
                    if (type.equals("finished") || type.equals("failed") || type.equals("diverged") || type.equals("cancelled")) sawEnd = true;
                } catch (IOException e) {
                    gaps = true;
                }
                if (abortAfter > 0 && events.incrementAndGet() >= abortAfter) {
                    ws.abort();
                    done.complete("aborted by the client");
                    return null;
                }
                if (abortAfter <= 0) events.incrementAndGet();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            done.complete("closed " + code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            done.complete("error: " + error);
        }
    }
}
