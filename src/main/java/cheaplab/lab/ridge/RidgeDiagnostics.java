package cheaplab.lab.ridge;

import java.util.List;

/**
 * Per-training-set diagnostics of the focus set (one thin SVD): the singular spectrum with the Marchenko–Pastur
 * density (isotropic data only, else empty), the L-curve with GCV and CV scores on a dense λ grid, the chosen λ
 * marks (corner, gcv, cv; a mark is absent when its criterion is undefined), the Picard plot and the
 * truncated-SVD solutions. Lists hold at most ~200 points each.
 *
 * @param instances the focus N: {@code focusInstances}, or the sweep value with |p/N − 1| smallest; the training
 *                  set is the sweep's own for that N (repeat 0)
 * @param features  p
 * @param rank      the numerical rank the other series are cut at
 */
public record RidgeDiagnostics(int instances, int features, int rank,
                               List<SpectrumPoint> spectrum, List<DensityPoint> mp,
                               List<LCurvePoint> lcurve, List<LCurveMark> marks,
                               List<PicardPoint> picard, List<TruncatedSvdPoint> tsvd) {
    public RidgeDiagnostics {
        spectrum = List.copyOf(spectrum);
        mp = List.copyOf(mp);
        lcurve = List.copyOf(lcurve);
        marks = List.copyOf(marks);
        picard = List.copyOf(picard);
        tsvd = List.copyOf(tsvd);
    }
}
