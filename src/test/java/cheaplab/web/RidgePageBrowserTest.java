package cheaplab.web;

import cheaplab.web.fakes.TestServer;
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
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ridge page in headless Chromium: press Run, watch the charts fill in live from the socket, no console
 * error (the pages are served under a strict CSP, so a violation would show here too), screenshots under
 * target/screenshots/. Runs over {@link TestServer}: WebApp's pages with fake runs (and the fake REST/socket
 * routes until the platform's are on the branch). Skipped, with a message, only when /usr/bin/chromium is absent.
 */
class RidgePageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final List<String> CHARTS = List.of("chart-risk", "chart-biasvar", "chart-norm", "chart-heatmap",
            "chart-lcurve", "chart-spectrum", "chart-picard", "chart-tsvd", "chart-classify");

    private static TestServer server;
    private static Path profile;
    private ChromeDriver driver;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no Chromium at " + CHROMIUM + " (apt-get install chromium chromium-driver)");
        server = TestServer.start(120, true, 0);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        profile = Files.createTempDirectory("chromium-profile");
        driver = browser(profile, 1440, 1000);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (driver != null) driver.quit();
        if (profile != null) try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static ChromeDriver browser(Path profile, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--hide-scrollbars",
                "--force-device-scale-factor=1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(options);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private long num(String script, Object... args) {
        Object v = js(script, args);
        return v == null ? -1 : ((Number) v).longValue();
    }

    private WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(25));
    }

    private void open(String path) {
        driver.get(server.url(path));
        waiting(15).until(d -> "ready".equals(js("return document.documentElement.dataset.js")));
    }

    private long points(String chart) {
        return num("const c = document.getElementById(arguments[0]); return c && c.dataset.points ? Number(c.dataset.points) : 0;", chart);
    }

    /** Severe browser-log entries (console errors, failed loads, CSP violations). */
    private List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER))
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
        return errors;
    }

    private void screenshot(String name) throws Exception {
        long height = num("return Math.ceil(document.documentElement.scrollHeight)");
        Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(size.width, (int) Math.min(9000, Math.max(600, height + 40))));
        js("window.scrollTo(0, 0); return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        Files.write(SHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(size);
    }

    private String pressRunAndWaitForPanel() {
        driver.findElement(By.id("run-button")).click();
        // Read the id in the page: htmx may swap the panel for a fresh copy at any moment.
        return waiting(10).until(d -> (String) js(
                "const p = document.querySelector('#run-slot .run-panel[data-run-id]'); return p && p.dataset.runId;"));
    }

    private void waitFinished(String runId) {
        waiting(30).until(d -> "finished".equals(js(
                "const p = document.querySelector('.run-panel[data-run-id=\"' + arguments[0] + '\"]'); return p && p.dataset.status;", runId)));
    }

    @Test
    void pressingRunFillsEveryChartLiveWithoutConsoleErrors() throws Exception {
        open("/labs/ridge");
        assertTrue(num("return document.querySelectorAll('.math .katex').length") > 20, "formulas rendered by KaTeX");
        for (String c : CHARTS) assertEquals(0, points(c), c + " starts empty");

        String runId = pressRunAndWaitForPanel();
        // Live: the risk chart has points while the run is still going.
        waiting(20).until(d -> points("chart-risk") > 0);
        Object statusWhileFilling = js("return document.querySelector('#run-slot .run-panel').dataset.status");
        assertTrue(List.of("queued", "running").contains(statusWhileFilling),
                "points arrived while the run was " + statusWhileFilling);
        long partial = points("chart-risk");

        waitFinished(runId);
        waiting(5).until(d -> CHARTS.stream().allMatch(c -> points(c) > 0));
        long full = points("chart-risk");
        assertTrue(full > partial, "risk points grew from " + partial + " to " + full);

        // Risk chart: 4 λ × 20 N_i measured points, theory curves for each λ and the optimal curve.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sets = (List<Map<String, Object>>) js(
                "return Chart.getChart(document.getElementById('chart-risk')).data.datasets"
                        + ".map(d => ({key: d.key, label: d.label, n: d.data.length, dash: (d.borderDash || []).length}))");
        long measured = sets.stream().filter(s -> ((String) s.get("key")).startsWith("m")).count();
        assertEquals(4, measured, sets.toString());
        sets.stream().filter(s -> ((String) s.get("key")).startsWith("m"))
                .forEach(s -> assertEquals(20L, ((Number) s.get("n")).longValue(), s.toString()));
        assertEquals(5, sets.stream().filter(s -> ((Number) s.get("dash")).intValue() > 0).count(), "4 theory + optimal, dashed");
        assertEquals(80, points("chart-heatmap"), "one heat-map cell per (N_i, λ)");
        assertEquals(4, num("return Chart.getChart(document.getElementById('chart-lcurve')).data.datasets.length"),
                "L-curve plus corner, GCV and CV marks");
        assertTrue(num("return Chart.getChart(document.getElementById('chart-risk')).scales.x.type === 'logarithmic' ? 1 : 0") == 1);

        // Each event handed to the view exactly once, in order.
        String lastSeq = (String) js("return document.querySelector('[data-lab-view]').dataset.lastSeq");
        String events = (String) js("return document.querySelector('[data-lab-view]').dataset.events");
        assertEquals(lastSeq, events);
        assertEquals(server.runs.events(runId, 0).size(), Integer.parseInt(events));

        // The panel was refreshed by the server (no cancel button), the history lists the run.
        waiting(5).until(d -> !d.findElements(By.cssSelector("#history a[href='/runs/" + runId + "']")).isEmpty());
        assertTrue(driver.findElements(By.cssSelector("#run-slot [data-role=cancel]")).isEmpty());
        assertNotNull(driver.findElement(By.cssSelector("#run-slot a[href$='/export.csv']")));

        screenshot("ridge.png");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void aRejectedConfigHighlightsTheFieldAndNamesTheReason() {
        open("/labs/ridge");
        WebElement features = driver.findElement(By.name("features"));
        features.clear();
        features.sendKeys("0");
        driver.findElement(By.id("run-button")).click();
        WebElement error = waiting(10).until(d -> d.findElement(By.cssSelector("#config-error [data-error-field=features]")));
        assertTrue(error.getText().contains("must be an integer in [1, 4096], was 0"), error.getText());
        assertEquals("true", features.getAttribute("aria-invalid"));
        WebElement message = driver.findElement(By.id("features-error"));
        assertTrue(message.isDisplayed());
        assertTrue(message.getText().contains("was 0"));
        assertTrue(driver.findElements(By.cssSelector("#run-slot .run-panel")).isEmpty(), "nothing started");

        features.clear();
        features.sendKeys("200");
        String runId = pressRunAndWaitForPanel();
        assertNotNull(runId);
        assertEquals("false", features.getAttribute("aria-invalid"));
        assertTrue(driver.findElements(By.cssSelector("#config-error [data-error-field]")).isEmpty());
        waitFinished(runId);
        // The 400 itself is logged by Chromium as a failed load; it is the expected answer, nothing else may fail.
        assertEquals(List.of(), consoleErrors().stream()
                .filter(e -> !(e.contains("/api/labs/ridge/runs") && e.contains("status of 400"))).toList());
    }

    @Test
    void switchingDatasetShowsItsFieldsAndUpdatesThePermalink() throws Exception {
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
        href = driver.findElement(By.id("permalink")).getAttribute("href");
        assertTrue(href.contains("seed=31337"), href);
        // Following the permalink re-creates the form.
        driver.get(href);
        waiting(15).until(d -> "ready".equals(js("return document.documentElement.dataset.js")));
        assertEquals("spectrum", new Select(driver.findElement(By.name("dataset"))).getFirstSelectedOption().getAttribute("value"));
        assertEquals("31337", driver.findElement(By.name("seed")).getAttribute("value"));
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theRunPageReplaysAFinishedRunIntoTheCharts() throws Exception {
        open("/labs/ridge");
        String runId = pressRunAndWaitForPanel();
        waitFinished(runId);
        long live = points("chart-risk");

        open("/runs/" + runId);
        waiting(15).until(d -> CHARTS.stream().allMatch(c -> points(c) > 0));
        assertEquals(live, points("chart-risk"), "the replay draws what the live run drew");
        assertEquals("finished", js("return document.querySelector('.run-panel').dataset.status"));
        assertEquals(String.valueOf(server.runs.events(runId, 0).size()),
                js("return document.querySelector('[data-lab-view]').dataset.events"));
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void aDroppedSocketReconnectsAfterTheLastSeqWithoutGapOrDuplicate() throws Exception {
        assumeTrue(!TestServer.platformApiPresent(),
                "skipped: the platform's RunSocket is in use, and only the fake socket can drop a connection on purpose");
        try (TestServer flaky = TestServer.start(20, true, 30)) {
            driver.get(flaky.url("/labs/ridge"));
            waiting(15).until(d -> "ready".equals(js("return document.documentElement.dataset.js")));
            String runId = pressRunAndWaitForPanel();
            waiting(30).until(d -> "finished".equals(js("return document.querySelector('#run-slot .run-panel').dataset.status")));
            List<Long> after = flaky.fakeApi.afterSeen.get(runId);
            assertEquals(0L, after.get(0));
            assertTrue(after.size() >= 2, "reconnected: " + after);
            assertEquals(30L, after.get(1), "asked for what came after the last event it saw");
            int total = flaky.runs.events(runId, 0).size();
            assertEquals(String.valueOf(total), js("return document.querySelector('[data-lab-view]').dataset.events"));
            assertEquals(String.valueOf(total), js("return document.querySelector('[data-lab-view]').dataset.lastSeq"));
            assertEquals(80, points("chart-heatmap"));
            // The dropped socket logs a failed connection in some Chromium versions; nothing else may fail.
            assertEquals(List.of(), consoleErrors().stream().filter(e -> !e.contains("WebSocket")).toList());
        }
    }

    @Test
    void cancellingARunStopsItAndKeepsWhatArrived() throws Exception {
        try (TestServer slow = TestServer.start(400, true, 0)) {
            driver.get(slow.url("/labs/ridge"));
            waiting(15).until(d -> "ready".equals(js("return document.documentElement.dataset.js")));
            String runId = pressRunAndWaitForPanel();
            waiting(20).until(d -> points("chart-risk") > 0);
            driver.findElement(By.cssSelector("#run-slot [data-role=cancel]")).click();
            waiting(20).until(d -> "cancelled".equals(js("return document.querySelector('#run-slot .run-panel').dataset.status")));
            assertEquals("cancelled", slow.runs.find(runId).orElseThrow().status().wire());
            assertTrue(points("chart-risk") > 0, "what arrived before the cancel stays on the charts");
            // The server's fresh copy of the panel has no cancel button any more.
            waiting(5).until(d -> d.findElements(By.cssSelector("#run-slot [data-role=cancel]")).isEmpty());
            assertEquals(List.of(), consoleErrors());
        }
    }

    @Test
    void aLabWithoutItsOwnPageGetsTheGenericFormAndTables() throws Exception {
        open("/labs/tiny");
        driver.findElement(By.name("steps")).clear();
        driver.findElement(By.name("steps")).sendKeys("7");
        String runId = pressRunAndWaitForPanel();
        waitFinished(runId);
        waiting(5).until(d -> !d.findElements(By.cssSelector("table[data-series=loss] tbody tr")).isEmpty());
        assertEquals(5, driver.findElements(By.cssSelector("table[data-series=loss] tbody tr")).size());
        assertTrue(String.valueOf(js("return document.getElementById('permalink').getAttribute('href')")).contains("steps=7"));
        screenshot("generic-lab.png");
        open("/");
        screenshot("home.png");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void narrowScreensStackControlsAboveCharts() throws Exception {
        driver.quit();
        driver = browser(profile, 500, 900); // headless Chromium's narrowest window
        open("/labs/ridge");
        String runId = pressRunAndWaitForPanel();
        waitFinished(runId);
        waiting(5).until(d -> CHARTS.stream().allMatch(c -> points(c) > 0));
        long overflow = num("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertTrue(overflow <= 0, "no horizontal scrolling on a phone, overflow " + overflow + " px");
        long formBottom = num("return Math.round(document.getElementById('config-form').getBoundingClientRect().bottom)");
        long chartsTop = num("return Math.round(document.querySelector('.charts').getBoundingClientRect().top)");
        assertTrue(chartsTop >= formBottom, "charts below the controls");
        screenshot("ridge-narrow.png");
        assertEquals(List.of(), consoleErrors());
    }
}
