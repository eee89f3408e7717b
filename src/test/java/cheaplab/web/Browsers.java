package cheaplab.web;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/** Headless Debian Chromium for browser tests, and the rule for when it is missing. */
final class Browsers {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Browsers() {}

    /**
     * Skips the calling test class, saying what is missing, when Chromium or its driver is not installed;
     * with {@code CI=true} in the environment a missing browser fails instead (CI installs it, so a browser test
     * that silently skipped there would hide a broken page).
     */
    static void require(Map<String, String> env, Path... executables) {
        List<String> missing = new ArrayList<>();
        for (Path p : executables) if (!Files.isExecutable(p)) missing.add(p.toString());
        if (missing.isEmpty()) return;
        String what = "no " + String.join(" and no ", missing) + " (apt-get install chromium chromium-driver)";
        if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) Assertions.fail("CI=true, but " + what);
        Assumptions.abort("skipped: " + what);
    }

    static void require() {
        require(System.getenv(), CHROMIUM, CHROMEDRIVER);
    }

    /** A fresh headless Chromium with its own profile directory, logging the console. */
    static ChromeDriver start(Path profile, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--hide-scrollbars",
                "--force-device-scale-factor=1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
