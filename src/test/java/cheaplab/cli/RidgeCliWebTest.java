package cheaplab.cli;

import cheaplab.web.SocketLimits;

import cheaplab.core.ConfigBinder;
import cheaplab.core.FormBinder;
import cheaplab.core.Json;
import cheaplab.App;
import cheaplab.core.RunStatus;
import cheaplab.data.LocalDataCatalog;
import cheaplab.lab.ridge.RidgeConfig;
import cheaplab.lab.ridge.RidgeLab;
import cheaplab.testlabs.Await;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Regularization lab gives the same numbers from the command line and from the web, for the same config
 * and seed: byte-identical result JSON, and the same streamed points in the same order. The web side is the real
 * server (LabServer: store, queue, REST), submitted to both as JSON and as the form the lab page posts.
 */
@ExtendWith(NativeMemoryIsolation.class)
class RidgeCliWebTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void pinNativeCache() {
        // JavaCPP fixes its cache directory for the whole JVM at the first native load. Left unset, the CLI would
        // point it into this test's temporary data dir, deleted afterwards while later tests still load from it.
        if (System.getProperty(NativeMemory.CACHE_DIR) == null)
            System.setProperty(NativeMemory.CACHE_DIR, Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString());
    }

    /** Runs the CLI; returns its stdout lines (events, then the result). */
    private List<String> cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        Cli cli = new Cli(App::labs, LocalDataCatalog::new, List::of, new ByteArrayInputStream(new byte[0]),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                Map.of("CHEAPLAB_DATA_DIR", dir.resolve("cli").toString()));
        int code = cli.execute(args);
        assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        return o.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The values of every point event, in order, as JSON text. */
    private static List<String> points(Iterable<JsonNode> events) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events)
            if ("point".equals(e.path("type").asText())) out.add(e.get("series").asText() + " " + Json.write(e.get("values")));
        return out;
    }

    private JsonNode send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.body());
        return r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                ? Json.MAPPER.readTree(r.body()) : Json.MAPPER.createObjectNode().put("location", r.headers().firstValue("Location").orElse(""));
    }

    private void assertSameNumbers(String configJson) throws Exception {
        RidgeConfig config = ConfigBinder.bind(new RidgeLab(), Json.MAPPER.readTree(configJson));
        List<String> lines = cli("run", "ridge", "--config", configJson);
        String cliResult = lines.get(lines.size() - 1);
        List<JsonNode> cliEvents = new ArrayList<>();
        for (String l : lines.subList(0, lines.size() - 1)) cliEvents.add(Json.MAPPER.readTree(l));
        List<String> cliPoints = points(cliEvents);
        assertTrue(cliPoints.stream().anyMatch(p -> p.startsWith("risk ")), "the CLI streamed risk points");
        assertEquals(config, Json.MAPPER.treeToValue(Json.MAPPER.readTree(cliResult).get("config"), RidgeConfig.class));

        Options o = new Options(0, dir.resolve("srv"), null, 1, 4, 1, "127.0.0.1", List.of(), SocketLimits.DEFAULTS, 0);
        try (LabServer server = LabServer.start(o, App.labs(), new LocalDataCatalog(dir.resolve("srv")))) {
            String base = "http://127.0.0.1:" + server.port();
            JsonNode json = send(HttpRequest.newBuilder(URI.create(base + "/api/labs/ridge/runs"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(configJson)));
            // What the lab page posts: every field by name (booleans written out) plus its _checkboxes declaration.
            String form = FormBinder.toQuery(config) + "&" + FormBinder.CHECKBOXES + "=classify";
            JsonNode page = send(HttpRequest.newBuilder(URI.create(base + "/api/labs/ridge/runs")).header("HX-Request", "true")
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
            for (String id : List.of(json.get("id").asText(), page.get("location").asText().replace("/api/runs/", ""))) {
                Await.record(server.runs(), id, RunStatus.FINISHED);
                JsonNode run = send(HttpRequest.newBuilder(URI.create(base + "/api/runs/" + id)));
                assertEquals(cliResult, Json.write(run.get("result")), "byte-identical result JSON, run " + id);
                JsonNode events = send(HttpRequest.newBuilder(URI.create(base + "/api/runs/" + id + "/events")));
                assertEquals(cliPoints, points(events), "the same points streamed in the same order");
            }
        }
    }

    @Test
    void isotropicSweepWithTheRidgelessLimitAtTheThreshold() throws Exception {
        // N = p = 40 with λ = 0: the pseudo-inverse at the interpolation threshold, where numbers are most fragile.
        assertSameNumbers("{\"dataset\": \"isotropic\", \"features\": 40, \"instances\": [20, 30, 40, 50, 80],"
                + " \"lambdas\": [0, 0.001, 0.1], \"repeats\": 3, \"noise\": 0.4, \"classify\": false, \"seed\": 2024}");
    }

    @Test
    void correlatedNoiseWithSumScaling() throws Exception {
        assertSameNumbers("{\"dataset\": \"correlated\", \"features\": 30, \"instances\": [15, 30, 60],"
                + " \"lambdas\": [0.01, 1], \"lambdaScaling\": \"sum\", \"repeats\": 2, \"correlation\": 0.8, \"seed\": 7}");
        assertFalse(dir.resolve("srv").toFile().list().length == 0, "the server kept its store in its data dir");
    }
}
