package cheaplab.web;

import cheaplab.core.InProcessJobQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A workshop end to end in four headless Chromiums (the "done when"): the instructor signs in and creates a
 * two-step workshop from the plan form; three participants, each in their own browser session, join with the code,
 * record a prediction and run step 1; the instructor's page shows their three runs side by side (each small
 * multiple the run's own live chart) with the predictions and outcomes, then pushes step 2, which every
 * participant's page follows. No console error anywhere, no serious axe violation on either page; screenshots
 * under target/screenshots/. Skipped without Chromium, except with CI=true.
 */
class WorkshopBrowserTest extends BrowserPageTest {
    private static final String TOKEN = "instructor-secret-browser-0123456";
    private static final String PLAN = """
            {"title": "Double descent, live",
             "steps": [
               {"title": "Where is the peak?", "lab": "ridge",
                "config": {"features": 60, "instances": [20, 40, 60, 90, 150], "lambdas": [1e-6], "repeats": 3},
                "locked": ["lambdas", "features", "dataset"], "hidden": ["seed"],
                "prompt": "Predict the ratio N_f/N_i where the test error peaks, then run.",
                "prediction": {"kind": "number", "label": "N_f/N_i at the peak"}, "outcome": "peakRatio"},
               {"title": "Does λ remove it?", "lab": "ridge",
                "config": {"features": 60, "instances": [20, 40, 60, 90, 150], "lambdas": [1e-6, 1], "repeats": 3},
                "locked": ["lambdas"], "prompt": "What does λ = 1 do to the peak?",
                "prediction": {"kind": "choice", "label": "With λ = 1 the peak…", "choices": ["stays", "is lower", "is gone"]},
                "outcome": "peakRisk"}
             ]}""";
    private static final List<String> NAMES = List.of("Ada", "Bo", "Cy");
    private static final List<String> PREDICTIONS = List.of("0.5", "1", "2");
    private static WebHarness web;

    @BeforeAll
    static void startServer() throws Exception {
        Browsers.require();
        web = new WebHarness(WebHarness.ridgeAndTestLabs(), 2, 16, InstructorToken.of(TOKEN), new InProcessJobQueue.OwnerLimits(1, 2));
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
        return Duration.ofSeconds(60);
    }

    private static Object js(ChromeDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    private static WebDriverWait wait(ChromeDriver d, int seconds) {
        return new WebDriverWait(d, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    private static void ready(ChromeDriver d) {
        wait(d, 20).until(x -> "ready".equals(js(d, "return document.documentElement.dataset.js")));
    }

    private static List<String> errors(ChromeDriver d) {
        List<String> out = new ArrayList<>();
        for (LogEntry e : d.manage().logs().get(LogType.BROWSER))
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) out.add(e.getMessage());
        return out;
    }

    private static String bannerStep(ChromeDriver d) {
        return (String) js(d, "const b = document.querySelector('[data-workshop]'); return b && b.dataset.step;");
    }

    @Test
    void anInstructorAndThreeParticipantsRunATwoStepWorkshop() throws Exception {
        // The instructor signs in and creates the workshop from the plan form.
        open("/instructor");
        driver.findElement(By.id("f-token")).sendKeys(TOKEN);
        driver.findElement(By.cssSelector(".login-form button[type=submit]")).click();
        waiting(20).until(d -> !d.findElements(By.cssSelector("[data-role=signed-in]")).isEmpty());
        assertTrue(((String) js("return document.getElementById('f-plan').value")).contains("\"steps\""), "the form starts from an example plan");
        js("document.getElementById('f-plan').value = arguments[0]", PLAN);
        driver.findElement(By.id("create-workshop")).click();
        waiting(20).until(d -> d.getCurrentUrl().endsWith("/instructor") && d.getCurrentUrl().contains("/w/"));
        ready(driver);
        String code = driver.findElement(By.cssSelector(".join-code")).getText();
        assertTrue(code.matches("[A-Z2-9]{6}"), code);

        List<ChromeDriver> people = new ArrayList<>();
        List<Path> profiles = new ArrayList<>();
        try {
            for (int i = 0; i < NAMES.size(); i++) {
                Path p = Files.createTempDirectory("chromium-participant");
                profiles.add(p);
                ChromeDriver d = Browsers.start(p, 1280, 900);
                people.add(d);
                // Join: the code on /w (typed in lower case), then a display name.
                d.get(web.url("/w"));
                ready(d);
                d.findElement(By.id("f-code")).sendKeys(code.toLowerCase());
                d.findElement(By.cssSelector(".join-form button[type=submit]")).click();
                wait(d, 20).until(x -> !x.findElements(By.id("f-name")).isEmpty());
                ready(d);
                d.findElement(By.id("f-name")).sendKeys(NAMES.get(i));
                d.findElement(By.id("join-button")).click();
                wait(d, 20).until(x -> "1".equals(bannerStep(d)));
                ready(d);
                assertTrue(d.findElement(By.id("workshop-step-title")).getText().contains("Step 1 of 2"));
                assertTrue(d.findElement(By.id("f-features")).getAttribute("readonly") != null, "a locked knob is read-only");
                assertTrue(!d.findElement(By.id("f-seed")).isDisplayed(), "a hidden knob is not shown");
                // Predict, then run.
                d.findElement(By.id("prediction-value")).sendKeys(PREDICTIONS.get(i));
                d.findElement(By.cssSelector("[data-prediction-form] button[type=submit]")).click();
                wait(d, 10).until(x -> ((String) js(d, "return document.querySelector('[data-role=prediction-status]').textContent")).startsWith("Recorded"));
                d.findElement(By.id("run-button")).click();
                wait(d, 20).until(x -> js(d, "const p = document.querySelector('#run-slot .run-panel[data-run-id]'); return p && p.dataset.runId;") != null);
            }
            // Every participant's run finishes on their page.
            for (ChromeDriver d : people)
                wait(d, 90).until(x -> "finished".equals(js(d, "const p = document.querySelector('#run-slot .run-panel'); return p && p.dataset.status;")));

            // The instructor sees the three runs side by side, each a live chart, and the predictions against outcomes.
            waiting(30).until(d -> "3".equals(js("return document.querySelector('[data-workshop-instructor]').dataset.multiples"))
                    && num("return document.querySelectorAll('[data-people-rows] tr').length") == 3
                    && num("return document.querySelectorAll('figure[data-status=finished]').length") == 3);
            waiting(20).until(d -> num("return Number(document.getElementById('chart-predictions').dataset.bars)") == 6);
            String summary = (String) js("return document.querySelector('[data-role=hist-summary]').textContent");
            assertTrue(summary.startsWith("3 predictions, median 1; 3 outcomes"), summary);
            for (WebElement frame : driver.findElements(By.cssSelector(".small-multiple iframe"))) {
                driver.switchTo().frame(frame);
                waiting(30).until(d -> num("const c = document.querySelector('.charts canvas[data-points]'); return c ? Number(c.dataset.points) : 0") > 0);
                assertEquals(Boolean.TRUE, js("return document.body.classList.contains('embed')"));
                driver.switchTo().defaultContent();
            }
            screenshot("workshop-instructor.png");
            assertEquals(List.of(), violations(), "instructor page");

            // Each participant sees the class: three names, three predictions, three outcomes.
            ChromeDriver ada = people.get(0);
            wait(ada, 20).until(x -> ((Number) js(ada, "return [...document.querySelectorAll('[data-class-rows] tr')].filter(r => r.cells[3].textContent !== '–').length")).intValue() == 3);
            assertTrue(((String) js(ada, "return document.querySelector('[data-class-rows] tr.you').textContent")).contains("Ada (you)"));
            ChromeDriver mine = driver;
            driver = ada; // the base class's audit and screenshot act on `driver`
            screenshot("workshop-participant-step1.png");
            assertEquals(List.of(), violations(), "participant page");
            driver = mine;

            // The instructor pushes step 2; every participant's page follows.
            driver.findElement(By.cssSelector("[data-push-step='2']")).click();
            waiting(10).until(d -> "2".equals(js("return document.querySelector('[data-workshop-instructor]').dataset.step")));
            for (ChromeDriver d : people) {
                wait(d, 20).until(x -> "2".equals(bannerStep(d)));
                ready(d);
                assertTrue(d.findElement(By.id("workshop-step-title")).getText().contains("Step 2 of 2: Does λ remove it?"));
                assertEquals(3, d.findElements(By.cssSelector(".prediction-choices input[type=radio]")).size());
                assertEquals("1e-6,1", d.findElement(By.id("f-lambdas")).getAttribute("value").replace(" ", ""), "step 2's config");
            }
            // A phone: the step page fits 390 px.
            people.get(1).manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            long overflow = ((Number) js(people.get(1), "return document.documentElement.scrollWidth - window.innerWidth")).longValue();
            assertTrue(overflow <= 0, "the step page is " + overflow + " px wider than a 390 px phone");
            js(people.get(1), "window.scrollTo(0, 0)");
            Files.write(SHOTS.resolve("workshop-participant-step2-phone.png"), people.get(1).getScreenshotAs(OutputType.BYTES));
            for (ChromeDriver d : people) assertEquals(List.of(), errors(d), "participant console");
            assertEquals(List.of(), consoleErrors(), "instructor console");
        } finally {
            for (ChromeDriver d : people) d.quit();
            for (Path p : profiles) try (Stream<Path> files = Files.walk(p)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
