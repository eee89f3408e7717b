package cheaplab.cli;

import cheaplab.web.SocketLimits;

import cheaplab.bench.Benchmark;
import cheaplab.core.JdbcRunStore;
import cheaplab.core.Json;
import cheaplab.core.RunRecord;
import cheaplab.core.RunService;
import cheaplab.core.RunStatus;
import cheaplab.testlabs.Await;
import cheaplab.testlabs.CountingLab;
import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.TestLabs;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(NativeMemoryIsolation.class)
class CliTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new LinkedHashMap<>();
    private String stdin = "";
    private String out;
    private String err;

    private static final List<String> NATIVE = NativeMemoryIsolation.PROPERTIES;

    @BeforeEach
    void dataDir() {
        env.put("CHEAPLAB_DATA_DIR", dir.resolve("data").toString());
    }

    static final class EchoBenchmark implements Benchmark {
        @Override public String id() { return "echo"; }
        @Override public String description() { return "prints its arguments"; }

        @Override
        public int run(List<String> args, PrintStream out) {
            out.println("{\"args\": " + Json.write(args) + "}");
            return args.contains("fail") ? 7 : 0;
        }
    }

    private int cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Cli cli = new Cli(TestLabs::catalog, d -> new PlaceholderDataCatalog(), () -> List.of(new EchoBenchmark()),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), env);
        int code = cli.execute(args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private List<String> lines() {
        return out.lines().toList();
    }

    private JsonNode lastLine() throws Exception {
        List<String> l = lines();
        return Json.MAPPER.readTree(l.get(l.size() - 1));
    }

    @Test
    void runPrintsEventsAsJsonLinesAndTheResultLast() throws Exception {
        Path cfg = dir.resolve("cfg.json");
        Files.writeString(cfg, "{\"points\": 30, \"seed\": 9}");
        assertEquals(0, cli("run", "count", "--config", cfg.toString()), err);
        List<String> l = lines();
        for (String line : l.subList(0, l.size() - 1)) {
            JsonNode e = Json.MAPPER.readTree(line);
            assertTrue(e.has("type") && e.has("seq") && e.has("runId"), line);
            assertNotEquals("finished", e.get("type").asText(), "the finished event is not printed");
        }
        assertEquals("started", Json.MAPPER.readTree(l.get(0)).get("type").asText());
        assertEquals(30, l.stream().filter(x -> x.contains("\"type\":\"point\"")).count());
        JsonNode result = lastLine();
        assertEquals(30, result.get("count").asInt());
        assertEquals(9, result.get("config").get("seed").asInt(), "the result embeds its config");
        // the numbers, not the echoed config, show that the run used seed 9
        double[] expected = CountingLab.expectedValues(9, 30, 1.0);
        double sum = 0;
        for (double v : expected) sum += v;
        assertEquals(sum, result.get("sum").asDouble(), 0.0, "the sum of seed 9's values");
        assertEquals(expected[29], result.get("last").asDouble(), 0.0, "seed 9's 30th value");
        assertFalse(result.has("type"), "the last line is the result itself");
        assertEquals("", err);
    }

    @Test
    void runRecordsTheRunInTheStoreOfTheDataDirOrDb() throws Exception {
        assertEquals(0, cli("run", "count", "--set", "points=3"), err);
        String runId = Json.MAPPER.readTree(lines().get(0)).get("runId").asText();
        try (JdbcRunStore store = JdbcRunStore.open(JdbcRunStore.url(null, dir.resolve("data")))) {
            RunRecord r = store.find(runId).orElseThrow();
            assertEquals(RunStatus.FINISHED, r.status());
            assertEquals(Json.write(lastLine()), Json.write(r.result()));
            assertEquals(lines().size(), store.events(runId, 0).size(), "every event but finished printed; all stored");
        }
        Path db = dir.resolve("elsewhere/my-runs");
        assertEquals(0, cli("run", "count", "--set", "points=2", "--db", db.toString()), err);
        assertTrue(Files.exists(dir.resolve("elsewhere/my-runs.mv.db")), "--db wins over the data dir");
        env.put("CHEAPLAB_DB", dir.resolve("envdb").toString());
        assertEquals(0, cli("run", "count", "--set", "points=2"), err);
        assertTrue(Files.exists(dir.resolve("envdb.mv.db")), "CHEAPLAB_DB");
        assertTrue(Files.exists(dir.resolve("data/runs.mv.db")), "default store: <data-dir>/runs");
    }

    @Test
    void configFromFileStdinInlineAndSetOverrides() throws Exception {
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"points\": 4, \"scale\": 2}");
        assertEquals(0, cli("run", "count", "--config=" + cfg, "--set", "points=6", "--set", "rates=[0.5, 2]", "--set", "mode=MEAN"), err);
        JsonNode c = lastLine().get("config");
        assertEquals(6, c.get("points").asInt(), "--set wins over the file");
        assertEquals(2.0, c.get("scale").asDouble(), "the file wins over the defaults");
        assertEquals(2, c.get("rates").size());
        assertEquals("MEAN", c.get("mode").asText());
        stdin = "{\"points\": 2}";
        assertEquals(0, cli("run", "count", "--config", "-"), err);
        assertEquals(2, lastLine().get("count").asInt());
        assertEquals(0, cli("run", "--config", "{\"points\": 1}", "count"), err);
        assertEquals(1, lastLine().get("count").asInt());
    }

    @Test
    void invalidConfigsExit2WithOneLineNamingTheField() {
        assertEquals(Cli.USAGE, cli("run", "count", "--set", "scale=-1"));
        assertEquals("invalid config: scale: must be > 0, was -1.0", err.strip());
        assertEquals("", out);
        assertEquals(Cli.USAGE, cli("run", "count", "--config", "{\"points\": \"x\"}"));
        assertTrue(err.startsWith("invalid config: points: "), err);
        assertEquals(1, err.strip().lines().count());
        assertEquals(Cli.USAGE, cli("run", "count", "--config", "{\"pionts\": 1}"));
        assertTrue(err.startsWith("invalid config: pionts: unknown field"), err);
        assertEquals(Cli.USAGE, cli("run", "count", "--config", "{nope"));
        assertTrue(err.startsWith("invalid config: malformed JSON"), err);
        assertEquals(1, err.strip().lines().count());
        assertEquals(Cli.USAGE, cli("run", "count", "--config", "[1]"));
        assertEquals(Cli.USAGE, cli("run", "count", "--config", dir.resolve("missing.json").toString()));
        assertTrue(err.contains("config file not found"), err);
        assertEquals(Cli.USAGE, cli("run", "count", "--set", "points"));
        assertEquals(Cli.USAGE, cli("run", "count", "--set", "nosuch=1"));
        assertTrue(err.startsWith("invalid config: nosuch: unknown field"), err);
    }

    @Test
    void unknownLabsCommandsAndOptionsExit2() {
        assertEquals(Cli.USAGE, cli("run", "nope"));
        assertEquals("unknown lab 'nope'; labs: count, slow, diverge, throw", err.strip());
        assertEquals(Cli.USAGE, cli("run"));
        assertEquals(Cli.USAGE, cli("run", "count", "slow"));
        assertEquals(Cli.USAGE, cli("run", "count", "--verbose"));
        assertEquals(Cli.USAGE, cli("frobnicate"));
        assertEquals(Cli.USAGE, cli("run", "count", "--port"));
        assertEquals(Cli.USAGE, cli("run", "count", "--workers", "0"));
        assertTrue(err.contains("--workers"), err);
    }

    @Test
    void runOutcomesMapToExitCodes() throws Exception {
        assertEquals(Cli.FAILED, cli("run", "throw", "--set", "kind=runtime"));
        assertEquals("run failed: IllegalStateException: matrix is singular", err.strip());
        assertEquals("failed", Json.MAPPER.readTree(lines().get(lines().size() - 1)).get("type").asText(), "the failed event is printed");
        assertEquals(Cli.FAILED, cli("run", "throw", "--set", "kind=data"));
        assertTrue(err.startsWith("run failed: data set 'mnist' is not on this machine."), err);
        assertEquals(Cli.DIVERGED, cli("run", "diverge"));
        assertEquals("run diverged: loss became NaN at step 6", err.strip());
    }

    @Test
    void labsListsEveryLabWithItsDefaults() throws Exception {
        assertEquals(0, cli("labs"));
        JsonNode labs = Json.MAPPER.readTree(out);
        assertEquals(4, labs.size());
        assertEquals("count", labs.get(0).get("id").asText());
        assertEquals("Counting", labs.get(0).get("title").asText());
        assertEquals("Counts, deterministically.", labs.get(0).get("summary").asText());
        assertEquals(100, labs.get(0).get("defaults").get("points").asInt());
        assertEquals(Cli.USAGE, cli("labs", "extra"));
    }

    @Test
    void benchListsAndDispatches() {
        assertEquals(0, cli("bench"));
        assertEquals("echo\tprints its arguments", out.strip());
        assertEquals(0, cli("bench", "echo", "a", "--port", "b"));
        assertEquals("{\"args\": [\"a\",\"--port\",\"b\"]}", out.strip(), "arguments after the id belong to the benchmark");
        assertEquals(7, cli("bench", "echo", "fail"));
        assertEquals(Cli.USAGE, cli("bench", "nope"));
        assertTrue(err.contains("benchmarks: echo"), err);
    }

    @Test
    void helpIsAvailable() {
        assertEquals(0, cli("help"));
        assertTrue(out.contains("run <lab>"));
        assertEquals(0, cli("--help"));
        assertTrue(out.contains("--data-dir"));
    }

    @Test
    void cliAndServerGiveIdenticalResultJsonForTheSameConfig() throws Exception {
        String config = "{\"points\": 500, \"scale\": 0.3, \"seed\": 2024}";
        assertEquals(0, cli("run", "count", "--config", config), err);
        String cliResult = lines().get(lines().size() - 1);

        try (JdbcRunStore store = TestLabs.memoryStore();
             RunService service = new RunService(TestLabs.catalog(), store, new PlaceholderDataCatalog(), RunService.Settings.defaults())) {
            RunRecord r = service.submit("count", Json.MAPPER.readTree(config));
            Await.terminal(service, r.id());
            String serviceResult = Json.write(Await.record(service, r.id(), RunStatus.FINISHED).result());
            assertEquals(serviceResult, cliResult, "byte-identical result JSON");
        }

        Options o = new Options(0, dir.resolve("srv"), null, 1, 4, 1, "127.0.0.1", List.of(), SocketLimits.DEFAULTS, 0);
        try (LabServer server = LabServer.start(o, TestLabs.catalog(), new PlaceholderDataCatalog())) {
            var http = java.net.http.HttpClient.newHttpClient();
            var post = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/labs/count/runs"))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(config)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(202, post.statusCode());
            String id = Json.MAPPER.readTree(post.body()).get("id").asText();
            Await.record(server.runs(), id, RunStatus.FINISHED);
            var get = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/runs/" + id)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(cliResult, Json.write(Json.MAPPER.readTree(get.body()).get("result")), "the web run gives the same numbers");
        }
    }

    @Test
    void aServerStoppedMidRunLosesNoFinishedRunAndMarksTheRestInterrupted() throws Exception {
        Options o = new Options(0, dir.resolve("srv"), null, 1, 4, 1, "127.0.0.1", List.of(), SocketLimits.DEFAULTS, 0);
        String finished;
        String inFlight;
        try (LabServer server = LabServer.start(o, TestLabs.catalog(), new PlaceholderDataCatalog())) {
            finished = server.runs().submit("count", Json.MAPPER.readTree("{\"points\": 10}")).id();
            Await.record(server.runs(), finished, RunStatus.FINISHED);
            inFlight = server.runs().submit("slow", Json.MAPPER.readTree("{\"steps\": 100000, \"sleepMillis\": 5}")).id();
            Await.record(server.runs(), inFlight, RunStatus.RUNNING);
        } // graceful stop (what the shutdown hook does)
        try (LabServer again = LabServer.start(o, TestLabs.catalog(), new PlaceholderDataCatalog())) {
            assertEquals(RunStatus.FINISHED, again.runs().find(finished).orElseThrow().status());
            assertNotNull(again.runs().find(finished).orElseThrow().result());
            assertEquals(RunStatus.INTERRUPTED, again.runs().find(inFlight).orElseThrow().status());
            assertEquals(List.of(inFlight, finished), again.runs().history(null, 10).stream().map(RunRecord::id).toList());
        }
    }

    @Test
    void webSocketOptionsFromFlagsAndEnvironment() {
        Map<String, String> e = Map.of("CHEAPLAB_WS_MAX_PER_CLIENT", "3", "CHEAPLAB_WS_MAX_SOCKETS", "30", "CHEAPLAB_WS_COMPRESSION", "on");
        assertEquals(new SocketLimits(3, 30, true), Options.parse(List.of(), e).sockets());
        assertEquals(new SocketLimits(5, 30, false),
                Options.parse(List.of("--ws-max-per-client", "5", "--ws-compression=off"), e).sockets());
        assertEquals(SocketLimits.DEFAULTS, Options.parse(List.of(), Map.of()).sockets());
        assertEquals(new SocketLimits(64, 512, SocketLimits.DEFAULT_COMPRESSION), SocketLimits.DEFAULTS);
        UsageException bad = assertThrows(UsageException.class, () -> Options.parse(List.of("--ws-compression", "maybe"), Map.of()));
        assertTrue(bad.getMessage().contains("--ws-compression"), bad.getMessage());
        assertThrows(UsageException.class, () -> Options.parse(List.of("--ws-max-sockets", "0"), Map.of()));
    }

    @Test
    void optionsFlagsWinOverEnvironment() {
        Map<String, String> e = Map.of("CHEAPLAB_PORT", "8080", "CHEAPLAB_DATA_DIR", "/tmp/x", "CHEAPLAB_DB", "jdbc:h2:mem:a",
                "CHEAPLAB_WORKERS", "2", "CHEAPLAB_QUEUE", "3");
        Options env = Options.parse(List.of(), e);
        assertEquals(new Options(8080, Path.of("/tmp/x"), "jdbc:h2:mem:a", 2, 3, 1, "127.0.0.1", List.of(), SocketLimits.DEFAULTS, 0), env);
        Options flags = Options.parse(List.of("--port", "9", "--data-dir=/d", "--db", "/db", "--workers=4", "--queue", "0"), e);
        assertEquals(new Options(9, Path.of("/d"), "/db", 4, 0, 1, "127.0.0.1", List.of(), SocketLimits.DEFAULTS, 0), flags);
        Options dflt = Options.parse(List.of(), Map.of());
        assertEquals(new Options(7070, Path.of("./data"), null, 1, 16, 1, Options.DEFAULT_HOST, List.of(), SocketLimits.DEFAULTS, 0), dflt);
        assertThrows(UsageException.class, () -> Options.parse(List.of("--port", "70000"), Map.of()));
        assertThrows(UsageException.class, () -> Options.parse(List.of("--port", "x"), Map.of()));
        assertThrows(UsageException.class, () -> Options.parse(List.of(), Map.of("CHEAPLAB_QUEUE", "-1")));
        assertThrows(UsageException.class, () -> Options.parse(List.of("stray"), Map.of()));
        assertEquals(Duration.ofSeconds(10), RunService.Settings.defaults().shutdownGrace());
    }

    @Test
    void hostAndAllowedOriginsFromFlagsOrEnvironment() {
        assertEquals("127.0.0.1", Options.parse(List.of(), Map.of()).host(), "loopback unless told otherwise");
        assertEquals(List.of(), Options.parse(List.of(), Map.of()).allowedOrigins());
        Map<String, String> e = Map.of("CHEAPLAB_HOST", "0.0.0.0", "CHEAPLAB_ALLOWED_ORIGINS", "https://lab.example, http://Proxy.Example:8080/");
        Options env = Options.parse(List.of(), e);
        assertEquals("0.0.0.0", env.host());
        assertEquals(List.of("https://lab.example:443", "http://proxy.example:8080"), env.allowedOrigins());
        Options flags = Options.parse(List.of("--host", "::1", "--allowed-origins=https://a.example"), e);
        assertEquals("::1", flags.host());
        assertEquals(List.of("https://a.example:443"), flags.allowedOrigins());
        UsageException bad = assertThrows(UsageException.class, () -> Options.parse(List.of("--allowed-origins", "lab.example"), Map.of()));
        assertTrue(bad.getMessage().contains("--allowed-origins") && bad.getMessage().contains("lab.example"), bad.getMessage());
        assertThrows(UsageException.class, () -> Options.parse(List.of("--allowed-origins", "https://a.example/path"), Map.of()));
    }

    @Test
    void nativeMemoryPropertiesAreSetOnlyWhenAbsent() {
        for (String k : NATIVE) System.clearProperty(k);
        System.setProperty(NativeMemory.MAX_BYTES, "123");
        Map<String, String> set = NativeMemory.configure(dir);
        assertEquals("123", System.getProperty(NativeMemory.MAX_BYTES), "-D wins");
        assertFalse(set.containsKey(NativeMemory.MAX_BYTES));
        assertEquals(dir.resolve("javacpp-cache").toAbsolutePath().toString(), System.getProperty(NativeMemory.CACHE_DIR));
        long phys = Long.parseLong(System.getProperty(NativeMemory.MAX_PHYSICAL_BYTES));
        assertTrue(phys >= Runtime.getRuntime().maxMemory(), "physical limit covers the heap");
    }

    @Test
    void rateLimitsAreOffForTheSingleUserLabOnForAWorkshopAndSetByFlagOrVariable() {
        Options single = Options.parse(List.of(), Map.of());
        assertEquals(cheaplab.web.RateLimits.Settings.NONE, single.effectiveRates());
        Options workshop = Options.parse(List.of("--instructor-token-file", "/run/secrets/t"), Map.of());
        assertEquals(cheaplab.web.RateLimits.Settings.DEFAULTS, workshop.effectiveRates());
        Options flags = Options.parse(List.of("--rate-submits-per-minute", "12", "--rate-requests-per-second=0"),
                Map.of("CHEAPLAB_RATE_SUBMITS_PER_MINUTE", "99"));
        assertEquals(new cheaplab.web.RateLimits.Settings(12, 4, 0, 1), flags.effectiveRates(), "the flag wins; 0 is off");
        UsageException e = assertThrows(UsageException.class, () -> Options.parse(List.of("--rate-submits-per-minute", "-1"), Map.of()));
        assertTrue(e.getMessage().contains("--rate-submits-per-minute"), e.getMessage());
    }
}
