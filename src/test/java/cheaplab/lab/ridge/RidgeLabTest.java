package cheaplab.lab.ridge;

import cheaplab.core.Json;
import cheaplab.data.ImageSet;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab end to end: the result JSON and the streamed series carry the contract's names, the diagnostics are those
 * of the sweep's own focus training set (checked against independent normal-equation fits of that set), the L-curve
 * marks lie on the L-curve, and the classification reuses the sweep's decompositions faithfully.
 */
class RidgeLabTest {
    static final Map<String, List<String>> SERIES = Map.of(
            "spectrum", List.of("index", "sigma"),
            "mp", List.of("x", "density"),
            "lcurve", List.of("lambda", "residualNorm", "solutionNorm", "gcv", "cvError"),
            "lcurveMark", List.of("kind", "lambda", "residualNorm", "solutionNorm"),
            "picard", List.of("index", "sigma", "coefficient", "ratio"),
            "tsvd", List.of("k", "testRisk", "solutionNorm", "residualNorm"),
            "classify", List.of("instances", "ratio", "ridgeAccuracy", "logisticAccuracy", "ridgeTestMse", "logisticLogLoss"));

    static RidgeConfig isotropic(int focusInstances) {
        return new RidgeConfig("isotropic", 40, List.of(20, 30, 45, 80), List.of(1e-3, 0.5), "mean", 3, 0.5, 1.0, 1.0,
                0.9, "digit", focusInstances, 5, true, 3);
    }

    @Test
    void declaresMnistOnlyForAnMnistConfig() {
        assertEquals(List.of(), new RidgeLab().datasets(isotropic(0)));
        assertEquals(List.of(), new RidgeLab().datasets(RidgeConfig.defaults()));
        RidgeConfig mnist = new RidgeConfig("mnist", 784, List.of(20, 30, 45, 80), List.of(1e-3, 0.5), "mean", 3, 0.5, 1.0,
                1.0, 0.9, "digit", 0, 5, true, 3);
        assertEquals(List.of("mnist"), new RidgeLab().datasets(mnist));
    }

    @Test
    void resultJsonAndStreamedSeriesCarryTheContractsNames() throws Exception {
        RidgeConfig c = isotropic(0);
        RecordingContext ctx = new RecordingContext(c.seed(), null);
        RidgeResult r = new RidgeLab().run(c, ctx, 2);
        JsonNode tree = Json.MAPPER.readTree(Json.write(r));
        assertEquals(List.of("config", "points", "theory", "diagnostics", "classification", "tolerance", "versions"), names(tree));
        JsonNode d = tree.get("diagnostics");
        assertEquals(List.of("instances", "features", "rank", "spectrum", "mp", "lcurve", "marks", "picard", "tsvd"), names(d));
        for (String s : List.of("spectrum", "mp", "lcurve", "picard", "tsvd")) {
            assertTrue(d.get(s).size() > 0, s);
            for (JsonNode pt : d.get(s)) assertEquals(SERIES.get(s), names(pt), s);
            // streamed in full, with the same values, before the run ended
            List<Map<String, Object>> streamed = ctx.series(s);
            assertEquals(d.get(s).size(), streamed.size(), s);
            assertEquals(Json.MAPPER.readTree(Json.write(streamed)), d.get(s), s + ": streamed = stored");
        }
        for (JsonNode m : d.get("marks")) assertEquals(SERIES.get("lcurveMark"), names(m));
        assertEquals(Json.MAPPER.readTree(Json.write(ctx.series("lcurveMark"))), d.get("marks"));
        Set<String> kinds = new TreeSet<>();
        d.get("marks").forEach(m -> kinds.add(m.get("kind").asText()));
        assertTrue(kinds.containsAll(Set.of("gcv", "cv")), "marks " + kinds);

        JsonNode cl = tree.get("classification");
        assertEquals(c.sweep().length, cl.size());
        for (int i = 0; i < cl.size(); i++) {
            assertEquals(SERIES.get("classify"), names(cl.get(i)));
            assertEquals(c.sweep()[i], cl.get(i).get("instances").asInt());
            double acc = cl.get(i).get("ridgeAccuracy").asDouble();
            assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
        }
        assertEquals(Json.MAPPER.readTree(Json.write(ctx.series("classify"))), cl);

        assertEquals(Set.of(Thread.currentThread()), ctx.pointThreads, "every point is emitted from the run thread");
        // focus: the sweep value with |p/N − 1| smallest (N = 45 for p = 40), named in a log line
        assertEquals(45, r.diagnostics().instances());
        assertTrue(ctx.logs.stream().anyMatch(l -> l.contains("focus training set N = 45")), ctx.logs.toString());
        // progress: 4 sweep sets, the focus set, 4 classification sets; ends at 1
        assertEquals(9, ctx.progress.size());
        assertEquals(1.0, ctx.progress.get(8), 1e-15);
        for (int i = 1; i < 9; i++) assertTrue(ctx.progress.get(i) > ctx.progress.get(i - 1));
    }

    /**
     * The diagnostics are those of the sweep's training set for the focus N (repeat 0): every L-curve point and every
     * mark equals an independent normal-equations fit of that set; each mark lies on the curve (between the grid points
     * around its λ, residual rising and norm falling with λ); the GCV and CV marks sit at the minima of the curve's own
     * gcv and cvError columns; the last truncated-SVD point is the pseudo-inverse solution scored by the excess risk.
     */
    @Test
    void marksLieOnTheLCurveOfTheSweepsOwnFocusSet() {
        RidgeConfig c = isotropic(60); // a focus set outside the sweep: the same stream's first 60 rows
        RidgeResult r = new RidgeLab().run(c, new RecordingContext(c.seed(), null), 1);
        RidgeDiagnostics d = r.diagnostics();
        assertEquals(60, d.instances());
        TrainingSet set = TrainingSet.of(c, null, 0, 60);
        int n = set.n(), p = set.p();
        List<LCurvePoint> curve = d.lcurve();
        assertEquals(LCurve.DEFAULT_POINTS, curve.size());
        for (int i = 0; i < curve.size(); i += 7) {
            LCurvePoint pt = curve.get(i);
            double[] w = Dense.ridge(set.x(), set.y(), n, p, n * pt.lambda());
            assertEquals(Dense.norm(w), pt.solutionNorm(), 1e-8 * Dense.norm(w), "‖ŵ‖ at λ=" + pt.lambda());
            double res = Dense.norm(Dense.minus(set.y(), Dense.timesVector(set.x(), n, p, w)));
            assertEquals(res, pt.residualNorm(), 1e-8 * res, "‖r‖ at λ=" + pt.lambda());
        }
        assertEquals(Set.of("corner", "gcv", "cv"), new TreeSet<>(d.marks().stream().map(LCurveMark::kind).toList()));
        for (LCurveMark m : d.marks()) {
            double[] w = Dense.ridge(set.x(), set.y(), n, p, n * m.lambda());
            assertEquals(Dense.norm(w), m.solutionNorm(), 1e-8 * m.solutionNorm(), m.kind());
            assertEquals(Dense.norm(Dense.minus(set.y(), Dense.timesVector(set.x(), n, p, w))), m.residualNorm(),
                    1e-8 * m.residualNorm(), m.kind());
            int i = 0;
            while (i + 2 < curve.size() && curve.get(i + 1).lambda() < m.lambda()) i++;
            LCurvePoint lo = curve.get(i), hi = curve.get(i + 1);
            assertTrue(lo.lambda() <= m.lambda() && m.lambda() <= hi.lambda(), m.kind() + " inside the grid");
            assertTrue(lo.residualNorm() <= m.residualNorm() * (1 + 1e-12) && m.residualNorm() <= hi.residualNorm() * (1 + 1e-12),
                    m.kind() + " residual between its neighbours");
            assertTrue(lo.solutionNorm() * (1 + 1e-12) >= m.solutionNorm() && m.solutionNorm() >= hi.solutionNorm() * (1 - 1e-12),
                    m.kind() + " norm between its neighbours");
        }
        assertMarkAtColumnMinimum(d, "gcv", LCurvePoint::gcv);
        assertMarkAtColumnMinimum(d, "cv", LCurvePoint::cvError);
        TruncatedSvdPoint last = d.tsvd().get(d.tsvd().size() - 1);
        assertEquals(p, last.k());
        double[] ls = Dense.ridge(set.x(), set.y(), n, p, 0);
        double risk = Math.pow(Dense.norm(Dense.minus(ls, set.wStar())), 2);
        assertEquals(risk, last.testRisk(), 1e-8 * risk, "excess risk of the least-squares solution");
        assertEquals(d.rank(), d.picard().size());
    }

    private static void assertMarkAtColumnMinimum(RidgeDiagnostics d, String kind, java.util.function.ToDoubleFunction<LCurvePoint> column) {
        LCurveMark m = d.marks().stream().filter(k -> k.kind().equals(kind)).findFirst().orElseThrow();
        List<LCurvePoint> curve = d.lcurve();
        int best = 0;
        for (int i = 1; i < curve.size(); i++) if (column.applyAsDouble(curve.get(i)) < column.applyAsDouble(curve.get(best))) best = i;
        double lo = curve.get(Math.max(0, best - 1)).lambda(), hi = curve.get(Math.min(curve.size() - 1, best + 1)).lambda();
        assertTrue(m.lambda() >= lo && m.lambda() <= hi, kind + " mark λ=" + m.lambda() + " outside [" + lo + ", " + hi + "]");
    }

    /**
     * MNIST (fixture): the classification's ridge classifiers come from the sweep's own decompositions (an extra
     * target column for target {@code digit}); they must equal a fresh SVD fit of the same training set, and the
     * logistic side is the same fit; the diagnostics' risk is the test MSE with the fitted intercept.
     */
    @Test
    void mnistClassificationAndDiagnosticsMatchFreshFitsOfTheSameSets() {
        for (String target : List.of("digit", "digit-3")) {
            for (int repeats : new int[] {1, 2}) {
                RidgeConfig c = new RidgeConfig("mnist", 784, List.of(50, 200, 600), List.of(1e-3, 10.0), "sum", repeats,
                        0.5, 1.0, 1.0, 0.9, target, 0, 5, true, 5);
                RidgeResult r = new RidgeLab().run(c, new RecordingContext(c.seed(), FixtureMnist.INSTANCE), 2);
                ImageSet test = FixtureMnist.INSTANCE.images("mnist").test();
                ClassificationSweep.TestSet t = ClassificationSweep.testSet(c, new RecordingContext(1, FixtureMnist.INSTANCE));
                assertEquals(test.count(), t.n());
                RidgeVsLogistic fresh = new RidgeVsLogistic(1e-3, "sum", new LogisticRegression());
                for (int i = 0; i < c.sweep().length; i++) {
                    int n = c.sweep()[i];
                    TrainingSet set = TrainingSet.of(c, FixtureMnist.INSTANCE, 0, n);
                    ClassificationPoint expected = fresh.evaluate(set.x(), ClassificationSweep.labels(c, set.y()), n, 784,
                            t.x(), t.labels(), t.n());
                    ClassificationPoint got = r.classification().get(i);
                    String what = target + " R=" + repeats + " N=" + n;
                    assertEquals(expected.ridgeTestMse(), got.ridgeTestMse(), 1e-8 * expected.ridgeTestMse(), what);
                    assertEquals(expected.ridgeAccuracy(), got.ridgeAccuracy(), 1.0 / t.n(), what);
                    assertEquals(expected.logisticAccuracy(), got.logisticAccuracy(), 0, what);
                    assertEquals(expected.logisticLogLoss(), got.logisticLogLoss(), 0, what);
                }
                // labels: digit k vs rest on the test images (digit 0 for target "digit")
                int k = target.equals("digit") ? 0 : 3, positives = 0;
                for (int i = 0; i < test.count(); i++) {
                    assertEquals(test.label(i) == k ? 1.0 : -1.0, t.labels()[i]);
                    if (test.label(i) == k) positives++;
                }
                assertTrue(positives > 20);
                RidgeDiagnostics d = r.diagnostics();
                assertEquals(600, d.instances(), "|784/600 − 1| is the smallest");
                assertTrue(d.mp().isEmpty(), "no Marchenko–Pastur law for pixels");
                assertFalse(d.tsvd().isEmpty());
                if (repeats == 1) {
                    // the diagnostics' risk function is the sweep's test MSE (intercept b = ȳ − x̄ᵀw of the focus set):
                    // an explicit centred fit of the first 600 images scored by it = the sweep's point for (600, λ)
                    ImageSet train = FixtureMnist.INSTANCE.images("mnist").train();
                    double[] fit = InterceptRidgeTest.explicit(train, null, MnistTargets.of(train, c.targetDigit()), 600, 1e-3);
                    double mse = FocusSet.of(c, FixtureMnist.INSTANCE, 600).risk().applyAsDouble(java.util.Arrays.copyOf(fit, 784));
                    RidgePoint sweep = r.points().stream().filter(pt -> pt.instances() == 600 && pt.lambda() == 1e-3).findFirst().orElseThrow();
                    assertEquals(sweep.testRisk(), mse, 1e-8 * mse, target + ": focus risk = sweep test MSE");
                    assertEquals(sweep.rank(), d.rank(), 0, "the focus set is the sweep's set: same numerical rank");
                }
            }
        }
    }

    @Test
    void anMnistFocusSetLargerThanTheTrainingImagesIsRejectedUpFront() {
        // the first 500 training images of the fixture; a focus set of 600 is within the SVD bound (DecompositionCost)
        cheaplab.data.ImageDataset full = FixtureMnist.INSTANCE.images("mnist");
        cheaplab.data.ImageSet t = full.train();
        int keep = 500;
        cheaplab.data.ImageSet small = new cheaplab.data.ImageSet(keep, t.rows(), t.cols(),
                java.util.Arrays.copyOf(t.pixels(), keep * t.rows() * t.cols()), java.util.Arrays.copyOf(t.labels(), keep));
        cheaplab.data.ImageDataset fewer = new cheaplab.data.ImageDataset("mnist", small, full.test());
        cheaplab.data.DataCatalog catalog = new cheaplab.data.DataCatalog() {
            @Override public List<String> ids() { return List.of("mnist"); }
            @Override public boolean isLocal(String id) { return true; }
            @Override public cheaplab.data.ImageDataset images(String id) { return fewer; }
        };
        RidgeConfig c = new RidgeConfig("mnist", 784, List.of(50), List.of(1.0), "sum", 1, 0.5, 1.0, 1.0, 0.9, "digit",
                600, 5, false, 1);
        RecordingContext ctx = new RecordingContext(1, catalog);
        cheaplab.core.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(cheaplab.core.ConfigException.class,
                () -> new RidgeLab().run(c, ctx, 1));
        assertEquals("focusInstances", e.field());
        assertTrue(ctx.points.isEmpty(), "nothing computed before the check");
    }

    private static List<String> names(JsonNode node) {
        List<String> s = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) s.add(it.next());
        return s;
    }
}
