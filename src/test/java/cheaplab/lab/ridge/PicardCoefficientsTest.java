package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PicardCoefficientsTest {

    /**
     * Discrete Picard condition on Hansen's gravity problem (smooth solution, smoothing kernel) with white noise of
     * standard deviation η: while sᵢ ≫ η the coefficients |uᵢᵀy| = sᵢ|vᵢᵀw*| decay faster than sᵢ (slope of
     * log|uᵢᵀy| against log sᵢ above 1), below the noise they level off at |N(0, η²)| (median 0.674η), and the
     * ratios |uᵢᵀy|/sᵢ, small and decreasing at first, grow like η/sᵢ there.
     */
    @Test
    void coefficientsDecayFasterThanTheSingularValuesUntilTheNoiseFloor() {
        int n = 200, p = 100, seeds = 5;
        double[] x = Dense.gravity(n, p, 0.25), clean = Dense.timesVector(x, n, p, Dense.gravitySolution(p));
        ThinSvd svd = Lapack.thinSvd(n, p, x);
        double eta = 1e-4;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0;
        double[] floor = new double[seeds * p];
        int f = 0;
        for (int seed = 0; seed < seeds; seed++) {
            SplittableRandom rng = new SplittableRandom(61 + seed);
            double[] y = clean.clone();
            for (int i = 0; i < n; i++) y[i] += eta * rng.nextGaussian();
            SpectralRidge ridge = new SpectralRidge(svd, y, "sum");
            List<PicardPoint> points = PicardCoefficients.all(ridge);
            assertEquals(ridge.rank(), points.size());
            for (PicardPoint pt : points) {
                assertEquals(pt.coefficient() / pt.sigma(), pt.ratio(), 1e-15 * pt.ratio());
                if (pt.sigma() > 100 * eta) {          // signal regime: least-squares slope of log|c| on log s
                    double lx = Math.log(pt.sigma()), ly = Math.log(pt.coefficient());
                    sx += lx; sy += ly; sxx += lx * lx; sxy += lx * ly; m++;
                } else if (pt.sigma() < eta / 100) {   // noise regime
                    floor[f++] = pt.coefficient();
                }
            }
            // Ratios: the smallest lies before the floor; the last ones are noise amplified by 1/σ.
            PicardPoint min = points.stream().min((a, b) -> Double.compare(a.ratio(), b.ratio())).orElseThrow();
            assertTrue(min.sigma() > eta, "smallest ratio before the floor, at σ = " + min.sigma());
            assertTrue(points.get(points.size() - 1).ratio() > 1e3 * min.ratio());
        }
        double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        double[] tail = Arrays.copyOf(floor, f);
        Arrays.sort(tail);
        double medianOverEta = tail[f / 2] / eta;
        System.out.printf("Picard: slope of log|uᵀy| vs log σ above the noise = %.2f over %d terms; median |uᵀy|/η below it = %.3f over %d terms%n",
                slope, m, medianOverEta, f);
        assertTrue(m >= 50 && f >= 50, "both regimes populated: " + m + ", " + f);
        assertTrue(slope > 1.2, "coefficients decay faster than σ: slope " + slope);
        assertTrue(medianOverEta > 0.55 && medianOverEta < 0.8, "noise floor at median |N(0, η²)| = 0.674η: " + medianOverEta);
    }

    @Test
    void indicesAreOneBasedAndCheckedAgainstTheRank() {
        SplittableRandom rng = new SplittableRandom(62);
        double[] x = Dense.gaussian(rng, 10, 4), y = Dense.gaussian(rng, 10, 1);
        SpectralRidge ridge = new SpectralRidge(Lapack.thinSvd(10, 4, x), y, "mean");
        List<PicardPoint> pts = PicardCoefficients.of(ridge, new int[] {1, 4});
        assertEquals(ridge.singularValue(0), pts.get(0).sigma());
        assertEquals(Math.abs(ridge.coefficient(3)), pts.get(1).coefficient());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> PicardCoefficients.of(ridge, new int[] {0}));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> PicardCoefficients.of(ridge, new int[] {5}));
    }
}
