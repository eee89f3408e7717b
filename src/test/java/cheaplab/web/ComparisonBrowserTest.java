package cheaplab.web;

import cheaplab.core.LabCatalog;
import cheaplab.lab.ridge.RidgeLab;
import cheaplab.data.LocalDataCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run comparison in headless Chromium: two finished ridge runs that differ in λ, picked from the history, overlaid
 * on the lab's own charts — each run's series in its colour, every legend entry named by the run's λ — and the same
 * page again from its permalink.
 */
class ComparisonBrowserTest extends BrowserPageTest {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String QUICK = "{\"features\":60,\"instances\":[20,40,60,90,150],\"repeats\":3,\"classify\":false,\"lambdas\":";

    @org.junit.jupiter.api.io.TempDir
    static Path dataDir;
    private static WebHarness web;
    private static String small;
    private static String large;

    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(new LabCatalog(List.of(new RidgeLab())), new LocalDataCatalog(dataDir), 1, 8);
        Files.createDirectories(SHOTS);
        small = FinishedRuns.submit(web, "ridge", QUICK + "[1e-6]}");
        large = FinishedRuns.submit(web, "ridge", QUICK + "[0.1]}");
        for (String id : List.of(small, large)) FinishedRuns.awaitEnd(web, id, RUN_TIMEOUT);
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

    @SuppressWarnings("unchecked")
    private List<String> legend(String chart) {
        return (List<String>) js("return [...document.querySelector('.chart-box:has(#' + arguments[0] + ') + .chart-a11y')"
                + ".querySelectorAll('.legend-item')].map((b) => b.textContent)", chart);
    }

    private void awaitCompared() {
        waiting(RUN_TIMEOUT).until(d -> "2".equals(viewData("compared")));
    }

    @Test
    void tickingTwoRunsInTheHistoryOverlaysThemOnTheLabsCharts() throws Exception {
        open("/labs/ridge");
        // History lists newest first: tick both, in the order shown.
        driver.findElement(By.id("cmp-" + small)).click();
        driver.findElement(By.id("cmp-" + large)).click();
        driver.findElement(By.cssSelector(".compare-button")).click();
        waiting(20).until(d -> d.getCurrentUrl().contains("/labs/ridge/compare?"));
        waiting(20).until(d -> "ready".equals(js("return document.documentElement.dataset.js")));
        awaitCompared();
        assertTrue(driver.getCurrentUrl().contains("runs=" + large) && driver.getCurrentUrl().contains("runs=" + small), driver.getCurrentUrl());
        String title = driver.findElement(By.cssSelector(".compare-panel h2")).getText();
        assertTrue(title.equals("Comparing λ = 0.1 vs 10⁻⁶") || title.equals("Comparing λ = 10⁻⁶ vs 0.1"), title);

        // Both runs on the risk chart, each in one colour of its own; the legend names them by λ.
        assertEquals("2", js("return document.getElementById('chart-risk').dataset.runs"));
        List<String> entries = waiting(10).until(d -> {
            List<String> l = legend("chart-risk");
            return l.isEmpty() ? null : l;
        });
        assertTrue(entries.stream().anyMatch(e -> e.contains("λ = 10⁻⁶: λ = 10⁻⁶")), entries.toString());
        assertTrue(entries.stream().anyMatch(e -> e.contains("λ = 0.1: λ = 0.1")), entries.toString());
        Object colours = js("""
                const byRun = new Map();
                for (const d of Chart.getChart(document.getElementById('chart-risk')).data.datasets) {
                  const run = d.key.split(':')[0];
                  if (!byRun.has(run)) byRun.set(run, new Set());
                  byRun.get(run).add(d.borderColor);
                }
                return [...byRun.values()].map((s) => [...s].join(','));
                """);
        assertEquals(2, ((List<?>) colours).size());
        assertTrue(((List<?>) colours).stream().allMatch(c -> !((String) c).contains(",")), "one colour per run: " + colours);
        assertTrue(!((List<?>) colours).get(0).equals(((List<?>) colours).get(1)), "different colours: " + colours);
        // Each run's points are those its own page draws.
        long overlaid = points("chart-risk");
        open("/runs/" + small);
        waiting(RUN_TIMEOUT).until(d -> points("chart-risk") > 0 && "finished".equals(panelStatus()));
        waiting(10).until(d -> points("chart-heatmap") > 0);
        long one = points("chart-risk");
        open("/runs/" + large);
        waiting(RUN_TIMEOUT).until(d -> points("chart-heatmap") > 0);
        assertEquals(overlaid, one + points("chart-risk"));
        screenshotAfter("/labs/ridge/compare?runs=" + small + "," + large, "ridge-compare.png");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void thePermalinkOfAComparisonOpensTheSameComparison() {
        open("/labs/ridge/compare?runs=" + small + "," + large);
        awaitCompared();
        String href = driver.findElement(By.cssSelector("[data-compare-permalink]")).getAttribute("href");
        assertTrue(href.endsWith("/labs/ridge/compare?runs=" + small + "," + large), href);
        assertTrue(driver.findElement(By.cssSelector("[data-role=compare-status]")).getText().startsWith("2 runs overlaid on"));
        // The form shows the first run's config, as that run's own page does.
        String lambdas = driver.findElement(By.name("lambdas")).getAttribute("value");
        open("/runs/" + small);
        assertEquals(driver.findElement(By.name("lambdas")).getAttribute("value"), lambdas);
    }

    private void screenshotAfter(String path, String name) throws Exception {
        open(path);
        awaitCompared();
        screenshot(name);
    }
}
