package cheaplab.lab.ridge;

import java.util.ArrayList;
import java.util.List;

/**
 * The discrete Picard plot of one training set: sᵢ, |uᵢᵀy| and |uᵢᵀy|/sᵢ for i = 1 … r (r the numerical rank).
 * The least-squares solution is Σ (uᵢᵀy/sᵢ) vᵢ; it is meaningful when |uᵢᵀy| decays faster than sᵢ (the discrete
 * Picard condition). Noise e with covariance η²I adds uᵢᵀe ~ N(0, η²) to every coefficient, so past the index
 * where sᵢ|vᵢᵀw*| falls below η the coefficients level off at the noise floor η and the ratios grow like η/sᵢ:
 * those are the terms regularisation must damp.
 */
public final class PicardCoefficients {
    private PicardCoefficients() {}

    /** Points at the given 1-based indices (each in 1 … rank). */
    public static List<PicardPoint> of(SpectralRidge ridge, int[] indices) {
        List<PicardPoint> out = new ArrayList<>(indices.length);
        for (int index : indices) {
            if (index < 1 || index > ridge.rank())
                throw new IllegalArgumentException("index must be in 1.." + ridge.rank() + ", was " + index);
            double s = ridge.singularValue(index - 1), c = Math.abs(ridge.coefficient(index - 1));
            out.add(new PicardPoint(index, s, c, c / s));
        }
        return out;
    }

    /** Every point, i = 1 … rank. */
    public static List<PicardPoint> all(SpectralRidge ridge) {
        int[] all = new int[ridge.rank()];
        for (int i = 0; i < all.length; i++) all[i] = i + 1;
        return of(ridge, all);
    }
}
