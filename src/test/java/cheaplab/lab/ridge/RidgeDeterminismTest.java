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

/**
 * Same config → byte-identical result JSON (sweep, diagnostics and classification), whatever the number of compute
 * threads; another seed → other numbers.
 */
class RidgeDeterminismTest {

    static RidgeConfig synthetic(String dataset, long seed) {
        return new RidgeConfig(dataset, 40, List.of(20, 35, 40, 45, 80), List.of(0.0, 1e-3, 0.5), "mean", 4, 0.5, 1.0,
                1.5, 0.8, "digit", 0, 5, true, seed);
    }

    static RidgeConfig mnist(int repeats, long seed) {
        return new RidgeConfig("mnist", 784, List.of(60, 300, 700, 1000), List.of(1e-3, 1.0), "sum", repeats, 0.5, 1.0,
                1.0, 0.9, "digit-3", 0, 5, true, seed);
    }

    static RidgeResult result(RidgeConfig c, int workers) {
        return new RidgeLab().run(c, new RecordingContext(c.seed(), FixtureMnist.INSTANCE), workers);
    }

    static String run(RidgeConfig c, int workers) {
        return Json.write(result(c, workers));
    }

    /**
     * Another seed draws other training sets, so every test risk it reports must differ, point by point, and so must
     * the focus set's spectrum and the classification scores. Numbers are compared, not JSON: the result embeds its
     * config, whose seed alone would make the JSON differ whatever was computed. {@code drawn} says which N_i the
     * seed draws (mnist: not a subset of the whole fixture, which is every image whatever the order).
     */
    static void otherNumbers(RidgeResult a, RidgeResult b, java.util.function.IntPredicate drawn, String what) {
        assertTrue(a.config().seed() != b.config().seed(), what);
        assertEquals(a.points().size(), b.points().size(), what);
        int compared = 0;
        for (int i = 0; i < a.points().size(); i++) {
            RidgePoint p = a.points().get(i), q = b.points().get(i);
            assertEquals(p.instances(), q.instances(), what);
            assertEquals(p.lambda(), q.lambda(), what);
            if (!drawn.test(p.instances())) continue;
            compared++;
            assertNotEquals(p.testRisk(), q.testRisk(), what + ": test risk at N=" + p.instances() + ", λ=" + p.lambda());
            assertNotEquals(p.solutionNorm(), q.solutionNorm(), what + ": ‖w‖ at N=" + p.instances() + ", λ=" + p.lambda());
        }
        assertTrue(compared > 0, what + ": no point depends on the seed");
        if (drawn.test(a.diagnostics().instances()))
            assertNotEquals(a.diagnostics().spectrum().get(0).sigma(), b.diagnostics().spectrum().get(0).sigma(),
                    what + ": largest singular value of the focus set");
        for (int i = 0; i < a.classification().size(); i++)
            if (drawn.test(a.classification().get(i).instances()))
                assertNotEquals(a.classification().get(i).ridgeTestMse(), b.classification().get(i).ridgeTestMse(),
                        what + ": ridge classifier test MSE at N=" + a.classification().get(i).instances());
    }

    @Test
    void syntheticRunsAreReproducible() {
        for (String dataset : List.of("isotropic", "spectrum", "correlated")) {
            RidgeResult a = result(synthetic(dataset, 7), 1);
            assertEquals(Json.write(a), run(synthetic(dataset, 7), 3), dataset + ": identical JSON with 1 and 3 compute threads");
            otherNumbers(a, result(synthetic(dataset, 8), 2), n -> true, dataset + ": another seed gives other numbers");
        }
    }

    @Test
    void mnistRunsAreReproducible() {
        String first = run(mnist(1, 7), 1);
        assertEquals(first, run(mnist(1, 7), 3), "first-N images, 1 vs 3 threads");
        RidgeResult a = result(mnist(2, 7), 2);
        assertEquals(Json.write(a), run(mnist(2, 7), 1), "random subsets, 2 vs 1 threads");
        int all = FixtureMnist.INSTANCE.images("mnist").train().count();
        otherNumbers(a, result(mnist(2, 8), 2), n -> n < all, "another seed draws other subsets");
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
        // three sweep sets and the focus set (classify off): a quarter each, in order
        assertEquals(List.of(0.25, 0.5, 0.75, 1.0), ctx.progress);
        assertTrue(r.theory().isEmpty(), "theory curves are for isotropic data only");
        assertTrue(r.points().get(0).theoryRisk() == null, "AR(1)-correlated rows: no HMRT value");
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
