package cheaplab.soak;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server under soak: a child JVM started from the lab's jar exactly as the README starts it, plus a fixed,
 * pre-touched heap and (by default) glibc's heap checks. {@code MALLOC_CHECK_=3} makes glibc abort on the first
 * inconsistency it sees in a free or realloc; since glibc 2.34 it only takes effect with
 * {@code libc_malloc_debug.so.0} preloaded, so that library is preloaded when it exists. {@code MALLOC_PERTURB_}
 * fills freed and fresh blocks with a pattern, so a read through a dangling pointer sees garbage at once instead
 * of the old values.
 */
final class SoakServer implements AutoCloseable {
    static final String MALLOC_PERTURB = "165";
    private static final List<Path> MALLOC_DEBUG_LIBS = List.of(
            Path.of("/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"),
            Path.of("/usr/lib/x86_64-linux-gnu/libc_malloc_debug.so.0"),
            Path.of("/lib64/libc_malloc_debug.so.0"),
            Path.of("/usr/lib64/libc_malloc_debug.so.0"),
            Path.of("/lib/aarch64-linux-gnu/libc_malloc_debug.so.0"));

    private final Process process;
    private final Path log;
    private final int port;
    private final String mallocDebug;

    private SoakServer(Process process, Path log, int port, String mallocDebug) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.mallocDebug = mallocDebug;
    }

    /** Starts the server and waits (up to 3 minutes: the self-check and a cold JIT) until it answers. */
    static SoakServer start(SoakOptions o, Path workDir) throws IOException, InterruptedException {
        int port = freePort();
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString(),
                "-Xms" + o.heap(), "-Xmx" + o.heap(), "-XX:+AlwaysPreTouch",
                "-XX:ErrorFile=" + workDir.resolve("hs_err_pid%p.log"),
                "--add-modules", "jdk.incubator.vector,jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED",
                "-Xss4m", "-jar", o.jar().toAbsolutePath().toString(),
                "serve", "--port", Integer.toString(port), "--data-dir", o.dataDir().toAbsolutePath().toString(),
                "--db", workDir.resolve("runs").toString(), "--workers", Integer.toString(o.workers()),
                "--queue", "64"));
        // Core files, hs_err files and the log land in the work directory, where the verdict looks for them.
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(workDir.toFile());
        Path log = workDir.resolve("server.log");
        pb.redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("LIBC_FATAL_STDERR_", "1"); // glibc's abort messages go to stderr (the log), not to a terminal
        String mallocDebug = "off";
        if (o.mallocDebug()) {
            env.put("MALLOC_CHECK_", "3");
            env.put("MALLOC_PERTURB_", MALLOC_PERTURB);
            Optional<Path> lib = MALLOC_DEBUG_LIBS.stream().filter(Files::isReadable).findFirst();
            if (lib.isPresent()) {
                String pre = env.get("LD_PRELOAD");
                env.put("LD_PRELOAD", pre == null || pre.isBlank() ? lib.get().toString() : lib.get() + ":" + pre);
                mallocDebug = "MALLOC_CHECK_=3 MALLOC_PERTURB_=" + MALLOC_PERTURB + " with " + lib.get().getFileName();
            } else {
                mallocDebug = "MALLOC_CHECK_=3 MALLOC_PERTURB_=" + MALLOC_PERTURB + " (no libc_malloc_debug.so.0: glibc older than 2.34 checks without it)";
            }
        }
        SoakServer s = new SoakServer(pb.start(), log, port, mallocDebug);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!s.process.isAlive()) throw new IOException("the server exited with " + s.process.exitValue() + " at start; see " + log);
            if (s.healthy()) return s;
            Thread.sleep(500);
        }
        s.close();
        throw new IOException("the server did not answer within 3 minutes; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0)) {
            return ss.getLocalPort();
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String mallocDebug() {
        return mallocDebug;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** {@code GET /api/health} answers 200. */
    boolean healthy() {
        try {
            HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(base().resolve("/api/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server's resident memory in bytes (VmRSS), or -1 once it is gone. */
    long residentBytes() {
        return ProcStatus.residentBytes(process.pid());
    }

    /** Its thread count, or -1 once it is gone. */
    int threads() {
        return ProcStatus.threads(process.pid());
    }

    /** Stops the server (SIGTERM, then waits up to 30 s) and returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (process.isAlive()) process.destroyForcibly();
    }
}
