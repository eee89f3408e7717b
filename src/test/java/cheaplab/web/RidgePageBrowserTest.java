package cheaplab.web;

import cheaplab.core.RunEvent;
import cheaplab.data.LocalDataCatalog;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ridge page in headless Chromium over the real stack: WebApp (REST, the run WebSocket, pages) over a
 * RunService with an in-memory H2 store, running the real RidgeLab. Press Run, watch the charts fill in live,
 * no console error (the pages are served under a strict CSP, so a violation would show here too), screenshots
 * under target/screenshots/. Skipped, saying why, without /usr/bin/chromium or /usr/bin/chromedriver, except
 * with CI=true, where that fails ({@link Browsers#require}).
 */
class RidgePageBrowserTest extends BrowserPageTest {
    /** Each chart and the series that feed it (the streamed series: docs/labs/ridge.md, "Reproducing a figure from the command line"). */
    private static final Map<String, List<String>> FED_BY = feeds();
    /** A config that runs in about a second: for tests where the run is not the point. */
    private static final String QUICK = "features=60&instances=20,40,60,90,150&lambdas=0.001,0.1&repeats=3";
    /** The long runs: reconnecting mid-run and cancelling must happen while the engine still works. */
    private static final String LONG = "repeats=60";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @org.junit.jupiter.api.io.TempDir
    static Path dataDir;
    private static WebHarness web;

    private static Map<String, List<String>> feeds() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("chart-risk", List.of("risk"));
        m.put("chart-biasvar", List.of("risk"));
        m.put("chart-norm", List.of("risk"));
        m.put("chart-heatmap", List.of("risk"));
        m.put("chart-lcurve", List.of("lcurve", "lcurveMark"));
        m.put("chart-spectrum", List.of("spectrum", "mp"));
        m.put("chart-picard", List.of("picard"));
        m.put("chart-tsvd", List.of("tsvd"));
        m.put("chart-classify", List.of("classify"));
        return m;
    }

    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(WebHarness.ridgeAndTestLabs(), new LocalDataCatalog(dataDir), 1, 8);
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


    /** The series the engine emitted in this run, from the server's own record of its events. */
    private Set<String> emittedSeries(String runId) {
        return web.runs.events(runId, 0).stream().filter(e -> e instanceof RunEvent.Point)
                .map(e -> ((RunEvent.Point) e).series()).collect(Collectors.toSet());
    }

    private int serverEvents(String runId) {
        return web.runs.events(runId, 0).size();
    }

    @Test
    void pressingRunFillsTheChartsLiveWithoutConsoleErrors() throws Exception {
        open("/labs/ridge");
        assertTrue(num("return document.querySelectorAll('.math .katex').length") > 20, "formulas rendered by KaTeX");
        for (String c : FED_BY.keySet()) assertEquals(0, points(c), c + " starts empty");

        // Live, not replayed at the end: a recorder in the page (every 5 ms, far finer than WebDriver's polls) notes
        // the risk points drawn while the panel still said queued/running, and when points were first drawn.
        js("""
                window.liveRecord = { whileRunning: 0, firstDrawn: 0 };
                setInterval(() => {
                  const c = document.getElementById('chart-risk');
                  const n = c && c.dataset.points ? Number(c.dataset.points) : 0;
                  const p = document.querySelector('#run-slot .run-panel[data-run-id]');
                  if (n > 0 && !window.liveRecord.firstDrawn) window.liveRecord.firstDrawn = Date.now();
                  if (p && (p.dataset.status === 'queued' || p.dataset.status === 'running'))
                    window.liveRecord.whileRunning = Math.max(window.liveRecord.whileRunning, n);
                }, 5);""");
        String runId = pressRunAndWaitForPanel();
        waiting(RUN_TIMEOUT).until(d -> points("chart-risk") > 0);
        screenshot("ridge-running.png");

        waitForStatus(runId, "finished");
        Set<String> emitted = emittedSeries(runId);
        // The defaults (isotropic data, classify on) feed every chart: theory, the sweep, the focus set's diagnostics
        // with their marks, and the classification sweep. Each chart must then be filled.
        Set<String> charted = FED_BY.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        assertTrue(emitted.containsAll(charted) && emitted.contains("theory"), "the defaults feed every chart: " + emitted);
        waiting(10).until(d -> FED_BY.keySet().stream().allMatch(c -> points(c) > 0));
        // Either points were on the chart while the panel said running, or they were drawn before the server's run
        // ended (same machine, same clock): on a fast machine the whole sweep can land in one burst.
        long whileRunning = num("return window.liveRecord.whileRunning");
        long firstDrawn = num("return window.liveRecord.firstDrawn");
        long serverFinished = web.runs.find(runId).orElseThrow().finished().toEpochMilli();
        assertTrue(whileRunning > 0 || firstDrawn < serverFinished, "risk points were drawn only after the run ended ("
                + (firstDrawn - serverFinished) + " ms after the server finished it)");

        // Risk chart: 4 λ × 20 N_i measured points, a theory curve for each λ and the optimal curve.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sets = (List<Map<String, Object>>) js(
                "return Chart.getChart(document.getElementById('chart-risk')).data.datasets"
                        + ".map(d => ({key: d.key, label: d.label, n: d.data.length, dash: (d.borderDash || []).length}))");
        List<Map<String, Object>> measured = sets.stream().filter(s -> ((String) s.get("key")).startsWith("m")).toList();
        assertEquals(4, measured.size(), sets.toString());
        measured.forEach(s -> assertEquals(20L, ((Number) s.get("n")).longValue(), s.toString()));
        assertEquals(5, sets.stream().filter(s -> ((Number) s.get("dash")).intValue() > 0).count(), "4 theory + optimal, dashed: " + sets);
        assertEquals(80, points("chart-heatmap"), "one heat-map cell per (N_i, λ)");
        assertEquals(1, num("return Chart.getChart(document.getElementById('chart-risk')).scales.x.type === 'logarithmic' ? 1 : 0"));
        assertEquals(4, num("return Chart.getChart(document.getElementById('chart-lcurve')).data.datasets.length"),
                "L-curve plus corner, GCV and CV marks");

        // Each event handed to the view exactly once, in order.
        assertEquals(String.valueOf(serverEvents(runId)), viewData("events"));
        assertEquals(viewData("lastSeq"), viewData("events"));

        // The panel was refreshed by the server (no cancel button), the history lists the run.
        waiting(10).until(d -> !d.findElements(By.cssSelector("#history a[href='/runs/" + runId + "']")).isEmpty());
        waiting(10).until(d -> d.findElements(By.cssSelector("#run-slot [data-role=cancel]")).isEmpty());
        assertNotNull(driver.findElement(By.cssSelector("#run-slot a[href$='/export.csv']")));

        screenshot("ridge.png");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void aRejectedConfigHighlightsTheFieldAndNamesTheReason() {
        open("/labs/ridge?" + QUICK);
        WebElement features = driver.findElement(By.name("features"));
        features.clear();
        features.sendKeys("0");
        driver.findElement(By.id("run-button")).click();
        WebElement error = waiting(20).until(d -> d.findElement(By.cssSelector("#config-error [data-error-field=features]")));
        assertTrue(error.getText().contains("must be an integer in [1, 4096], was 0"), error.getText());
        assertEquals("true", features.getAttribute("aria-invalid"));
        WebElement message = driver.findElement(By.id("features-error"));
        assertTrue(message.isDisplayed());
        assertTrue(message.getText().contains("was 0"));
        assertTrue(driver.findElements(By.cssSelector("#run-slot .run-panel")).isEmpty(), "nothing started");

        features.clear();
        features.sendKeys("60");
        String runId = pressRunAndWaitForPanel();
        assertEquals("false", features.getAttribute("aria-invalid"));
        assertTrue(driver.findElements(By.cssSelector("#config-error [data-error-field]")).isEmpty());
        waitForStatus(runId, "finished");
        // The 400 itself is logged by Chromium as a failed load; it is the expected answer, nothing else may fail.
        assertEquals(List.of(), consoleErrors().stream()
                .filter(e -> !(e.contains("/api/labs/ridge/runs") && e.contains("status of 400"))).toList());
    }

    @Test
    void switchingDatasetShowsItsFieldsAndThePermalinkCarriesBooleansExplicitly() {
        open("/labs/ridge");
        assertFalse(driver.findElement(By.name("decay")).isDisplayed());
        assertFalse(driver.findElement(By.name("target")).isDisplayed());
        new Select(driver.findElement(By.name("dataset"))).selectByValue("mnist");
        WebElement features = driver.findElement(By.name("features"));
        assertEquals("784", features.getAttribute("value"));
        assertEquals("true", features.getAttribute("readonly"));
        assertTrue(driver.findElement(By.name("target")).isDisplayed());
        assertFalse(driver.findElement(By.name("noise")).isDisplayed());
        String href = driver.findElement(By.id("permalink")).getAttribute("href");
        assertTrue(href.contains("dataset=mnist") && href.contains("features=784"), href);
        new Select(driver.findElement(By.name("dataset"))).selectByValue("spectrum");
        assertEquals("200", features.getAttribute("value"), "back to the value before MNIST");
        assertTrue(driver.findElement(By.name("decay")).isDisplayed());

        driver.findElement(By.name("seed")).clear();
        driver.findElement(By.name("seed")).sendKeys("31337");
        assertTrue(driver.findElement(By.name("classify")).isSelected());
        driver.findElement(By.name("classify")).click();
        href = driver.findElement(By.id("permalink")).getAttribute("href");
        assertTrue(href.contains("seed=31337") && href.contains("classify=false"), href);
        assertFalse(href.contains("_checkboxes"), "control fields stay out of permalinks: " + href);
        // Following the permalink re-creates the form, the unticked box included.
        driver.get(href);
        waiting(20).until(d -> "ready".equals(js("return document.documentElement.dataset.js")));
        assertEquals("spectrum", new Select(driver.findElement(By.name("dataset"))).getFirstSelectedOption().getAttribute("value"));
        assertEquals("31337", driver.findElement(By.name("seed")).getAttribute("value"));
        assertFalse(driver.findElement(By.name("classify")).isSelected());
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void anUntickedCheckboxRunsWithFalseAndATickedOneWithTrue() {
        open("/labs/ridge?" + QUICK);
        WebElement classify = driver.findElement(By.name("classify"));
        assertTrue(classify.isSelected(), "default true");
        classify.click();
        String off = pressRunAndWaitForPanel();
        assertFalse(web.runs.find(off).orElseThrow().config().get("classify").asBoolean(), "the browser sent nothing for the box; _checkboxes made it false");
        waitForStatus(off, "finished");
        assertFalse(emittedSeries(off).contains("classify"));
        // The chart no series fed says so once the run is over, instead of "waiting" forever.
        waiting(10).until(d -> ((String) js("return document.getElementById('chart-classify').closest('.chart-box')"
                + ".querySelector('.chart-empty').textContent")).contains("switched off"));
        classify.click();
        String on = pressRunAndWaitForPanel();
        assertTrue(web.runs.find(on).orElseThrow().config().get("classify").asBoolean());
        waitForStatus(on, "finished");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theRunPageReplaysAFinishedRunIntoTheCharts() {
        open("/labs/ridge?" + QUICK);
        String runId = pressRunAndWaitForPanel();
        waitForStatus(runId, "finished");
        waiting(10).until(d -> points("chart-heatmap") == 10);
        long live = points("chart-risk");

        open("/runs/" + runId);
        waiting(20).until(d -> points("chart-heatmap") == 10);
        assertEquals(live, points("chart-risk"), "the replay draws what the live run drew");
        assertEquals("finished", panelStatus());
        assertEquals("Finished.", js("return document.querySelector('.run-panel [data-role=message]').textContent.trim()"),
                "the replay leaves the server's wording of how the run ended");
        assertEquals(String.valueOf(serverEvents(runId)), viewData("events"));
        assertEquals("· focus Ni = 60 (Nf/Ni = 1)", js("return document.querySelector('[data-focus-note]').textContent"));
        assertEquals(3, num("return document.querySelectorAll('[data-focus-note]')[0].querySelectorAll('var sub').length"));
        assertEquals("60", driver.findElement(By.name("features")).getAttribute("value"), "the form shows the run's config");
        assertEquals(List.of(), consoleErrors());
    }

    /** Records every WebSocket the page opens, before any page script runs (CDP, so the CSP does not apply). */
    private void recordSockets() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__sockets = []; const Native = window.WebSocket;"
                        + "window.WebSocket = class extends Native { constructor(...a) { super(...a); window.__sockets.push(this); } };"));
    }

    @Test
    void aSocketClosedMidRunReconnectsAfterTheLastSeqWithoutGapOrDuplicate() {
        recordSockets();
        open("/labs/ridge?" + LONG);
        String runId = pressRunAndWaitForPanel();
        waiting(RUN_TIMEOUT).until(d -> points("chart-risk") > 0);
        // Drop the connection from the browser side, remembering the last seq the client handed to the view.
        long seen = num("const n = Number(document.querySelector('[data-lab-view]').dataset.lastSeq);"
                + "window.__sockets[window.__sockets.length - 1].close(); return n;");
        assertTrue(seen > 0);
        assertEquals("running", web.runs.find(runId).orElseThrow().status().wire(), "dropped mid-run");
        waiting(20).until(d -> num("return window.__sockets.length") >= 2);
        String second = (String) js("return window.__sockets[1].url");
        assertTrue(second.endsWith("/ws/runs/" + runId + "?after=" + seen), "resumed after the last seq it saw: " + second);

        waitForStatus(runId, "finished");
        int total = serverEvents(runId);
        assertEquals(String.valueOf(total), viewData("events"), "every event once: no gap, no duplicate");
        assertEquals(String.valueOf(total), viewData("lastSeq"));
        assertEquals(80, points("chart-heatmap"));
        assertEquals(2, num("return window.__sockets.length"), "one reconnect, no more");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void cancellingARunStopsItAndKeepsWhatArrived() {
        open("/labs/ridge?" + LONG);
        String runId = pressRunAndWaitForPanel();
        waiting(RUN_TIMEOUT).until(d -> points("chart-risk") > 0);
        driver.findElement(By.cssSelector("#run-slot [data-role=cancel]")).click();
        waitForStatus(runId, "cancelled");
        assertEquals("cancelled", web.runs.find(runId).orElseThrow().status().wire());
        assertTrue(points("chart-risk") > 0, "what arrived before the cancel stays on the charts");
        assertTrue(points("chart-heatmap") < 80, "it did stop early");
        // The server's fresh copy of the panel has no cancel button any more.
        waiting(10).until(d -> d.findElements(By.cssSelector("#run-slot [data-role=cancel]")).isEmpty());
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void aLabWithoutItsOwnPageGetsTheGenericFormAndTables() throws Exception {
        open("/labs/count");
        driver.findElement(By.name("points")).clear();
        driver.findElement(By.name("points")).sendKeys("7");
        driver.findElement(By.name("noisy")).click(); // untick: the run must get false
        String runId = pressRunAndWaitForPanel();
        waitForStatus(runId, "finished");
        assertFalse(web.runs.find(runId).orElseThrow().config().get("noisy").asBoolean());
        waiting(10).until(d -> d.findElements(By.cssSelector("table[data-series=count] tbody tr")).size() == 7);
        String href = (String) js("return document.getElementById('permalink').getAttribute('href')");
        assertTrue(href.contains("points=7") && href.contains("noisy=false"), href);
        screenshot("generic-lab.png");
        open("/");
        screenshot("home.png");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void narrowScreensStackControlsAboveCharts() throws Exception {
        driver.quit();
        driver = Browsers.start(profile, 500, 900); // headless Chromium's narrowest window
        open("/labs/ridge?" + QUICK);
        String runId = pressRunAndWaitForPanel();
        waitForStatus(runId, "finished");
        waiting(10).until(d -> points("chart-heatmap") == 10);
        long overflow = num("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertTrue(overflow <= 0, "no horizontal scrolling on a phone, overflow " + overflow + " px");
        long formBottom = num("return Math.round(document.getElementById('config-form').getBoundingClientRect().bottom)");
        long chartsTop = num("return Math.round(document.querySelector('.charts').getBoundingClientRect().top)");
        assertTrue(chartsTop >= formBottom, "charts below the controls");
        screenshot("ridge-narrow.png");
        assertEquals(List.of(), consoleErrors());
    }

    /**
     * The diagnostics charts drawn from the contract's series fed straight into the page's ridge view (no server,
     * no fake engine): the drawing code of series this engine version does not emit yet is exercised now; the
     * first test covers them end to end once the engine emits them. Counts are points summed over a chart's
     * datasets (L-curve: 60 λ + 3 marks; truncated SVD: risk and norm; classify: ridge and logistic).
     */
    @Test
    void theDiagnosticsChartsDrawTheContractsSeries() {
        open("/labs/ridge");
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/ridge.js').then((m) => {
                  const root = document.querySelector('[data-lab-view]');
                  const view = m.createView(root);
                  let seq = 0;
                  const ev = (type, extra) => view.handle({ type, runId: 'x', attempt: 1, seq: ++seq, time: 0, ...extra });
                  const point = (series, values) => ev('point', { series, values });
                  const config = { dataset: 'isotropic', features: 50, instances: [25, 50, 100], lambdas: [0.01, 1],
                    lambdaScaling: 'mean', focusInstances: 0, classify: true };
                  ev('started', { lab: 'ridge', config });
                  for (let i = 1; i <= 50; i++) point('spectrum', { index: i, sigma: 10 * (1 - i / 51) });
                  for (let i = 1; i < 40; i++) point('mp', { x: i / 4, density: Math.sin(i / 13) });
                  for (let k = 0; k < 60; k++) {
                    const lambda = 10 ** (-6 + k / 10);
                    point('lcurve', { lambda, residualNorm: 1 + lambda, solutionNorm: 1 / (lambda + 0.01), gcv: 1, cvError: 1 });
                  }
                  for (const kind of ['corner', 'gcv', 'cv']) point('lcurveMark', { kind, lambda: 0.01, residualNorm: 1.01, solutionNorm: 50 });
                  for (let i = 1; i <= 50; i++) point('picard', { index: i, sigma: 51 - i, coefficient: 1 + i % 3, ratio: (1 + i % 3) / (51 - i) });
                  for (let k = 1; k <= 50; k++) point('tsvd', { k, testRisk: 1 + (k - 25) ** 2 / 100, solutionNorm: k, residualNorm: 50 - k });
                  for (const n of config.instances) point('classify', { instances: n, ratio: 50 / n, ridgeAccuracy: 0.8,
                    logisticAccuracy: 0.9, ridgeTestMse: 0.5, logisticLogLoss: 0.3 });
                  ev('finished', { result: {} });
                  requestAnimationFrame(() => requestAnimationFrame(() => done(
                    ['chart-spectrum', 'chart-lcurve', 'chart-picard', 'chart-tsvd', 'chart-classify']
                      .map((id) => id + '=' + document.getElementById(id).dataset.points
                        + '/' + Chart.getChart(document.getElementById(id)).data.datasets.length).join(' '))));
                }).catch((e) => done('error: ' + e));
                """);
        assertEquals("chart-spectrum=50/2 chart-lcurve=63/4 chart-picard=150/3 chart-tsvd=100/2 chart-classify=6/2", result);
        assertEquals(List.of(), consoleErrors());
    }
}
