package cheaplab.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser tests' rule: skipped without a browser, except on CI (CI=true), where that is a failure. */
class BrowsersTest {
    @TempDir
    Path dir;

    @Test
    void aMissingBrowserSkipsLocallyAndFailsOnCi() {
        Path absent = dir.resolve("chromium");
        TestAbortedException skip = assertThrows(TestAbortedException.class, () -> Browsers.require(Map.of(), absent));
        assertTrue(skip.getMessage().contains(absent.toString()), skip.getMessage());
        assertThrows(TestAbortedException.class, () -> Browsers.require(Map.of("CI", "false"), absent));
        AssertionFailedError fail = assertThrows(AssertionFailedError.class, () -> Browsers.require(Map.of("CI", "true"), absent));
        assertTrue(fail.getMessage().contains("CI=true") && fail.getMessage().contains(absent.toString()), fail.getMessage());
    }

    @Test
    void presentExecutablesPassEvenOnCi() {
        Path sh = Path.of("/bin/sh");
        assertDoesNotThrow(() -> Browsers.require(Map.of("CI", "true"), sh));
    }
}
