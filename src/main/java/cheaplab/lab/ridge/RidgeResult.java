package cheaplab.lab.ridge;

import java.util.List;
import java.util.Map;

/**
 * Result of a Regularization-lab run. No wall-clock fields: the same config gives the same JSON.
 *
 * @param config         the validated config (seed included)
 * @param points         one per (N_i, λ), in sweep order (instances ascending, then lambdas as configured): the
 *                       {@code risk} series
 * @param theory         dense asymptotic curves (isotropic data; empty otherwise): the {@code theory} series
 * @param diagnostics    the focus training set's spectrum, Marchenko–Pastur density, L-curve with its corner,
 *                       GCV and CV marks, Picard plot and truncated-SVD solutions (the {@code spectrum, mp,
 *                       lcurve, lcurveMark, picard, tsvd} series)
 * @param classification ridge classifier vs logistic regression per N_i (the {@code classify} series); empty
 *                       when {@code classify} is off
 * @param tolerance      how singular values are cut off
 * @param versions       code and engine versions
 */
public record RidgeResult(RidgeConfig config, List<RidgePoint> points, List<TheoryPoint> theory,
                          RidgeDiagnostics diagnostics, List<ClassificationPoint> classification, String tolerance,
                          Map<String, String> versions) {
    public RidgeResult {
        points = List.copyOf(points);
        theory = List.copyOf(theory);
        classification = List.copyOf(classification);
        versions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(versions)); // keeps key order
    }
}
