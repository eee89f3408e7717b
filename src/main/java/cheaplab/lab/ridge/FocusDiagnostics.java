package cheaplab.lab.ridge;

import cheaplab.linalg.ThinSvd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;

/**
 * The per-training-set diagnostics of the Regularization lab, computed on the focus training set from the
 * engine's thin SVD of it, streamed point by point and returned as a {@link RidgeDiagnostics}.
 *
 * <p>Series (names and fields as in the ridge contract), in the order emitted:
 * <ul>
 *   <li>{@code spectrum}: {@code index, sigma} — all min(n, p) singular values, thinned evenly in log(index) to
 *       at most {@value #MAX_POINTS} (first and last kept);</li>
 *   <li>{@code mp} (isotropic data only): {@code x, density} — Marchenko–Pastur density of the nonzero singular
 *       values of an n × p matrix with N(0, 1) entries, unit area like a histogram of {@code spectrum};</li>
 *   <li>{@code picard}: {@code index, sigma, coefficient, ratio} for i ≤ rank, thinned like the spectrum;</li>
 *   <li>{@code lcurve}: {@code lambda, residualNorm, solutionNorm, gcv, cvError} on {@value LCurve#DEFAULT_POINTS}
 *       log-spaced λ spanning the spectrum ({@link LCurve#grid});</li>
 *   <li>{@code lcurveMark}: {@code kind} ("corner", "gcv", "cv"), {@code lambda, residualNorm, solutionNorm};
 *       a kind is left out when undefined (no convex corner; too few instances for k folds);</li>
 *   <li>{@code tsvd}: {@code k, testRisk, solutionNorm, residualNorm}, k thinned like the spectrum up to the rank
 *       (the risk function is called once per point).</li>
 * </ul>
 * λ values are in the run's scaling ("mean" or "sum", see {@link SpectralRidge}).
 */
public final class FocusDiagnostics {
    public static final int MAX_POINTS = 200;
    public static final int MP_POINTS = 100;

    public static final String SPECTRUM = "spectrum";
    public static final String MP = "mp";
    public static final String LCURVE = "lcurve";
    public static final String LCURVE_MARK = "lcurveMark";
    public static final String PICARD = "picard";
    public static final String TSVD = "tsvd";

    private final String lambdaScaling;
    private final boolean intercept;
    private final boolean isotropic;
    private final int cvFolds;

    /**
     * @param lambdaScaling "mean" or "sum"
     * @param intercept     the focus set was centred for a fitted intercept (GCV counts it as one more degree of
     *                      freedom; CV refits it on every training fold)
     * @param isotropic     emit the Marchenko–Pastur density (raw design with iid N(0, 1) entries)
     * @param cvFolds       k of k-fold cross-validation, ≥ 2
     */
    public FocusDiagnostics(String lambdaScaling, boolean intercept, boolean isotropic, int cvFolds) {
        this.lambdaScaling = LambdaScaling.of(lambdaScaling).key();
        if (cvFolds < 2) throw new IllegalArgumentException("cvFolds must be at least 2, was " + cvFolds);
        this.intercept = intercept;
        this.isotropic = isotropic;
        this.cvFolds = cvFolds;
    }

    /**
     * @param x        row-major n × p focus design (centred if an intercept is fitted); not modified
     * @param y        its targets (centred likewise); not modified
     * @param svd      thin SVD of {@code x} (with U)
     * @param testRisk risk of a weight vector (excess risk for synthetic data, test MSE for MNIST)
     * @param rng      randomness for the CV folds
     * @param sink     receives every point as (series, fields), e.g. {@code RunContext::point}
     */
    public RidgeDiagnostics compute(double[] x, double[] y, int n, int p, ThinSvd svd, ToDoubleFunction<double[]> testRisk,
                                    SplittableRandom rng, BiConsumer<String, Map<String, ?>> sink) {
        if (svd.m() != n || svd.n() != p) throw new IllegalArgumentException("the SVD is of a " + svd.m() + "×" + svd.n() + " matrix, not " + n + "×" + p);
        if (x.length != (long) n * p) throw new IllegalArgumentException("x is not " + n + "×" + p);
        SpectralRidge ridge = new SpectralRidge(svd, y, lambdaScaling, intercept);
        int rank = ridge.rank();

        List<SpectrumPoint> spectrum = new ArrayList<>();
        for (int i : LogSpacedIndices.of(svd.k(), MAX_POINTS)) {
            SpectrumPoint pt = new SpectrumPoint(i, svd.s()[i - 1]);
            spectrum.add(pt);
            sink.accept(SPECTRUM, pt.values());
        }

        List<DensityPoint> mp = new ArrayList<>();
        if (isotropic) {
            for (DensityPoint pt : new MarchenkoPastur(n, p).points(MP_POINTS)) {
                mp.add(pt);
                sink.accept(MP, pt.values());
            }
        }

        List<PicardPoint> picard = PicardCoefficients.of(ridge, LogSpacedIndices.of(rank, MAX_POINTS));
        for (PicardPoint pt : picard) sink.accept(PICARD, pt.values());

        LCurve lcurve = new LCurve(ridge);
        GeneralizedCrossValidation gcv = new GeneralizedCrossValidation(ridge);
        double[] grid = LCurve.grid(ridge, LCurve.DEFAULT_POINTS);
        CrossValidation cv = CrossValidation.feasible(n, cvFolds) && grid.length > 0
                ? new CrossValidation(x, y, n, p, intercept, lambdaScaling, cvFolds, rng) : null;
        double[] gcvScores = gcv.scores(grid);
        double[] cvErrors = cv == null ? null : cv.errors(grid);
        List<LCurvePoint> points = new ArrayList<>(grid.length);
        for (int i = 0; i < grid.length; i++) {
            LCurvePoint pt = new LCurvePoint(grid[i], ridge.residualNorm(grid[i]), ridge.solutionNorm(grid[i]),
                    gcvScores[i], cvErrors == null ? Double.NaN : cvErrors[i]);
            points.add(pt);
            sink.accept(LCURVE, pt.values());
        }

        List<LCurveMark> marks = new ArrayList<>(3);
        if (grid.length > 0) {
            OptionalDouble corner = lcurve.corner(grid);
            if (corner.isPresent()) marks.add(mark(LCurveMark.CORNER, corner.getAsDouble(), ridge));
            double g = GoldenSection.refineOnLogGrid(gcv::score, grid, gcvScores);
            if (!Double.isNaN(g)) marks.add(mark(LCurveMark.GCV, g, ridge));
            if (cv != null) {
                double c = GoldenSection.refineOnLogGrid(cv::error, grid, cvErrors);
                if (!Double.isNaN(c)) marks.add(mark(LCurveMark.CV, c, ridge));
            }
        }
        for (LCurveMark m : marks) sink.accept(LCURVE_MARK, m.values());

        // Streamed one k at a time: each risk may cost a pass over a large test set.
        List<TruncatedSvdPoint> tsvd = new TruncatedSvd(ridge).points(LogSpacedIndices.of(rank, MAX_POINTS), testRisk,
                pt -> sink.accept(TSVD, pt.values()));

        return new RidgeDiagnostics(n, p, rank, spectrum, mp, points, marks, picard, tsvd);
    }

    private static LCurveMark mark(String kind, double lambda, SpectralRidge ridge) {
        return new LCurveMark(kind, lambda, ridge.residualNorm(lambda), ridge.solutionNorm(lambda));
    }
}
