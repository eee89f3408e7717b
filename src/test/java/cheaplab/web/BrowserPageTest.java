package cheaplab.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

/** What every lab-page browser test shares: a fresh headless Chromium per test and small page helpers. */
abstract class BrowserPageTest {
    protected static final Path SHOTS = Path.of("target", "screenshots");
    protected Path profile;
    protected ChromeDriver driver;

    /** The running server of the concrete test class. */
    protected abstract WebHarness web();

    /** How long a whole run may take in this test class. */
    protected abstract Duration runTimeout();

    @BeforeEach
    void openBrowser() throws Exception {
        profile = Files.createTempDirectory("chromium-profile");
        driver = Browsers.start(profile, 1440, 1000);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (driver != null) driver.quit();
        if (profile != null) try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    protected Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    protected long num(String script, Object... args) {
        Object v = js(script, args);
        return v == null ? -1 : ((Number) v).longValue();
    }

    protected WebDriverWait waiting(Duration d) {
        return new WebDriverWait(driver, d, Duration.ofMillis(20));
    }

    protected WebDriverWait waiting(int seconds) {
        return waiting(Duration.ofSeconds(seconds));
    }

    protected void open(String path) {
        driver.get(web().url(path));
        waiting(20).until(d -> "ready".equals(js("return document.documentElement.dataset.js")));
    }

    protected long points(String chart) {
        return num("const c = document.getElementById(arguments[0]); return c && c.dataset.points ? Number(c.dataset.points) : 0;", chart);
    }

    protected String viewData(String key) {
        return (String) js("return document.querySelector('[data-lab-view]').dataset[arguments[0]]", key);
    }

    protected String panelStatus() {
        return (String) js("const p = document.querySelector('#run-slot .run-panel, .run-panel'); return p && p.dataset.status;");
    }

    /** Severe browser-log entries (console errors, failed loads, CSP violations). */
    protected List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER))
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
        return errors;
    }

    protected void screenshot(String name) throws Exception {
        long height = num("return Math.ceil(document.documentElement.scrollHeight)");
        Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(size.width, (int) Math.min(9000, Math.max(600, height + 40))));
        js("window.scrollTo(0, 0); return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        Files.write(SHOTS.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(size);
    }

    /** axe-core 4.10.2, committed under src/test/resources/axe/ (see its README): injected by WebDriver, never served. */
    protected static final String AXE = axeSource();

    private static String axeSource() {
        try (var in = BrowserPageTest.class.getResourceAsStream("/axe/axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("src/test/resources/axe/axe.min.js is missing", e);
        }
    }

    /** Serious and critical axe violations of the page now shown, one line each (rule, impact, first targets). */
    @SuppressWarnings("unchecked")
    protected List<String> violations() {
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


    protected static final String PANEL_ID = "const p = document.querySelector('#run-slot .run-panel[data-run-id]'); return p && p.dataset.runId;";

    /** Presses Run and returns the id of the run it started (not that of a panel already on the page). */
    protected String pressRunAndWaitForPanel() {
        String before = (String) js(PANEL_ID);
        driver.findElement(By.id("run-button")).click();
        // Read the id in the page: htmx may swap the panel for a fresh copy at any moment.
        return waiting(20).until(d -> {
            String id = (String) js(PANEL_ID);
            return id != null && !id.equals(before) ? id : null;
        });
    }

    protected void waitForStatus(String runId, String status) {
        waiting(runTimeout()).until(d -> status.equals(js(
                "const p = document.querySelector('.run-panel[data-run-id=\"' + arguments[0] + '\"]'); return p && p.dataset.status;", runId)));
    }
}
