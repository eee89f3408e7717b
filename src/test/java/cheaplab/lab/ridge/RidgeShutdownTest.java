package cheaplab.lab.ridge;

import cheaplab.core.Json;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunRecord;
import cheaplab.core.RunService;
import cheaplab.core.RunStatus;
import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.TestLabs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the server while the largest accepted ridge config computes on every core takes under 2 s. */
class RidgeShutdownTest {
    @Test
    void shutdownDuringTheLargestSweepEndsWithinTwoSeconds() throws Exception {
        var store = TestLabs.memoryStore();
        RunService service = new RunService(new LabCatalog(List.of(new RidgeLab())), store, new PlaceholderDataCatalog(),
                new RunService.Settings(1, 2, Duration.ofSeconds(10)));
        int n = (int) (DecompositionCost.MAX_FLOPS / (4.0 * 200 * 200));
        RunRecord r = service.submit("ridge", Json.MAPPER.readTree("{\"dataset\": \"correlated\", \"features\": 200, "
                + "\"instances\": [" + (n - 2) + ", " + (n - 1) + ", " + n + "], \"repeats\": 200, \"focusInstances\": " + n + "}"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.find(r.id()).orElseThrow().status() != RunStatus.RUNNING && System.nanoTime() < deadline) Thread.sleep(20);
        Thread.sleep(2500); // SVDs of 12,500 × 200 on every compute thread
        long t0 = System.nanoTime();
        service.close();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(RunStatus.INTERRUPTED, service.find(r.id()).orElseThrow().status());
        System.out.printf("ridge shutdown during the largest sweep: %.3f s%n", seconds);
        assertTrue(seconds < 2.0, "shutdown took " + seconds + " s");
        store.close();
    }
}
