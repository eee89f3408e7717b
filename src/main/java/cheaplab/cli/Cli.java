package cheaplab.cli;

import cheaplab.bench.Benchmark;
import cheaplab.bench.Benchmarks;
import cheaplab.core.ConfigException;
import cheaplab.core.FormBinder;
import cheaplab.core.JdbcRunStore;
import cheaplab.core.Json;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.core.LabInfo;
import cheaplab.core.MalformedConfigException;
import cheaplab.core.RunEvent;
import cheaplab.core.RunRecord;
import cheaplab.core.RunService;
import cheaplab.core.RunStoreException;
import cheaplab.core.Runs;
import cheaplab.data.DataCatalog;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The command line. {@link #execute} is the whole program minus {@code System.exit}, with its streams and
 * environment injected so tests run it in-process.
 *
 * <pre>
 * (no command) | serve [flags]                       start the web server (blocks until the JVM stops)
 * run &lt;lab&gt; [--config FILE|-|JSON] [--set k=v]... [flags]
 *                                                    one run: each event a JSON line (not "finished"),
 *                                                    then the result JSON as the last line
 * labs                                               the labs and their defaults as JSON
 * bench [&lt;id&gt; [args...]]                             list benchmarks, or run one
 * flags: --port --data-dir --db --workers --queue --blas-threads --host --allowed-origins --ws-max-per-client
 *        --ws-max-sockets --ws-compression and the rest of Options.FLAGS (env CHEAPLAB_PORT,
 *        CHEAPLAB_DATA_DIR, CHEAPLAB_DB, CHEAPLAB_WORKERS, CHEAPLAB_QUEUE, CHEAPLAB_BLAS_THREADS, CHEAPLAB_HOST,
 *        CHEAPLAB_ALLOWED_ORIGINS; a flag wins)
 * </pre>
 *
 * Exit codes: 0 success; 1 the run failed; 2 bad usage, unknown lab or invalid config (one line on stderr
 * naming the field); 3 the run diverged; 4 the run was cancelled or interrupted; 5 the numerical self-check
 * found a wrong BLAS/LAPACK routine (nothing was computed).
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int DIVERGED = 3;
    public static final int STOPPED = 4;
    /** The numerical self-check found a wrong BLAS/LAPACK routine: nothing was computed. */
    public static final int NUMERICS = 5;

    private final Supplier<LabCatalog> labs;
    private final Function<Path, DataCatalog> dataCatalogs;
    private final Supplier<List<Benchmark>> benchmarks;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    /**
     * @param labs         the lab catalogue; called only after the JavaCPP properties are set (labs may load ND4J)
     * @param dataCatalogs the data catalogue of a data directory
     * @param benchmarks   the benchmarks {@code bench} offers
     */
    public Cli(Supplier<LabCatalog> labs, Function<Path, DataCatalog> dataCatalogs, Supplier<List<Benchmark>> benchmarks,
               InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.labs = labs;
        this.dataCatalogs = dataCatalogs;
        this.benchmarks = benchmarks;
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs the command line; returns the exit code. */
    public int execute(String... argv) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        try {
            String command = args.isEmpty() || args.get(0).startsWith("--") && !isHelp(args.get(0)) ? "serve" : args.remove(0);
            switch (command) {
                case "serve":
                    return serve(Options.parse(args, env));
                case "run":
                    return run(args);
                case "labs":
                    return labs(args);
                case "bench":
                    return bench(args);
                case "help":
                case "--help":
                case "-h":
                    out.print(USAGE_TEXT);
                    return OK;
                default:
                    throw new UsageException("unknown command '" + command + "'; commands: serve, run, labs, bench, help");
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            return USAGE;
        }
    }

    private static boolean isHelp(String a) {
        return a.equals("--help");
    }

    static final String USAGE_TEXT = """
            Cheap Learning Lab
              java -jar cheap-learning-lab.jar [serve] [flags]        start the web server (default http://127.0.0.1:7070)
              java -jar cheap-learning-lab.jar run <lab> [--config FILE|-|JSON] [--set key=value]... [flags]
                  prints every event as a JSON line, then the result JSON as the last line
              java -jar cheap-learning-lab.jar labs                   the labs and their default configs (JSON)
              java -jar cheap-learning-lab.jar bench [<id> [args]]    list the benchmarks, or run one
            flags (environment variable in brackets; a flag wins):
              --port N        HTTP port, default 7070 (CHEAPLAB_PORT)
              --data-dir DIR  data sets, native-library cache and the run store, default ./data (CHEAPLAB_DATA_DIR)
              --db URL|PATH   run store: a JDBC URL or an H2 file path, default <data-dir>/runs (CHEAPLAB_DB)
              --workers N     runs executed at once, default 1 (CHEAPLAB_WORKERS)
              --queue N       runs that may wait for a worker, default 16 (CHEAPLAB_QUEUE)
              --blas-threads N  OpenBLAS threads per call, default 1: the labs parallelise themselves (CHEAPLAB_BLAS_THREADS)
              --host ADDR     address to listen on, default 127.0.0.1 (this machine only); 0.0.0.0 for every interface (CHEAPLAB_HOST)
              --allowed-origins LIST  comma-separated origins (https://lab.example) besides the server's own that may
                              start and cancel runs and open run streams: for a proxy in front (CHEAPLAB_ALLOWED_ORIGINS)
              --ws-max-per-client N  run-stream sockets one client address may hold, default 64 (CHEAPLAB_WS_MAX_PER_CLIENT)
              --ws-max-sockets N     run-stream sockets in total, default 512 (CHEAPLAB_WS_MAX_SOCKETS)
              --ws-compression on|off  permessage-deflate for clients that offer it, default off (CHEAPLAB_WS_COMPRESSION)
              --max-run-seconds N    wall-clock cap per run, 0 = none (default); a run past it ends timed-out (CHEAPLAB_MAX_RUN_SECONDS)
              --instructor-token-file PATH  workshop mode: participant sessions, ownership, workshops; the file holds
                              the instructor's sign-in secret (CHEAPLAB_INSTRUCTOR_TOKEN_FILE; docs/workshops.md)
              --rate-submits-per-minute N  runs one client may submit a minute, 0 = no limit; default none, 30 in
                              workshop mode (CHEAPLAB_RATE_SUBMITS_PER_MINUTE)
              --rate-requests-per-second N  other requests one client may make a second, 0 = no limit; default none,
                              50 in workshop mode (CHEAPLAB_RATE_REQUESTS_PER_SECOND)
            exit codes: 0 ok, 1 run failed, 2 usage or invalid config, 3 diverged, 4 cancelled or interrupted,
                        5 the numerical self-check found a wrong BLAS/LAPACK routine on this machine (nothing computed)
            """;

    // ---- serve

    private int serve(Options o) {
        NativeMemory.configure(o.dataDir());
        if (!nativeReady(o)) return NUMERICS;
        LabCatalog catalog = labs.get();
        LabServer server;
        try {
            server = LabServer.start(o, catalog, dataCatalogs.apply(o.dataDir()));
        } catch (RunStoreException e) {
            err.println(e.getMessage());
            return FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "cheaplab-shutdown"));
        String shown = o.host().contains(":") ? "[" + o.host() + "]" : o.host();
        out.println("Cheap Learning Lab at http://" + shown + ":" + server.port() + "/ (data " + o.dataDir().toAbsolutePath().normalize() + ")");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    /** Thread settings and the numerical self-check ({@link NativeStartup}); false (and why, on stderr) if it failed. */
    private boolean nativeReady(Options o) {
        try {
            NativeStartup.prepare(o);
            return true;
        } catch (cheaplab.linalg.NumericsUnreliableException e) {
            err.println(e.getMessage());
            return false;
        }
    }

    // ---- labs

    private int labs(List<String> args) {
        Options o = Options.parse(args, env);
        NativeMemory.configure(o.dataDir());
        List<LabInfo> infos = labs.get().all().stream().map(LabInfo::of).toList();
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(infos));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return OK;
    }

    // ---- bench

    private int bench(List<String> args) {
        List<Benchmark> all = benchmarks.get();
        if (args.isEmpty()) {
            if (all.isEmpty()) out.println("no benchmarks registered (cheaplab.bench.Benchmarks)");
            for (Benchmark b : all) out.println(b.id() + "\t" + b.description());
            return OK;
        }
        String id = args.get(0);
        Benchmark b = Benchmarks.find(all, id).orElseThrow(() -> new UsageException("unknown benchmark '" + id + "'; benchmarks: "
                + String.join(", ", all.stream().map(Benchmark::id).toList())));
        Options o = Options.parse(List.of(), env);
        NativeMemory.configure(o.dataDir());
        if (!nativeReady(o)) return NUMERICS;
        try {
            return b.run(List.copyOf(args.subList(1, args.size())), out);
        } catch (Exception e) {
            err.println("benchmark " + id + " failed: " + e);
            return FAILED;
        }
    }

    // ---- run

    private int run(List<String> args) {
        List<String> rest = new ArrayList<>();
        Options o = Options.parse(args, env, rest);
        List<String> positional = new ArrayList<>();
        String configArg = null;
        Map<String, List<String>> sets = new LinkedHashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            String name = a.startsWith("--") && a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!name.equals("--config") && !name.equals("--set")) {
                if (a.startsWith("--")) throw new UsageException("unknown option '" + a + "' for run");
                positional.add(a);
                continue;
            }
            String value;
            if (a.startsWith(name + "=")) value = a.substring(name.length() + 1);
            else if (i + 1 < rest.size()) value = rest.get(++i);
            else throw new UsageException(name + " needs a value");
            if (name.equals("--config")) {
                if (configArg != null) throw new UsageException("--config given twice");
                configArg = value;
            } else {
                int eq = value.indexOf('=');
                if (eq <= 0) throw new UsageException("--set needs key=value, was '" + value + "'");
                String v = value.substring(eq + 1).trim();
                if (v.startsWith("[") && v.endsWith("]")) v = v.substring(1, v.length() - 1);
                sets.computeIfAbsent(value.substring(0, eq).trim(), k -> new ArrayList<>()).add(v);
            }
        }
        if (positional.size() != 1)
            throw new UsageException(positional.isEmpty() ? "run needs a lab id: run <lab> [--config FILE] [--set key=value]..."
                    : "run takes one lab id, got " + positional);
        String labId = positional.get(0);

        NativeMemory.configure(o.dataDir());
        LabCatalog catalog = labs.get();
        if (catalog.find(labId).isPresent() && !nativeReady(o)) return NUMERICS;
        Lab<?, ?> lab = catalog.find(labId).orElseThrow(() -> new UsageException("unknown lab '" + labId + "'; labs: "
                + String.join(", ", catalog.all().stream().map(Lab::id).toList())));
        ObjectNode config;
        try {
            config = readConfig(configArg);
            config.setAll(FormBinder.toJson(lab.configType(), sets));
        } catch (MalformedConfigException e) {
            throw new UsageException("invalid config: " + e.getMessage());
        } catch (ConfigException e) {
            throw new UsageException("invalid config: " + e.getMessage());
        }

        JdbcRunStore store;
        try {
            store = openStore(o);
        } catch (RunStoreException e) {
            err.println(e.getMessage());
            return FAILED;
        }
        RunService service = new RunService(catalog, store, dataCatalogs.apply(o.dataDir()),
                new RunService.Settings(1, 1, Duration.ofSeconds(10)));
        Thread hook = new Thread(() -> {
            service.close();
            store.close();
        }, "cheaplab-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunRecord record;
            try {
                record = service.submit(lab.id(), config);
            } catch (ConfigException e) {
                err.println("invalid config: " + e.getMessage());
                return USAGE;
            }
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<RunEvent> terminal = new AtomicReference<>();
            Runs.Subscription sub = service.subscribe(record.id(), 0, e -> {
                if (!(e instanceof RunEvent.Finished)) {
                    synchronized (out) {
                        out.println(Json.write(e));
                    }
                }
                if (e.terminal()) {
                    terminal.set(e);
                    done.countDown();
                }
            });
            done.await();
            sub.close();
            RunEvent end = terminal.get();
            synchronized (out) {
                if (end instanceof RunEvent.Finished f) {
                    out.println(Json.write(f.result()));
                    out.flush();
                    return OK;
                }
                out.flush();
            }
            if (end instanceof RunEvent.Failed f) {
                err.println("run failed: " + f.reason());
                return FAILED;
            }
            if (end instanceof RunEvent.Diverged d) {
                err.println("run diverged: " + d.reason());
                return DIVERGED;
            }
            if (end instanceof RunEvent.TimedOut t) err.println("run timed out: " + t.reason());
            else err.println("run " + (end instanceof RunEvent.Cancelled ? "cancelled" : "interrupted"));
            return STOPPED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("run interrupted");
            return STOPPED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                service.close();
                store.close();
            } catch (IllegalStateException shuttingDown) {
                // the hook is closing them
            }
        }
    }

    /** {@code null}: {}; {@code -}: stdin; text starting with {: inline JSON; otherwise a file path. */
    private ObjectNode readConfig(String arg) {
        if (arg == null) return JsonNodeFactory.instance.objectNode();
        String text;
        String source;
        if (arg.equals("-")) {
            try {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot read the config from stdin: " + e.getMessage());
            }
            source = "stdin";
        } else if (arg.trim().startsWith("{")) {
            text = arg;
            source = "--config";
        } else {
            try {
                text = Files.readString(Path.of(arg));
            } catch (NoSuchFileException e) {
                throw new UsageException("config file not found: " + arg);
            } catch (IOException e) {
                throw new UsageException("cannot read config file " + arg + ": " + e.getMessage());
            }
            source = arg;
        }
        JsonNode json;
        try {
            json = text.isBlank() ? JsonNodeFactory.instance.objectNode() : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException("invalid config: malformed JSON in " + source + ": " + e.getOriginalMessage().replace('\n', ' '));
        }
        if (!(json instanceof ObjectNode obj))
            throw new UsageException("invalid config: " + source + " must hold a JSON object");
        return obj;
    }

    /** The configured store; when another process (a running server) holds it, a private in-memory one. */
    private JdbcRunStore openStore(Options o) {
        String url = JdbcRunStore.url(o.db(), o.dataDir());
        try {
            return JdbcRunStore.open(url);
        } catch (RunStoreException e) {
            if (!JdbcRunStore.inUse(e)) throw e;
            err.println("note: the run store " + url + " is in use (is the server running?); this run is not recorded");
            return JdbcRunStore.open("jdbc:h2:mem:cli-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        }
    }
}
