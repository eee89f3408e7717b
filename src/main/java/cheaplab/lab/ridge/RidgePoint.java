package cheaplab.lab.ridge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One (N_i, λ) point of the sweep, aggregated over the repeats; streamed as series {@code risk} and stored in
 * {@link RidgeResult#points()}. Non-finite values are written as JSON null.
 *
 * @param features     p
 * @param instances    N_i
 * @param ratio        p / N_i
 * @param lambda       the configured λ (in the config's {@code lambdaScaling})
 * @param testRisk     mean over repeats: excess risk ‖ŵ − w*‖² (isotropic, correlated), Σ-weighted excess risk
 *                     (ŵ − w*)ᵀΣ(ŵ − w*) (spectrum), or test MSE on the held-out images (mnist)
 * @param testRiskSem  standard error of that mean (sample sd / √R); null (NaN) when R = 1
 * @param bias2        synthetic: mean over repeats of the analytic squared bias for that training design,
 *                     E_noise over ŵ (‖(I − V F Vᵀ) w*‖², Σ-weighted for spectrum); mnist: squared error of
 *                     the repeat-averaged predictor on the test images (with R = 1: equal to testRisk)
 * @param variance     synthetic: mean of the analytic noise variance σ² Σ f_i² q_i / s_i² (q_i = 1, u_iᵀKu_i for
 *                     AR(1) noise, v_iᵀΣv_i for spectrum); mnist: mean squared spread of the per-repeat test
 *                     predictions around their average (0 with R = 1), so bias2 + variance = testRisk exactly
 * @param solutionNorm mean ‖ŵ‖ (intercept excluded)
 * @param solutionNormSem standard error of that mean; null when R = 1
 * @param residualNorm mean training residual ‖y − Xŵ − b‖
 * @param gcv          mean generalised cross-validation score (‖residual‖²/n) / (1 − df/n)², df = Σ f_i
 *                     (+1 for the intercept); null where df = n (interpolation)
 * @param theoryRisk   the asymptotic risk (Hastie, Montanari, Rosset &amp; Tibshirani) where one exists, else null
 * @param rank         mean numerical rank of the (centred, for mnist) training design
 */
public record RidgePoint(int features, int instances, double ratio, double lambda, double testRisk,
                         double testRiskSem, double bias2, double variance, double solutionNorm,
                         double solutionNormSem, double residualNorm, double gcv, Double theoryRisk, double rank) {

    /** The point as the flat JSON object of the {@code risk} series. */
    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("features", features);
        v.put("instances", instances);
        v.put("ratio", ratio);
        v.put("lambda", lambda);
        v.put("testRisk", testRisk);
        v.put("testRiskSem", testRiskSem);
        v.put("bias2", bias2);
        v.put("variance", variance);
        v.put("solutionNorm", solutionNorm);
        v.put("solutionNormSem", solutionNormSem);
        v.put("residualNorm", residualNorm);
        v.put("gcv", gcv);
        v.put("theoryRisk", theoryRisk);
        v.put("rank", rank);
        return v;
    }
}
