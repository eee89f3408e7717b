package cheaplab.web;

import cheaplab.core.JdbcRunStore;
import cheaplab.core.RunService;
import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.TestLabs;
import io.javalin.Javalin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real server on an ephemeral port over the test labs, and an HTTP client. */
final class WebHarness implements AutoCloseable {
    final JdbcRunStore store = TestLabs.memoryStore();
    final RunService runs;
    final Javalin app;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WebHarness(int workers, int queue) {
        runs = new RunService(TestLabs.catalog(), store, new PlaceholderDataCatalog(), new RunService.Settings(workers, queue, Duration.ofSeconds(5)));
        app = WebApp.create(runs, TestLabs.catalog(), new PlaceholderDataCatalog()).start(0);
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }

    URI ws(String path) {
        return URI.create("ws://localhost:" + app.port() + path);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
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
