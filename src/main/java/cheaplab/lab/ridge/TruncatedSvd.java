package cheaplab.lab.ridge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Truncated-SVD (spectral cut-off) solutions of one training set: keeping the k largest singular values,
 * <pre>
 *   ŵ_k = Σ_{i≤k} (βᵢ/sᵢ) vᵢ,   ‖ŵ_k‖² = Σ_{i≤k} (βᵢ/sᵢ)²,   ‖y − Xŵ_k‖² = ρ₀² + Σ_{k<i≤r} βᵢ²
 * </pre>
 * with β = Uᵀy, r the numerical rank and ρ₀² the part of y outside range(X) (see {@link SpectralRidge}).
 * k = r is the pseudo-inverse solution. ‖ŵ_k‖ never decreases and the residual never increases with k.
 */
public final class TruncatedSvd {
    private final SpectralRidge ridge;

    public TruncatedSvd(SpectralRidge ridge) {
        this.ridge = ridge;
    }

    /** The largest admissible k: the numerical rank. */
    public int maxK() { return ridge.rank(); }

    public double solutionNorm(int k) {
        check(k);
        double acc = 0;
        for (int i = 0; i < k; i++) {
            double t = ridge.coefficient(i) / ridge.singularValue(i);
            acc += t * t;
        }
        return Math.sqrt(acc);
    }

    public double residualNorm(int k) {
        check(k);
        double acc = ridge.outsideResidualSquared();
        for (int i = k; i < ridge.rank(); i++) acc += ridge.coefficient(i) * ridge.coefficient(i);
        return Math.sqrt(acc);
    }

    public double[] solution(int k) {
        check(k);
        int p = ridge.features();
        double[] w = new double[p];
        for (int i = 0; i < k; i++) addTerm(w, i);
        return w;
    }

    /**
     * Points for ascending {@code ks} (each in 0 … rank): the solution is built up term by term, so the whole
     * list costs O(r·p) plus one {@code testRisk} call per k. The vector passed to {@code testRisk} is a fresh
     * copy the function may keep.
     */
    public List<TruncatedSvdPoint> points(int[] ks, ToDoubleFunction<double[]> testRisk) {
        return points(ks, testRisk, pt -> {});
    }

    /** As {@link #points(int[], ToDoubleFunction)}, handing each point to {@code each} as soon as it is known. */
    public List<TruncatedSvdPoint> points(int[] ks, ToDoubleFunction<double[]> testRisk, Consumer<TruncatedSvdPoint> each) {
        int r = ridge.rank();
        // Suffix sums Σ_{i≥k} βᵢ², summed from the small end: no cancellation as a running difference would have.
        double[] tail = new double[r + 1];
        for (int i = r - 1; i >= 0; i--) tail[i] = tail[i + 1] + ridge.coefficient(i) * ridge.coefficient(i);
        List<TruncatedSvdPoint> out = new ArrayList<>(ks.length);
        double[] w = new double[ridge.features()];
        double norm2 = 0;
        int done = 0, previous = -1;
        for (int k : ks) {
            check(k);
            if (k <= previous) throw new IllegalArgumentException("ks must be strictly ascending, " + k + " after " + previous);
            previous = k;
            for (; done < k; done++) {
                addTerm(w, done);
                double t = ridge.coefficient(done) / ridge.singularValue(done);
                norm2 += t * t;
            }
            double residual = Math.sqrt(ridge.outsideResidualSquared() + tail[k]);
            TruncatedSvdPoint pt = new TruncatedSvdPoint(k, testRisk.applyAsDouble(w.clone()), Math.sqrt(norm2), residual);
            out.add(pt);
            each.accept(pt);
        }
        return out;
    }

    private void addTerm(double[] w, int i) {
        double g = ridge.coefficient(i) / ridge.singularValue(i);
        for (int j = 0, p = w.length; j < p; j++) w[j] += g * ridge.vt(i, j);
    }

    private void check(int k) {
        if (k < 0 || k > ridge.rank()) throw new IllegalArgumentException("k must be in 0.." + ridge.rank() + ", was " + k);
    }
}
