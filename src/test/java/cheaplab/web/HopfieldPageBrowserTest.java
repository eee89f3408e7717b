package cheaplab.web;

import cheaplab.core.LabCatalog;
import cheaplab.core.RunEvent;
import cheaplab.lab.hopfield.HopfieldLab;
import cheaplab.testlabs.PlaceholderDataCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Hopfield page in headless Chromium over the real stack (WebApp, RunService, in-memory H2, the real
 * HopfieldLab): open a small sweep by permalink, choose a preset, press Run, and watch the AGS curve, the measured
 * overlaps, the energy trajectories and the pattern / cue / recall and mixture images fill in; no console error
 * under the strict CSP; screenshots under target/screenshots/. Skipped without Chromium, except with CI=true.
 */
class HopfieldPageBrowserTest extends BrowserPageTest {
    /** 576 = 24² neurons, five loads across α_c, two networks each: well under a second of compute. */
    private static final String QUICK = "neurons=576&alphas=0.02,0.08,0.12,0.16,0.2&trials=2&temperature=0.2&maxSweeps=20";
    private static final List<String> CHARTS = List.of("chart-overlap", "chart-fractions", "chart-errors",
            "chart-energy", "chart-unstable");
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static WebHarness web;

    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(new LabCatalog(List.of(new HopfieldLab())), new PlaceholderDataCatalog(), 1, 8);
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

    private long canvasData(String canvas, String key) {
        return num("const c = document.getElementById(arguments[0]); const v = c && c.dataset[arguments[1]]; return v ? Number(v) : 0;", canvas, key);
    }

    private long datasetPoints(String chart, String key) {
        return num("const c = document.getElementById(arguments[0]); const ch = c && window.Chart && Chart.getChart(c); if (!ch) return 0; const d = ch.data.datasets.find(d => d.key === arguments[1]); return d ? d.data.length : 0;", chart, key);
    }

    @Test
    void aSweepDrawsTheTheoryTheMeasuredPointsAndTheImages() throws Exception {
        open("/labs/hopfield");
        assertEquals("hebb", new Select(driver.findElement(By.id("f-preset"))).getFirstSelectedOption().getAttribute("value"),
                "the defaults are the AGS setting");
        open("/labs/hopfield?" + QUICK);
        assertTrue(num("return document.querySelectorAll('.math .katex').length") >= 10, "formulas rendered by KaTeX");
        assertEquals("warm", new Select(driver.findElement(By.id("f-preset"))).getFirstSelectedOption().getAttribute("value"),
                "Hebb at T = 0.2 is the Glauber preset");
        for (String c : CHARTS) assertEquals(0, points(c), c + " starts empty");
        new Select(driver.findElement(By.id("f-preset"))).selectByValue("hebb");
        assertEquals("0", driver.findElement(By.name("temperature")).getAttribute("value"));

        String runId = pressRunAndWaitForPanel();
        JsonNode config = web.runs.find(runId).orElseThrow().config();
        assertEquals(576, config.get("neurons").asInt(), "the permalink's values reached the run");
        assertEquals(0.0, config.get("temperature").asDouble(), "the preset reached the run");
        assertEquals(5, config.get("alphas").size());

        waitForStatus(runId, "finished");
        waiting(10).until(d -> datasetPoints("chart-overlap", "measured") == 5);
        assertEquals(160, datasetPoints("chart-overlap", "theory"), "the AGS curve");
        assertEquals(2, datasetPoints("chart-overlap", "alphaC"), "the α_c line");
        for (String c : CHARTS) assertTrue(points(c) > 0, c + " has points");
        assertEquals(5, datasetPoints("chart-fractions", "retrieval"));
        assertEquals(5, num("return Chart.getChart(document.getElementById('chart-energy')).data.datasets.length"),
                "one energy trajectory per load");
        // Images: pattern, cue, recall of the last load; the mixture of three patterns at the smallest load.
        assertEquals(3, canvasData("tiles-recall", "drawn"));
        assertEquals(5, canvasData("tiles-recall", "frames"));
        assertEquals(5, canvasData("tiles-mixture", "drawn"));
        String mixtureNote = (String) js("return document.querySelector('[data-tiles-note=mixture]').textContent");
        assertTrue(mixtureNote.matches("· α = 0\\.020: overlaps 0\\.\\d\\d, 0\\.\\d\\d, 0\\.\\d\\d.*"), mixtureNote);
        String readout = (String) js("return document.querySelector('[data-readout=transition]').textContent");
        assertTrue(readout.startsWith("AGS: α_c = 0.1379, m = 0.967 there (1.6% wrong bits)"), readout);
        // Axis titles carry units.
        for (String c : CHARTS) {
            String y = (String) js("return Chart.getChart(document.getElementById(arguments[0])).options.scales.y.title.text", c);
            assertTrue(y.matches(".+ \\(.+\\)"), c + ": " + y);
        }
        screenshot("hopfield.png");
        Files.write(SHOTS.resolve("hopfield-tiles.png"), driver.findElement(By.cssSelector(".tiles-card")).getScreenshotAs(OutputType.BYTES));

        // The slider goes back to the first load's recall.
        js("const s = document.querySelector('[data-frame-slider]'); s.value = '0'; s.dispatchEvent(new Event('input'));");
        waiting(5).until(d -> ((String) js("return document.querySelector('[data-tiles-note=recall]').textContent")).startsWith("· α = 0.020"));
        String recallNote = (String) js("return document.querySelector('[data-tiles-note=recall]').textContent");
        assertTrue(recallNote.contains("cue m = 0.799, recall m = 1.000"), "58 of 576 bits flipped, perfect recall at α = 0.02: " + recallNote);

        int total = web.runs.events(runId, 0).size();
        assertEquals(String.valueOf(total), viewData("events"), "each event handed to the view once");
        assertTrue(web.runs.events(runId, 0).stream().anyMatch(e -> e instanceof RunEvent.Point p && p.series().equals("transition")));
        assertBundle(runId);
        assertEquals(List.of(), consoleErrors());
    }

    /**
     * The run bundle the panel's button downloads (static/js/bundle.js), built in this page and read back with
     * java.util.zip: the stored config, the result's versions, the same CSV as the export route, every event, and
     * one PNG per chart canvas of the page.
     */
    private void assertBundle(String runId) throws Exception {
        waiting(10).until(d -> !d.findElements(By.cssSelector("#run-panel [data-bundle][data-wired]")).isEmpty());
        String b64 = (String) ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/bundle.js').then((m) => m.runBundle(arguments[0])).then((bytes) => {
                  let s = '';
                  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
                  done(btoa(s));
                }).catch((e) => done('error: ' + e));""", runId);
        assertTrue(!b64.startsWith("error"), b64);
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(b64)))) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) entries.put(e.getName(), zip.readAllBytes());
        }
        cheaplab.core.RunRecord run = web.runs.find(runId).orElseThrow();
        // The same values (JavaScript writes 0.0 as 0: numbers compare by value).
        java.util.Comparator<JsonNode> byValue = (a, b) -> a.equals(b) || a.isNumber() && b.isNumber() && a.doubleValue() == b.doubleValue() ? 0 : 1;
        assertTrue(run.config().equals(byValue, cheaplab.core.Json.MAPPER.readTree(entries.get("config.json"))), "config.json");
        assertTrue(run.result().equals(byValue, cheaplab.core.Json.MAPPER.readTree(entries.get("result.json"))), "result.json");
        assertEquals(run.result().get("versions"), cheaplab.core.Json.MAPPER.readTree(entries.get("versions.json")));
        assertEquals(cheaplab.core.RunExport.csv(web.runs.events(runId, 0)), new String(entries.get("metrics.csv"), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(web.runs.events(runId, 0).size(), cheaplab.core.Json.MAPPER.readTree(entries.get("events.json")).size());
        assertTrue(new String(entries.get("README.txt"), java.nio.charset.StandardCharsets.UTF_8).contains("run hopfield --config config.json"));
        long canvases = num("return [...document.querySelectorAll('.charts canvas[id]')].filter((c) => c.width && c.height).length");
        java.util.List<String> pngs = entries.keySet().stream().filter(n -> n.startsWith("charts/") && n.endsWith(".png")).toList();
        assertEquals(canvases, pngs.size(), "one PNG per chart: " + pngs);
        for (String c : CHARTS) assertTrue(pngs.contains("charts/" + c + ".png"), c);
        for (String n : pngs) {
            byte[] png = entries.get(n);
            assertTrue(png.length > 1000 && (png[0] & 0xFF) == 0x89 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', n);
        }
    }

    /**
     * Two finished runs (Hebb and Storkey) overlaid by the comparison page: both on the overlap chart. Then the lab
     * page and a run's page pass the axe audit (no serious or critical violation) and fit a 390 px phone screen.
     */
    @Test
    void hebbAndStorkeyRunsCanBeComparedAndThePagesPassTheAudit() throws Exception {
        String base = "{\"neurons\": 256, \"alphas\": [0.05, 0.15, 0.25], \"trials\": 2, ";
        String hebb = FinishedRuns.submit(web, "hopfield", base + "\"rule\": \"hebb\"}");
        String storkey = FinishedRuns.submit(web, "hopfield", base + "\"rule\": \"storkey\"}");
        for (String id : List.of(hebb, storkey)) FinishedRuns.awaitEnd(web, id, RUN_TIMEOUT);
        open("/labs/hopfield/compare?runs=" + hebb + "," + storkey);
        waiting(RUN_TIMEOUT).until(d -> "2".equals(viewData("compared")));
        assertEquals("2", js("return document.getElementById('chart-overlap').dataset.runs"));
        assertTrue(points("chart-overlap") >= 6, "three loads of each run: " + points("chart-overlap"));
        screenshot("hopfield-compare.png");

        List<String> problems = new java.util.ArrayList<>();
        for (String path : List.of("/labs/hopfield", "/runs/" + hebb)) {
            open(path);
            if (path.startsWith("/runs/")) waiting(RUN_TIMEOUT).until(d -> datasetPoints("chart-overlap", "measured") == 3);
            for (String v : violations()) problems.add(path + ": " + v);
        }
        assertEquals(List.of(), problems);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        for (String path : List.of("/labs/hopfield", "/runs/" + hebb)) {
            open(path);
            long scroll = num("return document.documentElement.scrollWidth");
            long client = num("return document.documentElement.clientWidth");
            assertTrue(client == 390 && scroll <= client, path + ": page " + scroll + " px wide in a " + client + " px screen");
        }
        assertEquals(List.of(), consoleErrors());
    }

}
