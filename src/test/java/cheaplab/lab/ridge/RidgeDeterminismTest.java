package cheaplab.lab.ridge;

import cheaplab.core.CancelledException;
import cheaplab.core.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same config → byte-identical result JSON, whatever the number of compute threads; another seed → other numbers. */
class RidgeDeterminismTest {

    static RidgeConfig synthetic(String dataset, long seed) {
        return new RidgeConfig(dataset, 40, List.of(20, 35, 40, 45, 80), List.of(0.0, 1e-3, 0.5), "mean", 4, 0.5, 1.0,
                1.5, 0.8, "digit", 0, 5, false, seed);
    }

    static RidgeConfig mnist(int repeats, long seed) {
        return new RidgeConfig("mnist", 784, List.of(60, 300, 700, 1000), List.of(1e-3, 1.0), "sum", repeats, 0.5, 1.0,
                1.0, 0.9, "digit-3", 0, 5, false, seed);
    }

    static String run(RidgeConfig c, int workers) {
        return Json.write(new RidgeLab().run(c, new RecordingContext(c.seed(), FixtureMnist.INSTANCE), workers));
    }

    @Test
    void syntheticRunsAreReproducible() {
        for (String dataset : List.of("isotropic", "spectrum", "correlated")) {
            String a = run(synthetic(dataset, 7), 1), b = run(synthetic(dataset, 7), 3);
            assertEquals(a, b, dataset + ": identical JSON with 1 and 3 compute threads");
            assertNotEquals(a, run(synthetic(dataset, 8), 2), dataset + ": another seed gives other numbers");
        }
    }

    @Test
    void mnistRunsAreReproducible() {
        String first = run(mnist(1, 7), 1);
        assertEquals(first, run(mnist(1, 7), 3), "first-N images, 1 vs 3 threads");
        String a = run(mnist(2, 7), 2);
        assertEquals(a, run(mnist(2, 7), 1), "random subsets, 2 vs 1 threads");
        assertNotEquals(a, run(mnist(2, 8), 2), "another seed draws other subsets");
    }

    @Test
    void pointsStreamPerInstancesInAscendingOrderWithAllLambdas() {
        RidgeConfig c = new RidgeConfig("correlated", 40, List.of(80, 20, 35), List.of(0.5, 0.0), "mean", 3, 0.5, 1.0,
                1.0, 0.8, "digit", 0, 5, false, 1);
        RecordingContext ctx = new RecordingContext(1, null);
        RidgeResult r = new RidgeLab().run(c, ctx, 2);
        List<Map<String, Object>> risk = ctx.series("risk");
        assertEquals(6, risk.size());
        int[] expectN = {20, 20, 35, 35, 80, 80};
        double[] expectL = {0.5, 0.0, 0.5, 0.0, 0.5, 0.0};
        for (int i = 0; i < 6; i++) {
            assertEquals(expectN[i], risk.get(i).get("instances"));
            assertEquals(expectL[i], risk.get(i).get("lambda"));
            assertEquals(r.points().get(i).values(), risk.get(i));
        }
        assertEquals(List.of("features", "instances", "ratio", "lambda", "testRisk", "testRiskSem", "bias2", "variance",
                "solutionNorm", "solutionNormSem", "residualNorm", "gcv", "theoryRisk", "rank"), List.copyOf(risk.get(0).keySet()));
        assertEquals(List.of(1.0 / 3, 2.0 / 3, 1.0), ctx.progress);
        assertTrue(r.theory().isEmpty(), "theory curves are for isotropic data only");
        assertTrue(r.points().get(0).theoryRisk() != null, "the averaged risk under AR(1) noise still has the HMRT value");
    }

    @Test
    void tinyTrainingSetsAreHandled() {
        // one image: nothing varies after centring, the fit is the mean label; GCV is 0/0 (null)
        RidgeConfig m = new RidgeConfig("mnist", 784, List.of(1, 2, 3), List.of(0.0, 1.0), "mean", 1, 0.5, 1.0, 1.0, 0.9,
                "digit", 0, 5, false, 1);
        RidgeResult r = new RidgeLab().run(m, new RecordingContext(1, FixtureMnist.INSTANCE), 2);
        assertEquals(6, r.points().size());
        RidgePoint one = r.points().get(0);
        assertEquals(0.0, one.rank());
        assertEquals(0.0, one.solutionNorm());
        assertTrue(Double.isNaN(one.gcv()));
        for (RidgePoint pt : r.points()) assertTrue(Double.isFinite(pt.testRisk()), pt.toString());
        RidgeConfig s = new RidgeConfig("isotropic", 3, List.of(1, 2, 3, 4), List.of(0.0, 0.1), "mean", 2, 0.5, 1.0, 1.0,
                0.9, "digit", 0, 5, false, 1);
        RidgeResult rs = new RidgeLab().run(s, new RecordingContext(1, null), 2);
        for (RidgePoint pt : rs.points()) assertTrue(Double.isFinite(pt.testRisk()), pt.toString());
        assertTrue(rs.points().stream().anyMatch(pt -> pt.instances() == 3 && pt.lambda() == 0.0
                && pt.theoryRisk().isInfinite()), "ridgeless theory diverges at N = p");
        assertTrue(Json.write(rs).contains("\"theoryRisk\":null"), "∞ is written as null");
    }

    @Test
    void cancellationStopsTheRun() {
        RecordingContext ctx = new RecordingContext(1, null);
        ctx.cancel = true;
        assertThrows(CancelledException.class, () -> new RidgeLab().run(synthetic("isotropic", 1), ctx, 2));
        assertTrue(ctx.series("risk").isEmpty());
    }
}
