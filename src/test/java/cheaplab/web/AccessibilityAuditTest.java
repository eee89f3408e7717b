package cheaplab.web;

import cheaplab.core.LabCatalog;
import cheaplab.lab.rbm.RbmLab;
import cheaplab.lab.ridge.RidgeLab;
import cheaplab.testlabs.CountingLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every page of the lab in headless Chromium, audited by axe-core (committed under src/test/resources/axe/, injected
 * by WebDriver, never served): no serious or critical violation on the home page, each lab page, a finished run of
 * each lab and a comparison. Also: usable at a 390 px phone width (nothing wider than the screen), the charts' legend
 * and data table worked from the keyboard alone, and the table and summary built from the very series the chart
 * draws.
 */
class AccessibilityAuditTest extends BrowserPageTest {
    private static final String AXE = axeSource();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final String RIDGE_QUICK = "{\"features\":60,\"instances\":[20,40,60,90,150],\"lambdas\":[0.001,0.1],\"repeats\":3}";
    private static final String RBM_QUICK = "{\"hidden\":12,\"trainImages\":300,\"validationImages\":100,\"testImages\":100,"
            + "\"epochs\":2,\"evalEvery\":2,\"aisRuns\":20,\"aisBetas\":500}";

    @org.junit.jupiter.api.io.TempDir
    static Path dataDir;
    private static WebHarness web;
    private static String ridgeRun;
    private static String ridgeRun2;
    private static String rbmRun;

    private static String axeSource() {
        try (var in = AccessibilityAuditTest.class.getResourceAsStream("/axe/axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("src/test/resources/axe/axe.min.js is missing", e);
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(new LabCatalog(List.of(new RidgeLab(), new RbmLab(), new CountingLab())),
                FixtureCatalog.in(dataDir), 1, 8);
        Files.createDirectories(SHOTS);
        ridgeRun = submit("ridge", RIDGE_QUICK);
        ridgeRun2 = submit("ridge", RIDGE_QUICK.replace("[0.001,0.1]", "[1e-6,1]"));
        rbmRun = submit("rbm", RBM_QUICK);
        for (String id : List.of(ridgeRun, ridgeRun2, rbmRun)) awaitEnd(id);
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

    static String submit(String lab, String config) throws Exception {
        return FinishedRuns.submit(web, lab, config);
    }

    static void awaitEnd(String id) throws Exception {
        FinishedRuns.awaitEnd(web, id, RUN_TIMEOUT);
    }

    /** Serious and critical axe violations of the page now shown, one line each (rule, impact, first targets). */
    @SuppressWarnings("unchecked")
    private List<String> violations() {
        js(AXE);
        Object out = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations
                  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                  .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                    + v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')
                    + (v.nodes.length > 4 ? ' and ' + (v.nodes.length - 4) + ' more' : ''))))
                  .catch((e) => done(['axe failed: ' + e]));
                """);
        return (List<String>) out;
    }

    private void awaitCharts() {
        waiting(RUN_TIMEOUT).until(d -> num("return document.querySelectorAll('.chart-box[data-empty] canvas[data-points]').length === 0"
                + " && document.querySelectorAll('canvas[data-points]').length > 0 ? 1 : 0") == 1);
        // Summaries and tables follow the charts a little later (throttled).
        waiting(10).until(d -> num("return [...document.querySelectorAll('.chart-summary')].every((p) => p.textContent && p.textContent !== 'No data yet.') ? 1 : 0") == 1);
    }

    private String comparePath() {
        return "/labs/ridge/compare?runs=" + ridgeRun + "," + ridgeRun2;
    }

    @Test
    void everyPageHasNoSeriousOrCriticalViolations() {
        Map<String, Boolean> pages = new java.util.LinkedHashMap<>();
        pages.put("/", false);
        pages.put("/labs/ridge", false);
        pages.put("/labs/rbm", false);
        pages.put("/labs/count", false);
        pages.put("/runs/" + ridgeRun, true);
        pages.put("/runs/" + rbmRun, true);
        pages.put(comparePath(), true);
        List<String> problems = new ArrayList<>();
        pages.forEach((path, charts) -> {
            open(path);
            if (charts) awaitCharts();
            for (String v : violations()) problems.add(path + ": " + v);
        });
        assertEquals(List.of(), problems);
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theAuditFindsAViolationWhenThereIsOne() {
        open("/labs/ridge");
        js("const b = document.createElement('button'); document.querySelector('main').appendChild(b);"
                + "const i = document.createElement('img'); i.src = '/favicon.svg'; document.querySelector('main').appendChild(i);");
        List<String> v = violations();
        assertTrue(v.stream().anyMatch(s -> s.startsWith("button-name (critical)")), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("image-alt (critical)")), v.toString());
    }

    @Test
    void atPhoneWidthNothingIsWiderThanTheScreen() {
        ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        List<String> wide = new ArrayList<>();
        for (String path : List.of("/", "/labs/ridge", "/labs/rbm", "/labs/count", "/runs/" + ridgeRun, "/runs/" + rbmRun, comparePath())) {
            open(path);
            long scroll = num("return document.documentElement.scrollWidth");
            long client = num("return document.documentElement.clientWidth");
            if (client != 390 || scroll > client) wide.add(path + ": page " + scroll + " px wide in a " + client + " px screen");
        }
        assertEquals(List.of(), wide);
    }

    @Test
    void theLegendAndTheDataTableWorkFromTheKeyboardAndTheTableHoldsTheChartsPoints() {
        open("/runs/" + ridgeRun);
        awaitCharts();
        // Tab from the top of the page to the risk chart's first legend button: every control on the way is reachable.
        js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)");
        WebElement first = driver.findElement(By.cssSelector("#chart-risk ~ * .legend-item, .chart-box:has(#chart-risk) + .chart-a11y .legend-item"));
        boolean reached = false;
        for (int i = 0; i < 120 && !reached; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            reached = first.equals(driver.switchTo().activeElement());
        }
        assertTrue(reached, "the first legend button of the risk chart is reached with Tab");
        assertEquals("true", first.getAttribute("aria-pressed"));
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waiting(5).until(d -> "false".equals(first.getAttribute("aria-pressed")));
        assertEquals(0L, num("const c = Chart.getChart(document.getElementById('chart-risk')); return c.isDatasetVisible(0) ? 1 : 0"),
                "Enter on the legend button hid its series");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waiting(5).until(d -> "true".equals(first.getAttribute("aria-pressed")));

        // On to the table toggle of the same chart; Space opens the table.
        WebElement toggle = driver.findElement(By.cssSelector(".chart-box:has(#chart-risk) + .chart-a11y .table-toggle"));
        for (int i = 0; i < 20 && !toggle.equals(driver.switchTo().activeElement()); i++) new Actions(driver).sendKeys(Keys.TAB).perform();
        assertEquals(toggle, driver.switchTo().activeElement());
        assertEquals("false", toggle.getAttribute("aria-expanded"));
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        assertEquals("true", toggle.getAttribute("aria-expanded"));
        WebElement table = driver.findElement(By.id(toggle.getAttribute("aria-controls")));
        assertTrue(table.isDisplayed(), "the table is shown");

        // Every point of every series is a row, with the chart's own values.
        long points = num("return Chart.getChart(document.getElementById('chart-risk')).data.datasets.reduce((n, d) => n + d.data.length, 0)");
        long rows = num("return document.getElementById(arguments[0]).querySelectorAll('tbody tr th[scope=row]').length", table.getAttribute("id"));
        assertTrue(points > 0);
        assertEquals(points, rows);
        String firstSeries = (String) js("return Chart.getChart(document.getElementById('chart-risk')).data.datasets[0].label");
        assertEquals(firstSeries, js("return document.getElementById(arguments[0]).querySelector('tbody tr th').textContent", table.getAttribute("id")));
        // Hidden again, it is still there for screen readers.
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        assertEquals("false", toggle.getAttribute("aria-expanded"));
        assertEquals(rows, num("return document.getElementById(arguments[0]).querySelectorAll('tbody tr th[scope=row]').length", table.getAttribute("id")));
        assertTrue(table.getAttribute("class").contains("visually-hidden"));

        // The summary says where the smallest λ peaks: N_f/N_i = 1 (N_i = 60 = N_f).
        String summary = (String) js("return document.getElementById('chart-risk-summary').textContent");
        assertTrue(summary.startsWith("Test risk peaks at N_f/N_i = 1 for λ = 0.001"), summary);
        assertEquals("chart-risk-summary", driver.findElement(By.id("chart-risk")).getAttribute("aria-describedby"));
        assertEquals("polite", driver.findElement(By.id("chart-risk-summary")).getAttribute("aria-live"));
    }

    @Test
    void seriesOfAChartDifferByMarkerShapeAsWellAsColour() {
        open("/runs/" + ridgeRun);
        awaitCharts();
        // Within every chart, listed series with markers never share both colour and marker shape.
        Object clashes = js("""
                const out = [];
                for (const c of document.querySelectorAll('canvas[data-points]')) {
                  const chart = Chart.getChart(c);
                  if (!chart) continue;
                  const seen = new Map();
                  for (const d of chart.data.datasets) {
                    if (d.legend === false || !d.data.length || d.pointRadius === 0) continue;
                    const k = d.borderColor + '|' + d.pointStyle;
                    if (seen.has(k)) out.push(c.id + ': ' + seen.get(k) + ' / ' + d.label);
                    seen.set(k, d.label);
                  }
                  const shapes = new Set(chart.data.datasets.filter((d) => d.legend !== false && d.data.length && d.pointRadius !== 0)
                    .map((d) => d.pointStyle));
                  const marked = chart.data.datasets.filter((d) => d.legend !== false && d.data.length && d.pointRadius !== 0).length;
                  if (marked > 1 && shapes.size < 2) out.push(c.id + ': ' + marked + ' series, one marker shape');
                }
                return out;
                """);
        assertEquals(List.of(), clashes);
    }
}
