package cheaplab.web;

import cheaplab.core.LabCatalog;
import cheaplab.core.RunEvent;
import cheaplab.lab.ising.IsingLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Ising page in headless Chromium over the real stack (WebApp, RunService, in-memory H2, the real IsingLab):
 * a small permalinked sweep runs; the five temperature curves get a point per (L, T) and the exact curves, the
 * live lattice and the block-spin levels are drawn, the flow chart fills, the Binder readout appears; no console
 * error under the strict CSP; screenshots under target/screenshots/.
 */
class IsingPageBrowserTest extends BrowserPageTest {
    private static final String QUICK = "sizes=8,16&temperatures=1.8,2.1,2.27,2.45,3.0&equilibration=100&samples=200"
            + "&blockSize=2&blockLevels=2";
    private static final List<String> CURVES = List.of("chart-magnetization", "chart-energy", "chart-susceptibility",
            "chart-specific-heat", "chart-binder", "chart-tau");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @org.junit.jupiter.api.io.TempDir
    static Path dataDir;
    private static WebHarness web;

    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(new LabCatalog(List.of(new IsingLab())), FixtureCatalog.in(dataDir), 1, 8);
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

    private long data(String selector, String key) {
        return num("const c = document.querySelector(arguments[0]); const v = c && c.dataset[arguments[1]]; return v ? Number(v) : 0;", selector, key);
    }

    /** Distinct colours on a canvas (a blank one has at most one). */
    private long colours(String selector) {
        return num("""
                const c = document.querySelector(arguments[0]);
                if (!c || !c.width || !c.height) return 0;
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                const seen = new Set();
                for (let i = 0; i < px.length; i += 4) seen.add(px[i] * 65536 + px[i + 1] * 256 + px[i + 2]);
                return seen.size;""", selector);
    }

    @Test
    void sweepDrawsCurvesWithTheoryLatticesAndTheFlow() throws Exception {
        open("/labs/ising?" + QUICK);
        assertTrue(num("return document.querySelectorAll('.math .katex').length") >= 8, "formulas rendered by KaTeX");
        for (String c : CURVES) assertEquals(0, points(c), c + " starts empty");

        String runId = pressRunAndWaitForPanel();
        assertEquals(2, web.runs.find(runId).orElseThrow().config().get("blockLevels").asInt(), "the permalink reached the run");
        waitForStatus(runId, "finished");
        // 2 sizes × 5 temperatures per curve; ⟨|m|⟩ and e add the exact infinite-lattice curve.
        waiting(10).until(d -> points("chart-binder") == 10);
        for (String c : CURVES) assertTrue(points(c) >= 10, c + " has a point per (L, T): " + points(c));
        for (String c : List.of("chart-magnetization", "chart-energy")) {
            Object keys = js("return Chart.getChart(document.getElementById(arguments[0])).data.datasets.map(d => d.key)", c);
            assertEquals(List.of("L8", "L16", "exact"), keys, c);
        }
        assertEquals(15, points("chart-flow"), "5 temperatures × 3 levels of L = 16");
        assertTrue(data("#lattice-live", "frames") >= 1, "the live lattice was drawn");
        assertEquals(2, colours("#lattice-live"), "up and down spins");
        assertEquals(3, num("return document.querySelectorAll('[data-levels] canvas').length"), "levels 0, 1, 2");
        String readout = (String) js("return document.querySelector('[data-readout=crossing]').textContent");
        assertTrue(readout.startsWith("Crossings L = 8/16:"), readout);
        String x = (String) js("return Chart.getChart(document.getElementById('chart-binder')).options.scales.x.title.text");
        assertEquals("temperature T (J/k_B)", x);

        // The temperature slider picks another temperature's block-spin images.
        js("const s = document.querySelector('[data-block-slider]'); s.value = '0'; s.dispatchEvent(new Event('input'));");
        waiting(5).until(d -> ((String) js("return document.querySelector('[data-block-label]').textContent")).startsWith("T = 1.8"));

        screenshot("ising.png");
        Files.write(SHOTS.resolve("ising-lattices.png"), driver.findElement(By.cssSelector(".tiles-card")).getScreenshotAs(OutputType.BYTES));
        int total = web.runs.events(runId, 0).size();
        assertEquals(String.valueOf(total), viewData("events"));
        assertTrue(web.runs.events(runId, 0).stream().anyMatch(e -> e instanceof RunEvent.Point p && p.series().equals("crossing")));
        assertEquals(List.of(), consoleErrors());
    }
}
