package cheaplab.lab.rbm;

import java.util.SplittableRandom;

/** Brute-force quantities of a small RBM in double precision, straight from the definitions. */
final class Enumeration {
    final int nv, nh;
    final double[][] w;
    final double[] b, c;

    Enumeration(double[][] w, double[] b, double[] c) {
        this.nv = b.length;
        this.nh = c.length;
        this.w = w;
        this.b = b;
        this.c = c;
    }

    static Enumeration of(BernoulliRbm rbm) {
        RbmWeights p = rbm.toWeights();
        double[][] w = new double[p.visible()][p.hidden()];
        double[] b = new double[p.visible()], c = new double[p.hidden()];
        for (int i = 0; i < p.visible(); i++) {
            for (int j = 0; j < p.hidden(); j++) w[i][j] = p.W()[i][j];
            b[i] = p.b()[i];
        }
        for (int j = 0; j < p.hidden(); j++) c[j] = p.c()[j];
        return new Enumeration(w, b, c);
    }

    /** A random RBM whose parameters are exactly representable in float. */
    static BernoulliRbm random(int nv, int nh, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] w = new double[nv][nh];
        double[] b = new double[nv], c = new double[nh];
        for (int i = 0; i < nv; i++) for (int j = 0; j < nh; j++) w[i][j] = (float) (scale * r.nextGaussian());
        for (int i = 0; i < nv; i++) b[i] = (float) (0.5 * scale * r.nextGaussian());
        for (int j = 0; j < nh; j++) c[j] = (float) (0.5 * scale * r.nextGaussian());
        return BernoulliRbm.of(w, b, c);
    }

    static double[] bits(long s, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = (s >>> i) & 1;
        return x;
    }

    double energy(double[] v, double[] h) {
        double e = 0;
        for (int i = 0; i < nv; i++) e -= b[i] * v[i];
        for (int j = 0; j < nh; j++) e -= c[j] * h[j];
        for (int i = 0; i < nv; i++) for (int j = 0; j < nh; j++) e -= v[i] * w[i][j] * h[j];
        return e;
    }

    /** −log Σ_h e^{−E(v,h)} by summing over all h. */
    double freeEnergy(double[] v) {
        double[] t = new double[1 << nh];
        for (int s = 0; s < t.length; s++) t[s] = -energy(v, bits(s, nh));
        return -logSumExp(t);
    }

    /** log Σ_{v,h} e^{−E(v,h)} over all joint states. */
    double logZ() {
        double[] t = new double[1 << (nv + nh)];
        for (long s = 0; s < t.length; s++) t[(int) s] = -energy(bits(s, nv), bits(s >>> nv, nh));
        return logSumExp(t);
    }

    /** p(v) for every visible state, index = bit pattern. */
    double[] marginal() {
        double logZ = logZ();
        double[] p = new double[1 << nv];
        for (int s = 0; s < p.length; s++) p[s] = Math.exp(-freeEnergy(bits(s, nv)) - logZ);
        return p;
    }

    /** σ(cⱼ + Σᵢ vᵢWᵢⱼ). */
    double[] hiddenProbabilities(double[] v) {
        double[] q = new double[nh];
        for (int j = 0; j < nh; j++) {
            double a = c[j];
            for (int i = 0; i < nv; i++) a += v[i] * w[i][j];
            q[j] = sigmoid(a);
        }
        return q;
    }

    double[] visibleProbabilities(double[] h) {
        double[] p = new double[nv];
        for (int i = 0; i < nv; i++) {
            double a = b[i];
            for (int j = 0; j < nh; j++) a += w[i][j] * h[j];
            p[i] = sigmoid(a);
        }
        return p;
    }

    /** Probability of the binary vector x under independent units with probabilities p. */
    static double product(double[] p, double[] x) {
        double r = 1;
        for (int i = 0; i < p.length; i++) r *= x[i] == 1 ? p[i] : 1 - p[i];
        return r;
    }

    /**
     * The statistics of an update as a (nv+1) × (nh+1) matrix in Θ's layout: [E vhᵀ, E v; E hᵀ, 0].
     */
    static double[][] statistics(double[] v, double[] q, double weight, double[][] acc) {
        int nv = v.length, nh = q.length;
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nh; j++) acc[i][j] += weight * v[i] * q[j];
            acc[i][nh] += weight * v[i];
        }
        for (int j = 0; j < nh; j++) acc[nv][j] += weight * q[j];
        return acc;
    }

    /** E_model[v hᵀ], E[v], E[h] in Θ's layout, by enumeration over v (h summed analytically). */
    double[][] modelStatistics() {
        double[] p = marginal();
        double[][] acc = new double[nv + 1][nh + 1];
        for (int s = 0; s < p.length; s++) {
            double[] v = bits(s, nv);
            statistics(v, hiddenProbabilities(v), p[s], acc);
        }
        return acc;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static double logSumExp(double[] t) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : t) m = Math.max(m, x);
        double s = 0;
        for (double x : t) s += Math.exp(x - m);
        return m + Math.log(s);
    }
}
