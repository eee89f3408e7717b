package cheaplab.lab.ridge;

/** x ~ N(0, I_p), y = xᵀw* + ε, ε ~ N(0, σ²) independent: the setting of the Hastie et al. closed forms. */
public final class IsotropicGaussian extends GaussianLinearModel {
    public IsotropicGaussian(int features, double noise, double signal, long seed) {
        super("isotropic", features, noise, signal, seed, null);
    }
}
