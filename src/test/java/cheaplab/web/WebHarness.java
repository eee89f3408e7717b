package cheaplab.web;

import cheaplab.core.JdbcRunStore;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunService;
import cheaplab.data.DataCatalog;
import cheaplab.lab.ridge.RidgeLab;
import cheaplab.testlabs.CountingLab;
import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.SlowLab;
import cheaplab.testlabs.TestLabs;
import io.javalin.Javalin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The real server on an ephemeral port (WebApp: REST, WebSocket, pages) over a {@link RunService} with a private
 * in-memory H2 store, and an HTTP client.
 */
final class WebHarness implements AutoCloseable {
    final JdbcRunStore store = TestLabs.memoryStore();
    final LabCatalog labs;
    final RunService runs;
    final Javalin app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Over the test labs. */
    WebHarness(int workers, int queue) {
        this(TestLabs.catalog(), new PlaceholderDataCatalog(), workers, queue);
    }

    WebHarness(LabCatalog labs, DataCatalog data, int workers, int queue) {
        this(labs, data, workers, queue, OriginPolicy.sameOriginOnly());
    }

    /** Over the test labs, with an origin allow-list. */
    WebHarness(int workers, int queue, OriginPolicy origins) {
        this(TestLabs.catalog(), new PlaceholderDataCatalog(), workers, queue, origins);
    }

    WebHarness(LabCatalog labs, DataCatalog data, int workers, int queue, OriginPolicy origins) {
        this(labs, data, workers, queue, origins, HostPolicy.any());
    }

    /** Over the test labs, with an origin allow-list and a Host policy (as the server bound to 127.0.0.1 has). */
    WebHarness(int workers, int queue, OriginPolicy origins, HostPolicy hosts) {
        this(TestLabs.catalog(), new PlaceholderDataCatalog(), workers, queue, origins, hosts);
    }

    WebHarness(LabCatalog labs, DataCatalog data, int workers, int queue, OriginPolicy origins, HostPolicy hosts) {
        this(labs, data, workers, queue, origins, hosts, SocketLimits.DEFAULTS);
    }

    WebHarness(LabCatalog labs, DataCatalog data, int workers, int queue, SocketLimits sockets) {
        this(labs, data, workers, queue, OriginPolicy.sameOriginOnly(), HostPolicy.any(), sockets);
    }

    WebHarness(LabCatalog labs, DataCatalog data, int workers, int queue, OriginPolicy origins, HostPolicy hosts,
               SocketLimits sockets) {
        this.labs = labs;
        runs = new RunService(labs, store, data, new RunService.Settings(workers, queue, Duration.ofSeconds(5)));
        app = WebApp.create(runs, labs, data, origins, hosts, sockets).start("127.0.0.1", 0);
    }

    /** A workshop deployment: participant sessions, this instructor token, per-participant limits. */
    WebHarness(LabCatalog labs, int workers, int queue, InstructorToken token,
               cheaplab.core.InProcessJobQueue.OwnerLimits limits) {
        this(labs, workers, queue, token, limits, RateLimits.Settings.DEFAULTS);
    }

    /** A workshop deployment with these per-client rate limits. */
    WebHarness(LabCatalog labs, int workers, int queue, InstructorToken token,
               cheaplab.core.InProcessJobQueue.OwnerLimits limits, RateLimits.Settings rates) {
        this(labs, workers, queue, token, limits, rates, Participants.workshop());
    }

    /** A workshop deployment whose sessions the test holds. */
    WebHarness(LabCatalog labs, int workers, int queue, InstructorToken token,
               cheaplab.core.InProcessJobQueue.OwnerLimits limits, RateLimits.Settings rates, Participants participants) {
        this.labs = labs;
        cheaplab.data.DataCatalog data = new cheaplab.testlabs.PlaceholderDataCatalog();
        runs = new RunService(labs, store, data, new RunService.Settings(workers, queue, Duration.ofSeconds(5), null, limits));
        app = WebApp.create(runs, labs, data, OriginPolicy.sameOriginOnly(), HostPolicy.any(), SocketLimits.DEFAULTS,
                participants, token, rates).start("127.0.0.1", 0);
    }

    /** A raw-socket client of this server. */
    RawHttp raw() {
        return new RawHttp(app.port());
    }

    /** This server's own origin. */
    String origin() {
        return "http://127.0.0.1:" + app.port();
    }

    /** The real Regularization lab (its own page) beside test labs that have none (the generic page). */
    static LabCatalog ridgeAndTestLabs() {
        return new LabCatalog(List.of(new RidgeLab(), new CountingLab(), new SlowLab()));
    }

    String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    URI uri(String path) {
        return URI.create(url(path));
    }

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + app.port() + path);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b);
    }

    HttpResponse<String> postJson(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> postForm(String path, String body, boolean htmx) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (htmx) b.header("HX-Request", "true");
        return send(b);
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    @Override
    public void close() {
        app.stop();
        runs.close();
        store.close();
    }
}
