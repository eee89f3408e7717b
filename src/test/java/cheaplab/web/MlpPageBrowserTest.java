package cheaplab.web;

import cheaplab.core.LabCatalog;
import cheaplab.lab.mlp.MlpLab;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MLP page in headless Chromium over the real stack (WebApp, RunService, the real MlpLab on the committed MNIST
 * fixture): the preview distorts digits before any run, a small run fills the error, loss and learning-rate charts,
 * both heat maps, the confusion matrix and the gallery live; the model file downloads; axe-core finds no serious or
 * critical violation on the page or on the finished run's page. Screenshots under target/screenshots/.
 */
class MlpPageBrowserTest extends BrowserPageTest {
    /** 784-32-16-10 on the fixture, 3 epochs of 40 updates: a few seconds. */
    private static final String QUICK = "hidden=32,+16&trainImages=800&validationImages=200&testImages=500&epochs=3"
            + "&batchSize=20&learningRate=0.1&lrDecay=0.5&lrMin=0.001&init=xavier";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @org.junit.jupiter.api.io.TempDir
    static Path dataDir;
    private static WebHarness web;


    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(new LabCatalog(List.of(new MlpLab())), FixtureCatalog.in(dataDir), 1, 8);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopServer() {
        if (web != null) web.close();
    }

    @Override
    protected WebHarness web() {
        return web;
    }

    @Override
    protected Duration runTimeout() {
        return RUN_TIMEOUT;
    }


    private long drawn(String canvas) {
        return num("const c = document.getElementById(arguments[0]); return c && c.dataset.drawn ? Number(c.dataset.drawn) : 0;", canvas);
    }

    private long heatCells(String canvas) {
        return num("const b = document.getElementById(arguments[0]).closest('.chart-box'); return b.hasAttribute('data-empty') ? 0 : 1;", canvas);
    }

    @Test
    void aRunFillsTheCurvesHeatMapsConfusionAndGalleryAndTheModelDownloads() throws Exception {
        open("/labs/mlp?" + QUICK);
        assertTrue(num("return document.querySelectorAll('.math .katex').length") >= 5, "formulas rendered by KaTeX");
        // The preview: 12 stored digits above 12 distorted ones, before any run; a knob change redraws it.
        try {
            waiting(20).until(d -> drawn("tiles-preview") == 24);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no preview; console: " + consoleErrors() + "; drawn " + drawn("tiles-preview"), e);
        }
        String before = (String) js("return document.querySelector('[data-preview-note]').textContent");
        driver.findElement(By.name("alpha")).clear();
        driver.findElement(By.name("alpha")).sendKeys("8");
        waiting(10).until(d -> ((String) js("return document.querySelector('[data-preview-note]').textContent")).contains("α = 8"));
        assertTrue(!before.contains("α = 8"), before);
        new Select(driver.findElement(By.name("activation"))).selectByValue("tanh");
        List<String> problems = new ArrayList<>();
        for (String v : violations()) problems.add("/labs/mlp: " + v);
        screenshot("mlp-form.png");

        String runId = pressRunAndWaitForPanel();
        JsonNode config = web.runs.find(runId).orElseThrow().config();
        assertEquals("tanh", config.get("activation").asText());
        assertEquals(List.of(32, 16), List.of(config.get("hidden").get(0).asInt(), config.get("hidden").get(1).asInt()));
        waiting(RUN_TIMEOUT).until(d -> points("chart-loss") > 0);
        waitForStatus(runId, "finished");
        waiting(20).until(d -> points("chart-errors") == 9 && points("chart-lr") == 3);
        assertEquals(1L, heatCells("chart-grad"), "gradient heat map drawn");
        assertEquals(1L, heatCells("chart-ratio"), "update-ratio heat map drawn");
        assertEquals(11L, num("return document.querySelectorAll('[data-confusion] tr').length"), "header + 10 rows");
        assertEquals(500L, num("return [...document.querySelectorAll('[data-confusion] td')].reduce((s, td) => s + Number(td.textContent), 0)"));
        assertTrue(drawn("tiles-misclassified") > 0, "misclassified digits drawn");
        assertEquals(24L, drawn("tiles-preview"), "the preview shows what was trained on");
        assertTrue(((String) js("return document.querySelector('[data-preview-note]').textContent")).contains("epoch 3"));
        // The learning rate as scheduled: 0.1, 0.05, 0.025.
        Object lrs = js("return Chart.getChart(document.getElementById('chart-lr')).data.datasets[0].data.map(p => p.y)");
        assertEquals(List.of(0.1, 0.05, 0.025), lrs);
        screenshot("mlp-finished.png");

        // The model file: a link on the finished run's panel, a zip from the API.
        waiting(20).until(d -> num("return document.querySelectorAll('#run-slot a[data-role=file]').length") == 1);
        String href = driver.findElement(By.cssSelector("#run-slot a[data-role=file]")).getAttribute("href");
        HttpResponse<byte[]> zip = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, zip.statusCode());
        assertEquals("application/zip", zip.headers().firstValue("Content-Type").orElse(""));
        assertEquals('P', zip.body()[0]);
        assertEquals('K', zip.body()[1]);
        HttpResponse<String> none = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href.replace("model.zip", "nope.zip"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, none.statusCode());

        open("/runs/" + runId);
        waiting(RUN_TIMEOUT).until(d -> points("chart-errors") == 9);
        for (String v : violations()) problems.add("/runs/" + runId + ": " + v);
        screenshot("mlp-run-page.png");
        assertEquals(List.of(), problems);
        assertEquals(List.of(), consoleErrors());

        // Runs of two depths overlaid: the error chart holds both runs' three curves, legend entries naming `hidden`.
        String shallow = FinishedRuns.submit(web, "mlp", "{\"hidden\":[24],\"trainImages\":800,\"validationImages\":200,"
                + "\"testImages\":500,\"epochs\":3,\"batchSize\":20,\"learningRate\":0.1,\"init\":\"xavier\"}");
        FinishedRuns.awaitEnd(web, shallow, RUN_TIMEOUT);
        open("/labs/mlp/compare?runs=" + runId + "," + shallow);
        waiting(RUN_TIMEOUT).until(d -> "2".equals(viewData("compared")));
        waiting(20).until(d -> num("return Chart.getChart(document.getElementById('chart-errors')).data.datasets.length") == 6);
        String legendJs = "return [...document.querySelector('.chart-box:has(#chart-errors) + .chart-a11y')"
                + ".querySelectorAll('.legend-item')].map((b) => b.textContent).join('|')";
        waiting(20).until(d -> !((String) js(legendJs)).isEmpty());
        List<String> legend = List.of(((String) js(legendJs)).split("\\|"));
        assertTrue(legend.stream().anyMatch(l -> l.contains("hidden")), legend.toString());
        screenshot("mlp-compare.png");
        assertEquals(List.of(), consoleErrors());
    }
}
