package cheaplab.lab.ridge;

import java.util.List;
import java.util.Map;

/**
 * Result of a Regularization-lab run. No wall-clock fields: the same config gives the same JSON.
 *
 * @param config    the validated config (seed included)
 * @param points    one per (N_i, λ), in sweep order (instances as configured, then lambdas as configured)
 * @param theory    dense asymptotic curves (isotropic data; empty otherwise)
 * @param tolerance how singular values are cut off
 * @param versions  code and engine versions
 */
public record RidgeResult(RidgeConfig config, List<RidgePoint> points, List<TheoryPoint> theory, String tolerance,
                          Map<String, String> versions) {
    public RidgeResult {
        points = List.copyOf(points);
        theory = List.copyOf(theory);
        versions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(versions)); // keeps key order
    }
}
