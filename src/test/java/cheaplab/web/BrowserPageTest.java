package cheaplab.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** What every lab-page browser test shares: a fresh headless Chromium per test and small page helpers. */
abstract class BrowserPageTest {
    protected Path profile;
    protected ChromeDriver driver;

    /** The running server of the concrete test class. */
    protected abstract WebHarness web();

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
}
