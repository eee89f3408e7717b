package cheaplab.web;

import cheaplab.core.LabCatalog;
import cheaplab.core.RunEvent;
import cheaplab.lab.rbm.RbmLab;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RBM page in headless Chromium over the real stack: WebApp over a RunService with an in-memory H2 store,
 * running the real RbmLab on the committed MNIST fixture through the production LocalDataCatalog (fixture
 * checksums injected, fetching refused). Choose a preset, press Run, watch the curves, log Z and the image grids
 * fill in live; no console error (the page is served under a strict CSP, so a violation shows here too);
 * screenshots under target/screenshots/. Skipped, saying why, without /usr/bin/chromium or /usr/bin/chromedriver,
 * except with CI=true, where that fails ({@link Browsers#require}).
 */
class RbmPageBrowserTest extends BrowserPageTest {
    /**
     * The page's defaults with the data sizes the 1000 + 500-image fixture has and a cheaper AIS schedule: about
     * 3–6 s. Starts at CD-10 so that choosing CD-1 changes the form.
     */
    private static final String QUICK = "k=10&trainImages=800&validationImages=200&testImages=500&epochs=10&evalEvery=5&aisBetas=2000";
    private static final List<String> CHARTS = List.of("chart-free-energy", "chart-gap", "chart-logz", "chart-testll",
            "chart-reconstruction", "chart-pll");
    private static final List<String> TILES = List.of("tiles-filters", "tiles-samples", "tiles-reconstructions");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @org.junit.jupiter.api.io.TempDir
    static Path dataDir;
    private static WebHarness web;

    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(new LabCatalog(List.of(new RbmLab())), FixtureCatalog.in(dataDir), 1, 8);
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

    private long tileData(String canvas, String key) {
        return num("const c = document.getElementById(arguments[0]); const v = c && c.dataset[arguments[1]]; return v ? Number(v) : 0;", canvas, key);
    }

    /** Distinct grey levels on a tile canvas (white background only: 1; a drawn grid of digits or filters: many). */
    private long greyLevels(String canvas) {
        return num("""
                const c = document.getElementById(arguments[0]);
                if (!c.width || !c.height) return 0;
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                const seen = new Set();
                for (let i = 0; i < px.length; i += 4) seen.add(px[i]);
                return seen.size;""", canvas);
    }


    private String preset() {
        return new Select(driver.findElement(By.id("f-preset"))).getFirstSelectedOption().getAttribute("value");
    }

    private void choosePreset(String value) {
        new Select(driver.findElement(By.id("f-preset"))).selectByValue(value);
    }

    private boolean persistent() {
        return driver.findElement(By.name("persistent")).isSelected();
    }

    private String field(String name) {
        return driver.findElement(By.name(name)).getAttribute("value");
    }

    @Test
    void cd1RunDrawsCurvesLogZAndImageGridsLive() throws Exception {
        open("/labs/rbm?" + QUICK);
        assertTrue(num("return document.querySelectorAll('.math .katex').length") >= 20, "formulas rendered by KaTeX");
        assertEquals("cd10", preset(), "k=10 without persistence is the CD-10 preset");
        for (String c : CHARTS) assertEquals(0, points(c), c + " starts empty");
        choosePreset("cd1");
        assertEquals("1", field("k"));
        assertFalse(persistent());

        String runId = pressRunAndWaitForPanel();
        JsonNode config = web.runs.find(runId).orElseThrow().config();
        assertEquals(1, config.get("k").asInt(), "the preset's k reached the run");
        assertFalse(config.get("persistent").asBoolean());
        assertEquals(800, config.get("trainImages").asInt(), "the permalink's values reached the run");

        // Live: training curves and a first drawn frame of filters while the run is still going (log Z comes later).
        waiting(RUN_TIMEOUT).until(d -> points("chart-free-energy") > 0 && tileData("tiles-filters", "drawn") > 0);
        String statusWhileFilling = panelStatus();
        assertTrue(List.of("queued", "running").contains(statusWhileFilling), "points arrived while the run was " + statusWhileFilling);
        assertEquals(16, tileData("tiles-filters", "drawn"), "one filter per hidden unit (16 ≤ 48)");
        assertTrue(greyLevels("tiles-filters") > 20, "the filter canvas shows images, not a blank: "
                + greyLevels("tiles-filters") + " grey levels");
        screenshot("rbm-running.png");

        // log Z: the exact line and the AIS estimate arrive at the evaluation epochs.
        waiting(RUN_TIMEOUT).until(d -> points("chart-logz") > 0);
        waitForStatus(runId, "finished");
        waiting(10).until(d -> points("chart-logz") == 4 && points("chart-testll") == 4);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> logz = (List<Map<String, Object>>) js(
                "return Chart.getChart(document.getElementById('chart-logz')).data.datasets.map(d => ({key: d.key, n: d.data.length}))");
        assertEquals(List.of(Map.of("key", "exact", "n", 2L), Map.of("key", "ais", "n", 2L)), logz,
                "exact and AIS log Z at epochs 5 and 10");
        String readout = (String) js("return document.querySelector('[data-readout=logz]').textContent");
        assertTrue(readout.matches("Epoch 10 \\(nats\\): exact 1\\d\\d\\.\\d\\d · AIS 1\\d\\d\\.\\d\\d, ±3σ̂ interval .+ … .+, "
                + "\\d+\\.\\d\\d (above|below) the exact value, \\d+(\\.\\d+)? effective runs\\."), readout);

        // Every chart filled, each training curve with every train point the engine sent (≥ epochs 0, 5 and 10:
        // the engine throttles the others to 10 a second).
        for (String c : CHARTS) assertTrue(points(c) > 0, c + " has points");
        long trainPoints = web.runs.events(runId, 0).stream()
                .filter(e -> e instanceof RunEvent.Point p && p.series().equals("train")).count();
        assertTrue(trainPoints >= 3, "train points: " + trainPoints);
        assertEquals(2 * trainPoints, points("chart-free-energy"), "training subset and validation");
        assertEquals(trainPoints, points("chart-gap"));
        assertEquals(trainPoints, points("chart-reconstruction"));
        assertEquals(trainPoints, points("chart-pll"));
        for (String t : TILES) {
            assertTrue(tileData(t, "drawn") > 0, t + " drawn");
            assertTrue(greyLevels(t) > 20, t + " shows images");
        }
        assertEquals(24, tileData("tiles-reconstructions", "drawn"), "12 test digits over their 12 reconstructions");
        // Axis titles carry units; the x axis is the epoch.
        for (String c : CHARTS) {
            String x = (String) js("return Chart.getChart(document.getElementById(arguments[0])).options.scales.x.title.text", c);
            String y = (String) js("return Chart.getChart(document.getElementById(arguments[0])).options.scales.y.title.text", c);
            assertEquals("epoch (passes over the training images)", x, c);
            assertTrue(y.matches(".+ \\(.+\\)"), c + ": " + y);
        }

        waiting(10).until(d -> !d.findElements(By.cssSelector("#history a[href='/runs/" + runId + "']")).isEmpty());
        screenshot("rbm.png");
        Files.write(SHOTS.resolve("rbm-tiles.png"), driver.findElement(By.cssSelector(".tiles-card")).getScreenshotAs(OutputType.BYTES));

        // The frame slider goes back to the picture before training.
        long frames = tileData("tiles-filters", "frames");
        assertTrue(frames >= 2, "a frame before training and one at the end, at least: " + frames);
        js("const s = document.querySelector('[data-frame-slider]'); s.value = '0'; s.dispatchEvent(new Event('input'));");
        waiting(5).until(d -> tileData("tiles-filters", "drawnUpdates") == 0);
        assertTrue(((String) js("return document.querySelector('[data-frame-label]').textContent")).contains("epoch 0, 0 updates"));

        // Each event handed to the view exactly once, in order.
        int total = web.runs.events(runId, 0).size();
        assertEquals(String.valueOf(total), viewData("events"));
        assertEquals(viewData("lastSeq"), viewData("events"));
        assertTrue(web.runs.events(runId, 0).stream().anyMatch(e -> e instanceof RunEvent.Point p && p.series().equals("logz")));

        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void presetsSetKAndPersistenceAndEditingByHandShowsCustom() {
        open("/labs/rbm");
        assertEquals("cd1", preset(), "the defaults are CD-1");
        choosePreset("pcd");
        assertTrue(persistent(), "PCD ticks persistent");
        assertEquals("1", field("k"));
        String href = driver.findElement(By.id("permalink")).getAttribute("href");
        assertTrue(href.contains("k=1&") && href.contains("persistent=true"), href);
        choosePreset("cd10");
        assertFalse(persistent());
        assertEquals("10", field("k"));
        WebElement k = driver.findElement(By.name("k"));
        k.clear();
        k.sendKeys("3");
        assertEquals("custom", preset(), "k = 3 is no preset");
        driver.findElement(By.name("persistent")).click();
        assertEquals("custom", preset());
        href = driver.findElement(By.id("permalink")).getAttribute("href");
        assertTrue(href.contains("k=3&") && href.contains("persistent=true"), href);
        assertFalse(href.contains("preset"), "the preset is not a config field: " + href);
        k.clear();
        k.sendKeys("1");
        assertEquals("pcd", preset(), "back to k = 1 with persistence: PCD again");

        driver.get(href);
        waiting(20).until(d -> "ready".equals(js("return document.documentElement.dataset.js")));
        assertEquals("custom", preset(), "the permalink re-creates k = 3, persistent");
        assertEquals("3", field("k"));
        assertTrue(persistent());
        assertEquals(List.of(), consoleErrors());
    }

    /**
     * Events fed straight into the page's RBM view (no server): a 500-hidden-unit run has no exact log Z, and one
     * AIS estimate has no lower bound (Ẑ − 3σ̂ ≤ 0, JSON null); both charts still draw it, as a band open
     * downwards (log Z) or upwards (test log-likelihood), and the readout says −∞ — and, with 1.2 effective runs,
     * that the estimate cannot be trusted.
     */
    @Test
    void aisOnlyEstimatesWithAnOpenBoundAreDrawn() {
        open("/labs/rbm");
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/rbm.js').then((m) => {
                  const root = document.querySelector('[data-lab-view]');
                  const view = m.createView(root);
                  let seq = 0;
                  const ev = (type, extra) => view.handle({ type, runId: 'x', attempt: 1, seq: ++seq, time: 0, ...extra });
                  const config = { dataset: 'mnist', hidden: 500, k: 1, persistent: true, aisRuns: 100, aisBetas: 14501,
                    evalEvery: 1, epochs: 2, validationImages: 1000 };
                  ev('started', { lab: 'rbm', config });
                  for (let e = 0; e <= 2; e++) ev('point', { series: 'train', values: { epoch: e, updates: 100 * e,
                    reconstructionError: 50 - e, freeEnergyTrain: -e, freeEnergyValidation: 1 - e, freeEnergyGap: 1,
                    pseudoLogLikelihood: -100 + e } });
                  ev('point', { series: 'logz', values: { epoch: 1, logZ: null, logZAis: 400.5, logZAisLow: 399.9, logZAisHigh: 401,
                    testFreeEnergy: -300, testLogLikelihood: -100.5, aisEffectiveRuns: 40 } });
                  ev('point', { series: 'logz', values: { epoch: 2, logZ: null, logZAis: 420, logZAisLow: null, logZAisHigh: 421,
                    testFreeEnergy: -330, testLogLikelihood: -90, aisEffectiveRuns: 1.2 } });
                  ev('finished', { result: {} });
                  requestAnimationFrame(() => requestAnimationFrame(() => {
                    const sets = (id) => Chart.getChart(document.getElementById(id)).data.datasets.map((d) => d.key + ':' + d.data.length).join(',');
                    done([sets('chart-logz'), sets('chart-testll'), document.querySelector('[data-readout=logz]').textContent,
                      document.getElementById('tiles-filters').closest('.tiles-box').querySelector('.tiles-empty').textContent].join(' | '));
                  }));
                }).catch((e) => done('error: ' + e));
                """);
        assertEquals("ais:2 | ais:2 | Epoch 2 (nats): AIS 420.00, ±3σ̂ interval −∞ … 421.00, 1.2 effective runs — too few"
                + " to trust the estimate or its interval: raise AIS runs or β values. | This run sent no data for this chart.", result);
        assertEquals(List.of(), consoleErrors());
    }
}
