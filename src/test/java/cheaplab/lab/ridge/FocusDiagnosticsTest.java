package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.core.Json;
import cheaplab.linalg.ThinSvd;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FocusDiagnosticsTest {

    /** Fields of every streamed series, as the ridge contract lists them. */
    private static final Map<String, Set<String>> CONTRACT = Map.of(
            "spectrum", Set.of("index", "sigma"),
            "mp", Set.of("x", "density"),
            "lcurve", Set.of("lambda", "residualNorm", "solutionNorm", "gcv", "cvError"),
            "lcurveMark", Set.of("kind", "lambda", "residualNorm", "solutionNorm"),
            "picard", Set.of("index", "sigma", "coefficient", "ratio"),
            "tsvd", Set.of("k", "testRisk", "solutionNorm", "residualNorm"));

    private record Run(RidgeDiagnostics result, Map<String, List<Map<String, ?>>> streamed, double[] x, double[] y, double[] wStar, ThinSvd svd) {}

    private static Run run(int n, int p, boolean isotropic, boolean intercept, int folds, String scaling, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = Dense.gaussian(rng, n, p), wStar = Dense.gaussian(rng, p, 1);
        double norm = Dense.norm(wStar);
        for (int j = 0; j < p; j++) wStar[j] /= norm;
        double[] y = Dense.timesVector(x, n, p, wStar);
        for (int i = 0; i < n; i++) y[i] += 0.5 * rng.nextGaussian();
        if (intercept) {
            x = GeneralizedCrossValidationTest.centredColumns(x, n, p);
            y = GeneralizedCrossValidationTest.centred(y);
        }
        ThinSvd svd = Lapack.thinSvd(n, p, x);
        Map<String, List<Map<String, ?>>> streamed = new LinkedHashMap<>();
        double[] xs = x.clone(), ys = y.clone();
        RidgeDiagnostics d = new FocusDiagnostics(scaling, intercept, isotropic, folds)
                .compute(x, y, n, p, svd, w -> Math.pow(Dense.norm(Dense.minus(w, wStar)), 2), new SplittableRandom(seed + 1),
                        (series, values) -> streamed.computeIfAbsent(series, k -> new ArrayList<>()).add(values));
        assertEquals(java.util.Arrays.toString(xs), java.util.Arrays.toString(x), "x not modified");
        assertEquals(java.util.Arrays.toString(ys), java.util.Arrays.toString(y), "y not modified");
        return new Run(d, streamed, x, y, wStar, svd);
    }

    @Test
    void streamsEveryContractSeriesWithExactlyItsFieldsAndReturnsTheSamePoints() {
        Run r = run(300, 200, true, false, 5, "mean", 3);
        RidgeDiagnostics d = r.result();
        assertEquals(CONTRACT.keySet(), r.streamed().keySet());
        r.streamed().forEach((series, points) -> {
            for (Map<String, ?> pt : points) assertEquals(CONTRACT.get(series), pt.keySet(), series);
        });
        assertEquals(List.of("spectrum", "mp", "picard", "lcurve", "lcurveMark", "tsvd"), new ArrayList<>(r.streamed().keySet()),
                "emission order: cheap series first, the risk-evaluating truncated SVD last");
        assertEquals(toFields(d.spectrum()), r.streamed().get("spectrum"));
        assertEquals(toFields(d.mp()), r.streamed().get("mp"));
        assertEquals(toFields(d.lcurve()), r.streamed().get("lcurve"));
        assertEquals(toFields(d.marks()), r.streamed().get("lcurveMark"));
        assertEquals(toFields(d.picard()), r.streamed().get("picard"));
        assertEquals(toFields(d.tsvd()), r.streamed().get("tsvd"));

        assertEquals(300, d.instances());
        assertEquals(200, d.features());
        assertEquals(200, d.rank());
        assertEquals(200, d.spectrum().size());
        assertEquals(FocusDiagnostics.MP_POINTS, d.mp().size());
        assertEquals(LCurve.DEFAULT_POINTS, d.lcurve().size());
        assertEquals(200, d.picard().size());
        assertEquals(200, d.tsvd().size());

        // Marks are consistent with the curve, and GCV/CV marks are their criteria's minima over the grid.
        SpectralRidge ridge = new SpectralRidge(r.svd(), r.y(), "mean");
        Set<String> kinds = new TreeSet<>();
        for (LCurveMark m : d.marks()) {
            kinds.add(m.kind());
            assertEquals(ridge.residualNorm(m.lambda()), m.residualNorm(), 1e-12 * m.residualNorm());
            assertEquals(ridge.solutionNorm(m.lambda()), m.solutionNorm(), 1e-12 * m.solutionNorm());
        }
        assertTrue(kinds.containsAll(Set.of("gcv", "cv")), "marks " + kinds);
        LCurveMark gcvMark = d.marks().stream().filter(m -> m.kind().equals("gcv")).findFirst().orElseThrow();
        GeneralizedCrossValidation gcv = new GeneralizedCrossValidation(ridge);
        for (LCurvePoint pt : d.lcurve()) {
            assertEquals(gcv.score(pt.lambda()), pt.gcv(), 1e-12 * pt.gcv());
            assertTrue(gcv.score(gcvMark.lambda()) <= pt.gcv() * (1 + 1e-12));
            assertTrue(Double.isFinite(pt.cvError()));
        }
        // The last truncated-SVD point is the least-squares solution; its risk is ‖ŵ − w*‖².
        TruncatedSvdPoint last = d.tsvd().get(d.tsvd().size() - 1);
        assertEquals(200, last.k());
        double risk = Math.pow(Dense.norm(Dense.minus(ridge.solution(0), r.wStar())), 2);
        assertEquals(risk, last.testRisk(), 1e-10 * risk);
        // The spectrum is the SVD's.
        for (SpectrumPoint s : d.spectrum()) assertEquals(r.svd().s()[s.index() - 1], s.sigma(), 0);
    }

    @Test
    void serialisesToJsonWithTheRecordComponentNames() throws Exception {
        RidgeDiagnostics d = run(60, 30, true, false, 5, "sum", 4).result();
        JsonNode tree = Json.MAPPER.readTree(Json.write(d));
        assertEquals(Set.of("instances", "features", "rank", "spectrum", "mp", "lcurve", "marks", "picard", "tsvd"), names(tree));
        assertEquals(CONTRACT.get("spectrum"), names(tree.get("spectrum").get(0)));
        assertEquals(CONTRACT.get("mp"), names(tree.get("mp").get(0)));
        assertEquals(CONTRACT.get("lcurve"), names(tree.get("lcurve").get(0)));
        assertEquals(CONTRACT.get("lcurveMark"), names(tree.get("marks").get(0)));
        assertEquals(CONTRACT.get("picard"), names(tree.get("picard").get(0)));
        assertEquals(CONTRACT.get("tsvd"), names(tree.get("tsvd").get(0)));
        assertEquals(d.lcurve().get(7).gcv(), tree.get("lcurve").get(7).get("gcv").asDouble(), 0);
    }

    @Test
    void largeRankIsThinnedToChartSizeKeepingBothEnds() {
        Run r = run(600, 450, false, false, 3, "mean", 5);
        RidgeDiagnostics d = r.result();
        assertTrue(d.mp().isEmpty() && !r.streamed().containsKey("mp"), "no MP density for non-isotropic data");
        for (List<? extends SeriesPoint> series : List.of(d.spectrum(), d.picard(), d.tsvd())) assertEquals(FocusDiagnostics.MAX_POINTS, series.size());
        assertEquals(1, d.spectrum().get(0).index());
        assertEquals(450, d.spectrum().get(199).index());
        assertEquals(450, d.picard().get(199).index());
        assertEquals(1, d.tsvd().get(0).k());
        assertEquals(450, d.tsvd().get(199).k());
    }

    @Test
    void tinyTrainingSetHasNoCvMarkAndWritesCvErrorAsNull() throws Exception {
        Run r = run(3, 10, true, false, 5, "mean", 6);
        RidgeDiagnostics d = r.result();
        assertFalse(d.marks().stream().anyMatch(m -> m.kind().equals("cv")));
        for (LCurvePoint pt : d.lcurve()) assertTrue(Double.isNaN(pt.cvError()));
        JsonNode tree = Json.MAPPER.readTree(Json.write(d));
        assertTrue(tree.get("lcurve").get(0).get("cvError").isNull());
        assertEquals(3, d.rank());
    }

    @Test
    void interceptMakesGcvCountOneMoreDegreeOfFreedom() {
        Run r = run(80, 20, false, true, 4, "mean", 7);
        GeneralizedCrossValidation withIntercept = new GeneralizedCrossValidation(new SpectralRidge(r.svd(), r.y(), "mean", true));
        for (LCurvePoint pt : r.result().lcurve()) assertEquals(withIntercept.score(pt.lambda()), pt.gcv(), 1e-12 * pt.gcv());
    }

    @Test
    void zeroDesignGivesEmptyCurvesInsteadOfFailing() {
        int n = 20, p = 5;
        double[] x = new double[n * p], y = Dense.gaussian(new SplittableRandom(8), n, 1);
        List<String> series = new ArrayList<>();
        RidgeDiagnostics d = new FocusDiagnostics("mean", false, false, 5)
                .compute(x, y, n, p, Lapack.thinSvd(n, p, x), w -> 0, new SplittableRandom(9), (s, v) -> series.add(s));
        assertEquals(0, d.rank());
        assertEquals(5, d.spectrum().size());
        assertTrue(d.lcurve().isEmpty() && d.marks().isEmpty() && d.picard().isEmpty() && d.tsvd().isEmpty());
        assertEquals(List.of("spectrum", "spectrum", "spectrum", "spectrum", "spectrum"), series);
    }

    private static List<Map<String, Object>> toFields(List<? extends SeriesPoint> points) {
        return points.stream().map(SeriesPoint::values).toList();
    }

    private static Set<String> names(JsonNode node) {
        Set<String> s = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) s.add(it.next());
        return s;
    }
}
