package cheaplab.web;

import cheaplab.core.LabCatalog;
import cheaplab.lab.vrg.VrgLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vrg page in headless Chromium over the real stack (WebApp, RunService, in-memory H2, the real VrgLab): a small
 * permalinked stack trains; the receptive fields, the control's fields and the reconstructions are drawn for each
 * layer (the layer slider steps through them), the spread and block-spin charts get a point per layer and the
 * training charts a point per epoch; axe-core finds no serious or critical violation on the page before and after
 * the run; no console error under the strict CSP; screenshots under target/screenshots/.
 */
class VrgPageBrowserTest extends BrowserPageTest {
    private static final String QUICK = "lattice=8&temperature=2.45&samples=256&layers=16,4&epochs=3&batchSize=16";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @org.junit.jupiter.api.io.TempDir
    static Path dataDir;
    private static WebHarness web;

    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(new LabCatalog(List.of(new VrgLab())), FixtureCatalog.in(dataDir), 1, 8);
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
        return num("const c = document.querySelector(arguments[0]); return c && c.dataset.drawn ? Number(c.dataset.drawn) : 0;", canvas);
    }

    @SuppressWarnings("unchecked")
    private List<String> axeViolations() throws Exception {
        String axe;
        try (var in = getClass().getResourceAsStream("/axe/axe.min.js")) {
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        js(axe);
        return (List<String>) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then((r) => done(r.violations
                  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                  .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', '))))
                  .catch((e) => done(['axe failed: ' + e]));
                """);
    }

    @Test
    void aStackTrainsAndItsFieldsChartsAndLayersAreShown() throws Exception {
        open("/labs/vrg?" + QUICK);
        assertTrue(num("return document.querySelectorAll('.math .katex').length") >= 4, "formulas rendered by KaTeX");
        assertEquals(0, points("chart-spread"), "starts empty");
        assertEquals(List.of(), axeViolations(), "the page before a run");

        String runId = pressRunAndWaitForPanel();
        assertEquals(2, web.runs.find(runId).orElseThrow().config().get("layers").size(), "the permalink reached the run");
        try {
            waitForStatus(runId, "finished");
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("run " + web.runs.find(runId).orElseThrow().status() + ", panel " + panelStatus()
                    + ", console " + consoleErrors(), e);
        }
        waiting(10).until(d -> points("chart-spread") == 6);
        assertEquals(6, points("chart-spread"), "stack, control and the uniform line at 2 layers");
        // Layer 1 (16 = (8/2)² units) and layer 2 (4 = (8/4)²) both have block sizes: 2 + 2 block points, 2 for m.
        assertEquals(6, points("chart-blocks"));
        assertEquals(12, points("chart-free-energy"), "3 epochs × 2 layers × 2 stacks");
        assertEquals(12, points("chart-reconstruction"));

        // The slider followed the run to layer 2: its 4 fields, the control's 4, 8 samples over 8 reconstructions.
        waiting(5).until(d -> drawn("#tiles-fields") == 4);
        assertEquals(4, drawn("#tiles-control"));
        assertEquals(16, drawn("#tiles-reconstructions"));
        assertEquals("2", js("return document.querySelector('[data-layer-slider]').value"));
        js("const s = document.querySelector('[data-layer-slider]'); s.value = '1'; s.dispatchEvent(new Event('input'));");
        waiting(5).until(d -> drawn("#tiles-fields") == 16);
        assertEquals(16, drawn("#tiles-control"));
        String label = (String) js("return document.querySelector('[data-readout=layer]').textContent");
        assertEquals("layer 1 of 2, 16 units (blocks of 2×2)", label);
        String readout = (String) js("return document.querySelector('[data-readout=locality]').textContent");
        assertTrue(readout.startsWith("Spread ratio (stack / control): layer 1 "), readout);

        screenshot("vrg.png");
        Files.write(SHOTS.resolve("vrg-fields.png"), driver.findElement(By.cssSelector(".tiles-card")).getScreenshotAs(OutputType.BYTES));
        assertEquals(String.valueOf(web.runs.events(runId, 0).size()), viewData("events"));
        assertEquals(List.of(), axeViolations(), "the page with a finished run");
        open("/runs/" + runId);
        waiting(RUN_TIMEOUT).until(d -> points("chart-spread") == 6);
        assertEquals(List.of(), axeViolations(), "the finished run's page");
        assertEquals(List.of(), consoleErrors());
    }
}
