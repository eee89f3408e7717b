package cheaplab.web;

import cheaplab.core.FormBinder;
import cheaplab.core.Json;
import cheaplab.core.LabCatalog;
import cheaplab.lab.rbm.RbmConfig;
import cheaplab.lab.rbm.RbmLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cheaplab.web.PageRoutesTest.inputValue;
import static cheaplab.web.PageRoutesTest.permalink;
import static cheaplab.web.PageRoutesTest.selected;
import static cheaplab.web.PageRoutesTest.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RBM page's HTML as the server renders it (no browser): every config knob, prefilled; charts with units. */
class RbmPageTest {
    @TempDir
    static Path dataDir;
    private static WebHarness web;

    @BeforeAll
    static void start() throws Exception {
        web = new WebHarness(new LabCatalog(List.of(new RbmLab())), FixtureCatalog.in(dataDir), 1, 8);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static String page(String path) throws Exception {
        HttpResponse<String> r = web.get(path, "Accept", "text/html");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        return r.body();
    }

    @Test
    void everyConfigFieldHasAControlPrefilledWithTheDefaults() throws Exception {
        String html = page("/labs/rbm");
        Map<String, String> values = FormBinder.values(RbmConfig.class, Json.tree(RbmConfig.defaults()));
        for (Map.Entry<String, String> e : values.entrySet()) {
            String name = e.getKey();
            if (name.equals("weights")) {
                assertFalse(html.contains("name=\"weights\""), "saved weights are JSON: CLI and API only");
                continue;
            }
            String t = tag(html, name);
            if (t.contains("type=\"checkbox\"")) assertEquals(e.getValue().equals("true"), t.contains("checked"), name);
            else if (t.startsWith("<select")) assertEquals(e.getValue(), selected(html, name), name);
            else assertEquals(e.getValue(), inputValue(html, name), name + " shows its default");
        }
        assertEquals("persistent,binarize", inputValue(html, "_checkboxes"));
        String link = permalink(html);
        assertTrue(link.startsWith("/labs/rbm?dataset=mnist&hidden=16&k=1&persistent=false&"), link);
        assertTrue(link.endsWith("&seed=1") && !link.contains("weights"), link);
        assertFalse(html.contains("class=\"config-error\""), "no error on the defaults");
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), "no inline script");
        assertTrue(html.contains("data-lab-view=\"rbm\""));
        // The preset selector is no config field: it has no name, so it is neither posted nor in a permalink.
        assertTrue(Pattern.compile("<select id=\"f-preset\" data-preset(?![^>]*name=)[^>]*>").matcher(html).find());
        assertTrue(html.contains("Fashion-MNIST (not installed)"), "this catalogue has no Fashion-MNIST");
        assertTrue(html.contains("MNIST is present locally."), "the fixture is in the data directory");
    }

    @Test
    void chartsCarryAxisTitlesAndUnitsAndTheGridsTheirSeries() throws Exception {
        String html = page("/labs/rbm");
        Matcher canvas = Pattern.compile("<canvas[^>]*>").matcher(html);
        int charts = 0, grids = 0;
        while (canvas.find()) {
            String c = canvas.group();
            if (c.contains("data-tiles=")) {
                grids++;
                continue;
            }
            charts++;
            for (String a : List.of("data-x-title", "data-x-unit", "data-y-title", "data-y-unit"))
                assertTrue(Pattern.compile(a + "=\"[^\"]+\"").matcher(c).find(), a + " missing on " + c);
        }
        assertEquals(6, charts);
        assertEquals(3, grids);
        for (String s : List.of("filters", "samples", "reconstructions"))
            assertTrue(html.contains("id=\"tiles-" + s + "\""), s);
        assertTrue(html.split("class=\"math").length > 20, "formulas for KaTeX");
    }

    @Test
    void aPermalinkWithWrongValuesShowsEachFieldsErrorAndKeepsWhatWasTyped() throws Exception {
        String html = page("/labs/rbm?k=0&hidden=abc&persistent=true&aisBetas=14501");
        assertEquals("0", inputValue(html, "k"));
        assertEquals("abc", inputValue(html, "hidden"));
        assertEquals("14501", inputValue(html, "aisBetas"));
        assertTrue(tag(html, "persistent").contains("checked"));
        assertTrue(tag(html, "k").contains("aria-invalid=\"true\""), tag(html, "k"));
        assertTrue(tag(html, "hidden").contains("aria-invalid=\"true\""));
        Matcher kError = Pattern.compile("<p class=\"field-error\" id=\"k-error\"[^>]*>([^<]+)</p>").matcher(html);
        assertTrue(kError.find(), "k's message under its field");
        assertTrue(kError.group(1).contains("was 0"), kError.group(1));
        assertTrue(html.contains("data-error-field=\""), "the error list names the fields");
    }
}
