package cheaplab.web;

import cheaplab.core.LabCatalog;
import cheaplab.core.RunEvent;
import cheaplab.lab.partition.PartitionLab;
import cheaplab.testlabs.PlaceholderDataCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The partition page in headless Chromium over the real stack (WebApp, RunService, in-memory H2, the real
 * PartitionLab): press Run and the six charts fill; drag κ through the sweep and the readouts follow the
 * server's enumeration while the page's own recomputation of p̃ agrees with it (KL to 1e-9); κ = 0 puts p̃ on p;
 * the form's κ follows the slider; a custom kernel without values is refused naming the field; no serious or
 * critical axe-core violation before and after a run; the run's own page at a 390 px phone width scrolls no wider
 * than the screen. No console error (strict CSP); screenshots under target/screenshots/. Skipped without Chromium,
 * except with CI=true.
 */
class PartitionPageBrowserTest extends BrowserPageTest {
    /** 64 states, 4096 pairs per κ, 9 κ values: well under a second of computing. */
    private static final String SMALL = "spins=6&couplings=0.6&fields=0.05&kappa=1&kappas=0,0.25,0.5,0.75,1.5,2,2.5,3";
    private static final List<String> CHARTS = List.of("chart-states", "chart-kl", "chart-logz", "chart-z-difference",
            "chart-trace", "chart-trace-deviation");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private static WebHarness web;

    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(new LabCatalog(List.of(new PartitionLab())), new PlaceholderDataCatalog(), 1, 8);
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

    private String readout(String name) {
        return (String) js("return document.querySelector('[data-readout=\"' + arguments[0] + '\"]').textContent", name);
    }

    /** Moves the slider to sweep point i and lets the view redraw. */
    private void slide(int i) {
        ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const s = document.querySelector('[data-kappa-slider]');
                s.value = String(arguments[0]);
                s.dispatchEvent(new Event('input'));
                document.querySelector('[data-lab-view]').$view.then((v) => { v.flush(); done(); });
                """, i);
    }

    /** Serious and critical axe-core violations of the page now shown (as AccessibilityAuditTest audits the others). */
    @SuppressWarnings("unchecked")
    private List<String> violations() throws Exception {
        try (var in = getClass().getResourceAsStream("/axe/axe.min.js")) {
            js(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return (List<String>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations
                  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                  .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', '))))
                  .catch((e) => done(['axe failed: ' + e]));
                """);
    }

    @Test
    void aRunFillsTheChartsAndTheKappaSliderKeepsZWhileKlGrows() throws Exception {
        open("/labs/partition?" + SMALL);
        assertTrue(num("return document.querySelectorAll('.math .katex').length") >= 10, "formulas rendered by KaTeX");
        for (String c : CHARTS) assertEquals(0, points(c), c + " starts empty");
        assertEquals(List.of(), violations(), "axe-core on the lab page");

        String runId = pressRunAndWaitForPanel();
        JsonNode config = web.runs.find(runId).orElseThrow().config();
        assertEquals(6, config.get("spins").asInt(), "the permalink's values reached the run");
        waitForStatus(runId, "finished");
        waiting(10).until(d -> points("chart-kl") == 18);

        assertEquals(2 * 64, points("chart-states"), "a bar for p and a diamond for p̃ per state");
        assertEquals(64, points("chart-trace"));
        assertEquals(27, points("chart-logz"), "ln Z, ln Z_joint and ln Z̃ at each of 9 κ");
        assertEquals(9, points("chart-z-difference"));
        // (as text: WebDriver hands back -1e-12 as the integer 0)
        assertEquals(-1e-12, Double.parseDouble((String) js("return String(Chart.getChart(document.getElementById('chart-z-difference')).scales.y.min)")), 1e-13,
                "the difference is drawn on a ±1e-12 axis, where rounding is invisible");
        assertEquals(8, points("chart-trace-deviation"), "the deviation at each κ ≠ 0 (at κ = 0 it is 0 up to rounding)");
        long statePoints = web.runs.events(runId, 0).stream().filter(e -> e instanceof RunEvent.Point p && p.series().equals("states")).count();
        assertEquals(64, statePoints);

        // The slider starts at the config's κ = 1 (index 4 of the 9 sorted values) with the server's figures.
        assertEquals("8", js("return document.querySelector('[data-kappa-slider]').max"));
        assertEquals("4", js("return document.querySelector('[data-kappa-slider]').value"));
        assertTrue(readout("kappa").startsWith("κ = 1 · ln Z = "), readout("kappa"));
        assertTrue(readout("logz").matches("\\|ln Z_joint − ln Z\\| ≤ \\S+ over all 9 κ values \\(nats\\)\\."), readout("logz"));
        screenshot("partition.png");
        Files.write(SHOTS.resolve("partition-states.png"), driver.findElement(By.cssSelector("#chart-states")).getScreenshotAs(OutputType.BYTES));

        // At every sweep point: the page's recomputed p̃ gives the server's KL, the readout shows it, and ln Z stays.
        double lastKl = -1;
        for (int i = 0; i <= 8; i++) {
            slide(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> at = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    import('/js/partition.js').then((mod) => {
                      return document.querySelector('[data-lab-view]').$view.then((view) => [mod, view]);
                    }).then(([mod, view]) => {
                      const m = view.model();
                      const s = m.sweep.get(m.kappa);
                      const t = mod.tilt(m.states, m.kappa);
                      const logP = m.states.map((x) => x.logP);
                      const shown = Chart.getChart(document.getElementById('chart-states')).data.datasets.find((d) => d.key === 'pTilde').data;
                      let maxShown = 0;
                      shown.forEach((p, i) => { maxShown = Math.max(maxShown, Math.abs(p.y - Math.exp(t.logPTilde[i]))); });
                      let gap = 0;
                      m.states.forEach((x, i) => { gap = Math.max(gap, Math.abs(x.p - Math.exp(t.logPTilde[i]))); });
                      done({ kappa: m.kappa, klServer: s.klForward, klPage: mod.kl(logP, t.logPTilde),
                        klReverseServer: s.klReverse, klReversePage: mod.kl(t.logPTilde, logP),
                        zGap: Math.abs(s.logZJoint - s.logZ), tildeGap: Math.abs(t.logZTilde - s.logZTilde), maxShown, gap,
                        form: document.querySelector('form [name=kappa]').value });
                    }).catch((e) => done({ error: String(e) }));
                    """);
            String what = "slider point " + i + ": " + at;
            double kappa = ((Number) at.get("kappa")).doubleValue();
            double klServer = ((Number) at.get("klServer")).doubleValue();
            assertEquals(klServer, ((Number) at.get("klPage")).doubleValue(), 1e-9, what);
            assertEquals(((Number) at.get("klReverseServer")).doubleValue(), ((Number) at.get("klReversePage")).doubleValue(), 1e-9, what);
            assertTrue(((Number) at.get("zGap")).doubleValue() <= 1e-12, what);
            assertTrue(((Number) at.get("tildeGap")).doubleValue() <= 1e-9, what);
            assertTrue(((Number) at.get("maxShown")).doubleValue() <= 1e-15, "the chart shows the recomputed p̃: " + what);
            assertTrue(klServer > lastKl, "KL grows with κ: " + what);
            lastKl = klServer;
            assertEquals(kappa, Double.parseDouble((String) at.get("form")), "the form's κ follows the slider");
            if (i == 0) {
                assertEquals(0.0, kappa);
                assertTrue(((Number) at.get("gap")).doubleValue() <= 1e-12, "κ = 0: p̃ = p, " + what);
                assertTrue(readout("kappa").matches(".*KL\\(p‖p̃\\) = 0( \\(to rounding\\))? nats.*"), readout("kappa"));
            } else {
                assertTrue(((Number) at.get("gap")).doubleValue() > 1e-4, "κ ≠ 0: p̃ ≠ p, " + what);
            }
        }
        String href = driver.findElement(By.id("permalink")).getAttribute("href");
        assertTrue(href.contains("kappa=3&"), href);
        screenshot("partition-kappa-3.png");

        int total = web.runs.events(runId, 0).size();
        assertEquals(String.valueOf(total), viewData("events"), "every event handed to the view once");
        assertEquals(List.of(), violations(), "axe-core with the charts, legends and tables filled");

        // The finished run's own page replays it; at a 390 px phone width nothing is wider than the screen.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        open("/runs/" + runId);
        waiting(20).until(d -> points("chart-kl") == 18);
        assertTrue(num("return document.documentElement.scrollWidth") <= num("return document.documentElement.clientWidth"),
                "no horizontal scrolling at 390 px");
        assertEquals(List.of(), consoleErrors());
    }

    @Test
    void theCustomKernelShowsItsValuesAndIsRefusedWithoutThem() {
        open("/labs/partition?spins=3");
        new Select(driver.findElement(By.name("kernel"))).selectByValue("custom");
        driver.findElement(By.id("run-button")).click();
        waiting(10).until(d -> "true".equals(driver.findElement(By.name("kernelValues")).getAttribute("aria-invalid")));
        String error = driver.findElement(By.cssSelector("[data-error-for=kernelValues]")).getText();
        assertTrue(error.contains("8 values"), error);

        driver.findElement(By.name("kernelValues")).sendKeys("0, 0, 0, 0, 0, 0, 0, 2");
        String before = (String) js(PANEL_ID);
        driver.findElement(By.id("run-button")).click();
        String runId = waiting(20).until(d -> {
            String id = (String) js(PANEL_ID);
            return id != null && !id.equals(before) ? id : null;
        });
        waitForStatus(runId, "finished");
        waiting(10).until(d -> points("chart-states") == 16);
        // The 400 itself is logged by Chromium as a failed load; it is the expected answer, nothing else may fail.
        assertEquals(List.of(), consoleErrors().stream()
                .filter(e -> !(e.contains("/api/labs/partition/runs") && e.contains("status of 400"))).toList());
    }
}
