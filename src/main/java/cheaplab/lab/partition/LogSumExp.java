package cheaplab.lab.partition;

/** log Σ e<sup>x<sub>i</sub></sup> without overflow or underflow: the largest term is taken out first. */
public final class LogSumExp {
    private LogSumExp() {}

    public static double of(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) m = Math.max(m, v);
        if (m == Double.NEGATIVE_INFINITY || !Double.isFinite(m)) return m;
        double s = 0;
        for (double v : x) s += Math.exp(v - m);
        return m + Math.log(s);
    }

    /** log Σ e<sup>−x<sub>i</sub></sup>: the log partition function of energies x. */
    public static double ofNegated(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = -x[i];
        return of(y);
    }
}
