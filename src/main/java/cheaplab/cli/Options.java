package cheaplab.cli;

import cheaplab.web.OriginPolicy;
import cheaplab.web.RateLimits;
import cheaplab.web.SocketLimits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings shared by every command: {@code --port}, {@code --data-dir}, {@code --db}, {@code --workers},
 * {@code --queue}, {@code --blas-threads}, {@code --host}, {@code --allowed-origins}, each also from an environment
 * variable ({@code CHEAPLAB_PORT}, {@code CHEAPLAB_DATA_DIR}, {@code CHEAPLAB_DB}, {@code CHEAPLAB_WORKERS},
 * {@code CHEAPLAB_QUEUE}, {@code CHEAPLAB_BLAS_THREADS}, {@code CHEAPLAB_HOST}, {@code CHEAPLAB_ALLOWED_ORIGINS}), and the
 * WebSocket settings {@code --ws-max-per-client}, {@code --ws-max-sockets}, {@code --ws-compression on|off}, the
 * wall-clock cap per run {@code --max-run-seconds} (0 = none; a run past it ends {@code timed-out})
 * ({@code CHEAPLAB_WS_MAX_PER_CLIENT}, {@code CHEAPLAB_WS_MAX_SOCKETS}, {@code CHEAPLAB_WS_COMPRESSION}, together in
 * {@link SocketLimits}), the per-client rate limits {@code --rate-submits-per-minute} and {@code
 * --rate-requests-per-second} ({@code CHEAPLAB_RATE_…}; {@link RateLimits}); a flag wins over its variable. Flags take {@code --name value} or {@code --name=value}.
 *
 * @param db             a JDBC URL or an H2 file path; null means {@code <dataDir>/runs}
 * @param host           the address the server binds: {@value #DEFAULT_HOST} (this machine only) unless told otherwise
 * @param allowedOrigins origins besides the server's own that may post and open streams (comma-separated on the
 *                       command line), normalised as {@code scheme://host:port}: for a deployment behind a proxy
 */
record Options(int port, Path dataDir, String db, int workers, int queue, int blasThreads, String host,
               List<String> allowedOrigins, SocketLimits sockets, int maxRunSeconds, Path instructorTokenFile,
               RateLimits.Settings rates) {
    static final int DEFAULT_PORT = 7070;
    static final String DEFAULT_DATA_DIR = "./data";
    static final int DEFAULT_WORKERS = 1;
    static final int DEFAULT_QUEUE = 16;
    /**
     * OpenBLAS threads per call. The labs parallelise above BLAS (a compute thread per core for ridge, two halves
     * of every batch for the RBM), so more BLAS threads only fight them: measured in docs/benchmarks.md.
     */
    static final int DEFAULT_BLAS_THREADS = 1;
    /** Loopback only: a single-user lab is not for the network unless {@code --host} says so (the Dockerfile does). */
    static final String DEFAULT_HOST = "127.0.0.1";

    static final List<String> FLAGS = List.of("--port", "--data-dir", "--db", "--workers", "--queue", "--blas-threads",
            "--host", "--allowed-origins", "--ws-max-per-client", "--ws-max-sockets", "--ws-compression", "--max-run-seconds",
            "--instructor-token-file", "--rate-submits-per-minute", "--rate-requests-per-second");
    /** No wall-clock cap per run unless a deployment sets one (0 = none). */
    static final int DEFAULT_MAX_RUN_SECONDS = 0;

    Options {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Without a wall-clock cap per run, single-user. */
    Options(int port, Path dataDir, String db, int workers, int queue, int blasThreads, String host,
            List<String> allowedOrigins, SocketLimits sockets) {
        this(port, dataDir, db, workers, queue, blasThreads, host, allowedOrigins, sockets, DEFAULT_MAX_RUN_SECONDS);
    }

    /** Single-user (no instructor token). */
    Options(int port, Path dataDir, String db, int workers, int queue, int blasThreads, String host,
            List<String> allowedOrigins, SocketLimits sockets, int maxRunSeconds) {
        this(port, dataDir, db, workers, queue, blasThreads, host, allowedOrigins, sockets, maxRunSeconds, null, null);
    }

    /** The per-client limits in force: the flags' when given, else none for the single-user lab, DEFAULTS for a workshop. */
    RateLimits.Settings effectiveRates() {
        if (rates != null) return rates;
        return instructorTokenFile == null ? RateLimits.Settings.NONE : RateLimits.Settings.DEFAULTS;
    }

    /**
     * Takes the global flags out of {@code args} (the rest is returned in {@code rest}, in order) and merges
     * them with the environment.
     */
    static Options parse(List<String> args, Map<String, String> env, List<String> rest) {
        String port = env.get("CHEAPLAB_PORT");
        String dataDir = env.get("CHEAPLAB_DATA_DIR");
        String db = env.get("CHEAPLAB_DB");
        String workers = env.get("CHEAPLAB_WORKERS");
        String queue = env.get("CHEAPLAB_QUEUE");
        String blasThreads = env.get("CHEAPLAB_BLAS_THREADS");
        String host = env.get("CHEAPLAB_HOST");
        String allowedOrigins = env.get("CHEAPLAB_ALLOWED_ORIGINS");
        String wsPerClient = env.get("CHEAPLAB_WS_MAX_PER_CLIENT");
        String wsSockets = env.get("CHEAPLAB_WS_MAX_SOCKETS");
        String wsCompression = env.get("CHEAPLAB_WS_COMPRESSION");
        String maxRunSeconds = env.get("CHEAPLAB_MAX_RUN_SECONDS");
        String tokenFile = env.get("CHEAPLAB_INSTRUCTOR_TOKEN_FILE");
        String submitRate = env.get("CHEAPLAB_RATE_SUBMITS_PER_MINUTE");
        String requestRate = env.get("CHEAPLAB_RATE_REQUESTS_PER_SECOND");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!FLAGS.contains(name)) {
                rest.add(a);
                continue;
            }
            String value;
            if (a.contains("=")) value = a.substring(a.indexOf('=') + 1);
            else if (i + 1 < args.size()) value = args.get(++i);
            else throw new UsageException(name + " needs a value");
            switch (name) {
                case "--port" -> port = value;
                case "--data-dir" -> dataDir = value;
                case "--db" -> db = value;
                case "--workers" -> workers = value;
                case "--queue" -> queue = value;
                case "--blas-threads" -> blasThreads = value;
                case "--host" -> host = value;
                case "--allowed-origins" -> allowedOrigins = value;
                case "--ws-max-per-client" -> wsPerClient = value;
                case "--ws-max-sockets" -> wsSockets = value;
                case "--ws-compression" -> wsCompression = value;
                case "--max-run-seconds" -> maxRunSeconds = value;
                case "--instructor-token-file" -> tokenFile = value;
                case "--rate-submits-per-minute" -> submitRate = value;
                case "--rate-requests-per-second" -> requestRate = value;
                default -> throw new IllegalStateException(name);
            }
        }
        return new Options(
                integer("--port / CHEAPLAB_PORT", port, DEFAULT_PORT, 0, 65535),
                Path.of(blank(dataDir) ? DEFAULT_DATA_DIR : dataDir.trim()),
                blank(db) ? null : db.trim(),
                integer("--workers / CHEAPLAB_WORKERS", workers, DEFAULT_WORKERS, 1, 64),
                integer("--queue / CHEAPLAB_QUEUE", queue, DEFAULT_QUEUE, 0, 10_000),
                integer("--blas-threads / CHEAPLAB_BLAS_THREADS", blasThreads, DEFAULT_BLAS_THREADS, 1, 256),
                blank(host) ? DEFAULT_HOST : host.trim(),
                origins(allowedOrigins),
                new SocketLimits(
                        integer("--ws-max-per-client / CHEAPLAB_WS_MAX_PER_CLIENT", wsPerClient, SocketLimits.DEFAULT_MAX_PER_CLIENT, 1, 100_000),
                        integer("--ws-max-sockets / CHEAPLAB_WS_MAX_SOCKETS", wsSockets, SocketLimits.DEFAULT_MAX_SOCKETS, 1, 100_000),
                        onOff("--ws-compression / CHEAPLAB_WS_COMPRESSION", wsCompression, SocketLimits.DEFAULT_COMPRESSION)),
                integer("--max-run-seconds / CHEAPLAB_MAX_RUN_SECONDS", maxRunSeconds, DEFAULT_MAX_RUN_SECONDS, 0, 7 * 24 * 3600),
                blank(tokenFile) ? null : Path.of(tokenFile.trim()),
                rates(submitRate, requestRate));
    }

    /** Null (the mode's defaults) unless a rate flag is given; 0 turns that limit off; bursts are a third of a minute's / 4 s' worth. */
    private static RateLimits.Settings rates(String submits, String requests) {
        if (blank(submits) && blank(requests)) return null;
        RateLimits.Settings d = RateLimits.Settings.DEFAULTS;
        int s = integer("--rate-submits-per-minute / CHEAPLAB_RATE_SUBMITS_PER_MINUTE", submits, (int) d.submitsPerMinute(), 0, 100_000);
        int r = integer("--rate-requests-per-second / CHEAPLAB_RATE_REQUESTS_PER_SECOND", requests, (int) d.requestsPerSecond(), 0, 100_000);
        return new RateLimits.Settings(s, Math.max(1, s / 3), r, Math.max(1, r * 4));
    }

    static Options parse(List<String> args, Map<String, String> env) {
        List<String> rest = new ArrayList<>();
        Options o = parse(args, env, rest);
        if (!rest.isEmpty()) throw new UsageException("unexpected argument '" + rest.get(0) + "'");
        return o;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Comma-separated origins, each checked and normalised ({@link OriginPolicy}); blank: none. */
    private static List<String> origins(String v) {
        if (blank(v)) return List.of();
        List<String> out = new ArrayList<>();
        for (String o : v.split(",")) {
            if (o.isBlank()) continue;
            try {
                out.addAll(new OriginPolicy(List.of(o)).allowedOrigins());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--allowed-origins / CHEAPLAB_ALLOWED_ORIGINS: " + e.getMessage());
            }
        }
        return out;
    }

    private static boolean onOff(String what, String v, boolean dflt) {
        if (blank(v)) return dflt;
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new UsageException(what + " must be on or off, was '" + v + "'");
        };
    }

    private static int integer(String what, String v, int dflt, int lo, int hi) {
        if (blank(v)) return dflt;
        try {
            int x = Integer.parseInt(v.trim());
            if (x < lo || x > hi) throw new UsageException(what + " must be in [" + lo + ", " + hi + "], was " + x);
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be an integer, was '" + v + "'");
        }
    }
}
