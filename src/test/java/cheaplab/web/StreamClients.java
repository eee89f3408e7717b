package cheaplab.web;

import cheaplab.core.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Independent WebSocket clients of {@code /ws/runs/{id}} for the stream tests, all with one spec and one result
 * shape (see {@code src/test/resources/ws-clients/stream-clients.js}): Node 20's built-in WebSocket and Python's
 * {@code websockets} as child processes, the JDK's {@code java.net.http.WebSocket} in process. Chromium runs the
 * same script as Node inside a page ({@link StreamClientsTest}).
 */
final class StreamClients {
    static final Path NODE = Path.of("/usr/bin/node");
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Set<String> TERMINAL = Set.of("finished", "failed", "diverged", "cancelled", "interrupted");

    /** One socket's story: the seqs it received as ranges of consecutive numbers, its last event, how it closed. */
    record Result(List<long[]> ranges, String last, Integer code, String reason, int connects, String error) {
        String describe() {
            StringBuilder b = new StringBuilder("ranges ");
            for (long[] r : ranges) b.append('[').append(r[0]).append("..").append(r[1]).append(']');
            return b + ", last " + last + ", close " + code + " '" + reason + "', connects " + connects + (error == null ? "" : ", error " + error);
        }
    }

    /** A spec as stream-clients.js reads it; {@code after} and {@code reconnectAfter} are numbers or one per socket. */
    static Map<String, Object> spec(URI url, int sockets, Object after, Object reconnectAfter) {
        return new java.util.LinkedHashMap<>(Map.of("url", url.toString(), "sockets", sockets, "after", after,
                "reconnectAfter", reconnectAfter, "timeoutMs", 40_000));
    }

    private StreamClients() {}

    /**
     * Skips the calling test, saying what is missing and how to install it, when {@code missing} is not null; with
     * {@code CI=true} it fails instead (CI installs every client, so a silent skip there would hide a broken stream).
     */
    static void require(String missing) {
        require(System.getenv(), missing);
    }

    static void require(Map<String, String> env, String missing) {
        if (missing == null) return;
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) Assertions.fail("CI=true, but " + missing);
        Assumptions.abort("skipped: " + missing);
    }

    /** Node's flags for its built-in WebSocket: none from 22, {@code --experimental-websocket} on 20 and 21. */
    private static volatile List<String> nodeFlags;

    /** Null when Node 20+ with a built-in WebSocket is installed, else what is missing. */
    static String nodeMissing() {
        if (!Files.isExecutable(NODE)) return "no " + NODE + " (Node 20 or later)";
        String probe = "process.stdout.write(typeof WebSocket + ' ' + process.versions.node)";
        String v = "";
        for (List<String> flags : List.of(List.<String>of(), List.of("--experimental-websocket"))) {
            try {
                List<String> cmd = new ArrayList<>(List.of(NODE.toString()));
                cmd.addAll(flags);
                cmd.addAll(List.of("-e", probe));
                v = run(cmd, 20).trim();
                if (v.startsWith("function")) {
                    nodeFlags = flags;
                    return null;
                }
            } catch (Exception e) {
                v = e.getMessage();
            }
        }
        return NODE + " has no built-in WebSocket (" + v + "); Node 20 or later is needed";
    }

    /** Null when {@code /usr/bin/python3} has the websockets package, else what is missing. */
    static String pythonMissing() {
        if (!Files.isExecutable(PYTHON)) return "no " + PYTHON + " (apt-get install python3 python3-websockets)";
        try {
            run(List.of(PYTHON.toString(), "-c", "import websockets"), 20);
            return null;
        } catch (Exception e) {
            return PYTHON + " has no websockets module (apt-get install python3-websockets): " + e.getMessage();
        }
    }

    static List<Result> node(Map<String, Object> spec) throws Exception {
        if (nodeFlags == null && nodeMissing() != null) throw new IllegalStateException(nodeMissing());
        List<String> cmd = new ArrayList<>(List.of(NODE.toString()));
        cmd.addAll(nodeFlags);
        cmd.addAll(List.of(script("node-client.mjs").toString(), Json.write(spec)));
        return parse(run(cmd, 60));
    }

    static List<Result> python(Map<String, Object> spec) throws Exception {
        return parse(run(List.of(PYTHON.toString(), script("python-client.py").toString(), Json.write(spec)), 60));
    }

    /** The client scripts live on the test classpath (target/test-classes/ws-clients). */
    static Path script(String name) throws Exception {
        return Path.of(StreamClients.class.getResource("/ws-clients/" + name).toURI());
    }

    static String resource(String name) throws IOException {
        try (InputStream in = StreamClients.class.getResourceAsStream("/ws-clients/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<Result> parse(String json) throws IOException {
        List<Map<String, Object>> raw = Json.MAPPER.readValue(json, new TypeReference<>() {});
        List<Result> out = new ArrayList<>();
        for (Map<String, Object> m : raw) {
            List<long[]> ranges = new ArrayList<>();
            for (Object r : (List<?>) m.get("ranges")) {
                List<?> p = (List<?>) r;
                ranges.add(new long[]{((Number) p.get(0)).longValue(), ((Number) p.get(1)).longValue()});
            }
            out.add(new Result(ranges, (String) m.get("last"), m.get("code") == null ? null : ((Number) m.get("code")).intValue(),
                    (String) m.get("reason"), ((Number) m.get("connects")).intValue(), (String) m.get("error")));
        }
        return out;
    }

    /** Runs a child process; its stdout, or an exception with its stderr when it fails or overruns. */
    static String run(List<String> command, int timeoutSeconds) throws Exception {
        Path err = Files.createTempFile("ws-client", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " ran over " + timeoutSeconds + " s: " + Files.readString(err));
            }
            String stdout = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new IOException(command.get(0) + " exited " + p.exitValue() + ": " + Files.readString(err) + stdout);
            return stdout;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    // ---- the JDK's java.net.http.WebSocket

    static List<Result> jdk(Map<String, Object> spec) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int n = ((Number) spec.get("sockets")).intValue();
        List<CompletableFuture<Result>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long after = at(spec.get("after"), i);
            all.add(new JdkSocket(http, URI.create((String) spec.get("url")), after, (int) at(spec.get("reconnectAfter"), i)).done);
        }
        long timeout = ((Number) spec.get("timeoutMs")).longValue();
        List<Result> out = new ArrayList<>();
        for (CompletableFuture<Result> f : all) {
            try {
                out.add(f.get(timeout, TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                out.add(new Result(List.of(), null, null, null, 0, "timeout after " + timeout + " ms"));
            }
        }
        return out;
    }

    private static long at(Object numberOrList, int i) {
        return numberOrList instanceof List<?> l ? ((Number) l.get(i)).longValue() : ((Number) numberOrList).longValue();
    }

    private static final class JdkSocket implements WebSocket.Listener {
        final CompletableFuture<Result> done = new CompletableFuture<>();
        final HttpClient http;
        final URI url;
        final int reconnectAfter;
        final List<long[]> ranges = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        long lastSeq;
        String last;
        int connects;
        int inThisConnection;
        volatile boolean selfClosed;
        String error;

        JdkSocket(HttpClient http, URI url, long after, int reconnectAfter) {
            this.http = http;
            this.url = url;
            this.lastSeq = after;
            this.reconnectAfter = reconnectAfter;
            open();
        }

        synchronized void open() {
            connects++;
            inThisConnection = 0;
            selfClosed = false;
            http.newWebSocketBuilder().buildAsync(URI.create(url + "?after=" + lastSeq), this).whenComplete((ws, t) -> {
                if (t != null) finish(null, null, "connect failed: " + t);
            });
        }

        synchronized void finish(Integer code, String reason, String err) {
            done.complete(new Result(List.copyOf(ranges), last, code, reason, connects, err != null ? err : error));
        }

        @Override
        public synchronized CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean lastPart) {
            text.append(data);
            if (lastPart) {
                try {
                    var e = Json.MAPPER.readTree(text.toString());
                    long seq = e.get("seq").asLong();
                    long[] cur = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
                    if (cur != null && seq == cur[1] + 1) cur[1] = seq;
                    else ranges.add(new long[]{seq, seq});
                    lastSeq = seq;
                    last = e.get("type").asText();
                    inThisConnection++;
                    if (reconnectAfter > 0 && connects == 1 && inThisConnection == reconnectAfter && !TERMINAL.contains(last)) {
                        selfClosed = true;
                        ws.sendClose(1000, "reconnecting");
                    }
                } catch (IOException ex) {
                    error = "bad JSON: " + ex;
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public synchronized CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (selfClosed) open();
            else finish(statusCode, reason, null);
            return null;
        }

        @Override
        public synchronized void onError(WebSocket ws, Throwable t) {
            java.io.StringWriter w = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(w));
            finish(null, null, "onError: " + w.toString().lines().limit(12).reduce((x, y) -> x + " | " + y).orElse(""));
        }
    }
}
