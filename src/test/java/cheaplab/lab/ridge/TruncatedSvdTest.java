package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruncatedSvdTest {
    private static final int N = 40, P = 15;

    @Test
    void eachTruncationIsTheLeastSquaresFitOverTheLeadingRightSingularVectors() {
        SplittableRandom rng = new SplittableRandom(51);
        double[] x = Dense.gaussian(rng, N, P), y = Dense.gaussian(rng, N, 1);
        ThinSvd svd = Lapack.thinSvd(N, P, x);
        TruncatedSvd tsvd = new TruncatedSvd(new SpectralRidge(svd, y, "mean"));
        assertEquals(P, tsvd.maxK());
        for (int k = 1; k <= P; k++) {
            // min ‖y − X V_k z‖ by the normal equations of the reduced design X V_k, then w = V_k z.
            double[] vk = new double[P * k];
            for (int j = 0; j < P; j++) for (int i = 0; i < k; i++) vk[j * k + i] = svd.vt(i, j);
            double[] a = Dense.times(x, N, P, vk, k), at = Dense.transpose(a, N, k);
            double[] z = Dense.solve(Dense.times(at, k, N, a, k), Dense.timesVector(at, k, N, y), k);
            double[] expected = Dense.timesVector(vk, P, k, z);
            double[] w = tsvd.solution(k);
            assertArrayEquals(expected, w, 1e-10 * Dense.norm(expected), "k=" + k);
            assertEquals(Dense.norm(w), tsvd.solutionNorm(k), 1e-12 * Dense.norm(w));
            double residual = Dense.norm(Dense.minus(y, Dense.timesVector(x, N, P, w)));
            assertEquals(residual, tsvd.residualNorm(k), 1e-10 * residual);
        }
        // All terms: the least-squares solution.
        assertArrayEquals(Dense.ridge(x, y, N, P, 0), tsvd.solution(P), 1e-10 * Dense.norm(tsvd.solution(P)));
        assertEquals(Dense.norm(y), tsvd.residualNorm(0), 1e-12 * Dense.norm(y));
    }

    @Test
    void pointsAgreeWithSingleTruncationsAndPassTheSolutionToTheRiskFunction() {
        SplittableRandom rng = new SplittableRandom(52);
        double[] x = Dense.gaussian(rng, N, P), wStar = Dense.gaussian(rng, P, 1), y = Dense.timesVector(x, N, P, wStar);
        for (int i = 0; i < N; i++) y[i] += rng.nextGaussian();
        TruncatedSvd tsvd = new TruncatedSvd(new SpectralRidge(Lapack.thinSvd(N, P, x), y, "sum"));
        int[] ks = {1, 2, 3, 5, 8, 13, 15};
        List<Integer> streamed = new ArrayList<>();
        List<TruncatedSvdPoint> points = tsvd.points(ks, w -> Math.pow(Dense.norm(Dense.minus(w, wStar)), 2), pt -> streamed.add(pt.k()));
        assertEquals(List.of(1, 2, 3, 5, 8, 13, 15), streamed);
        double previousNorm = -1, previousResidual = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ks.length; i++) {
            TruncatedSvdPoint pt = points.get(i);
            int k = ks[i];
            assertEquals(k, pt.k());
            assertEquals(tsvd.solutionNorm(k), pt.solutionNorm(), 1e-12 * pt.solutionNorm());
            assertEquals(tsvd.residualNorm(k), pt.residualNorm(), 1e-12 * pt.residualNorm());
            double risk = Math.pow(Dense.norm(Dense.minus(tsvd.solution(k), wStar)), 2);
            assertEquals(risk, pt.testRisk(), 1e-12 * risk);
            assertTrue(pt.solutionNorm() >= previousNorm && pt.residualNorm() <= previousResidual, "monotone in k");
            previousNorm = pt.solutionNorm();
            previousResidual = pt.residualNorm();
        }
        assertThrows(IllegalArgumentException.class, () -> tsvd.points(new int[] {3, 2}, w -> 0));
        assertThrows(IllegalArgumentException.class, () -> tsvd.points(new int[] {P + 1}, w -> 0));
    }
}
