package cheaplab.web;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The external-client tests' rule: skipped with the reason without the client, except on CI (CI=true): a failure. */
class StreamClientsRuleTest {
    @Test
    void aMissingClientSkipsLocallyAndFailsOnCi() {
        String missing = "no /usr/bin/node (Node 20 or later)";
        TestAbortedException skip = assertThrows(TestAbortedException.class, () -> StreamClients.require(Map.of(), missing));
        assertTrue(skip.getMessage().contains(missing), skip.getMessage());
        AssertionFailedError fail = assertThrows(AssertionFailedError.class, () -> StreamClients.require(Map.of("CI", "true"), missing));
        assertTrue(fail.getMessage().contains("CI=true") && fail.getMessage().contains(missing), fail.getMessage());
        assertDoesNotThrow(() -> StreamClients.require(Map.of("CI", "true"), null));
    }
}
