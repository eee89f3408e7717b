package cheaplab.lab.partition;

/**
 * Lin &amp; Tegmark's joint Hamiltonian on two copies of the spins, y and y′:
 * <pre>
 *   H(y, y′) = H(y) + H(y′) + K(y) + ln Z̃,        Z̃ = Σ_y e^{−H(y) − K(y)}.
 * </pre>
 * Its partition function is Z = Σ_y e^{−H(y)} for any K, yet its marginal on y is p̃(y) = e^{−H(y) − K(y)}/Z̃,
 * not p(y) = e^{−H(y)}/Z, unless K is constant (its marginal on y′ is p). Written as Kadanoff's variational
 * RG, e^{−H(y, y′)} = e^{−H(y)} e^{T(y, y′)} with T(y, y′) = −H(y′) − K(y) − ln Z̃, and the trace condition
 * Tr_{y′} e^{T(y, y′)} = 1 holds for every y only when K is constant (Schwab &amp; Mehta).
 *
 * <p>{@link #enumerate} computes everything from the joint itself: the 4ⁿ energies H(y, y′), summed by rows
 * (marginal on y, traces) and columns (marginal on y′) with log-sum-exp, so no coupling overflows.
 */
public final class LinTegmarkJoint {
    private final double[] h, k;
    private final double logZTilde;

    /** {@code energies}: H of every state; {@code kernel}: K of every state (already times κ). */
    public LinTegmarkJoint(double[] energies, double[] kernel) {
        if (energies.length != kernel.length) throw new IllegalArgumentException(energies.length + " energies, " + kernel.length + " kernel values");
        this.h = energies.clone();
        this.k = kernel.clone();
        double[] hk = new double[h.length];
        for (int s = 0; s < h.length; s++) hk[s] = h[s] + k[s];
        this.logZTilde = LogSumExp.ofNegated(hk);
    }

    /** ln Z̃ = ln Σ_y e^{−H(y) − K(y)}. */
    public double logZTilde() {
        return logZTilde;
    }

    /** H(y, y′). */
    public double energy(int y, int yPrime) {
        return h[y] + h[yPrime] + k[y] + logZTilde;
    }

    /**
     * What the enumeration of the joint gives. Arrays are by state index, logs natural.
     *
     * @param logZ               ln Z of H alone, summed directly over the 2ⁿ states
     * @param logZTilde          ln Z̃
     * @param logZJoint          ln Σ_{y, y′} e^{−H(y, y′)}, summed over the 4ⁿ pairs
     * @param logP               ln p(y) = −H(y) − ln Z
     * @param logPTilde          ln of the joint's marginal on y, Σ_{y′} e^{−H(y, y′)} / Z_joint
     * @param logPPrime          ln of the joint's marginal on y′, Σ_y e^{−H(y, y′)} / Z_joint
     * @param logTrace           ln Tr_{y′} e^{T(y, y′)} = H(y) + ln Σ_{y′} e^{−H(y, y′)}
     * @param klForward          KL(p ‖ p̃)
     * @param klReverse          KL(p̃ ‖ p)
     * @param traceDeviation     max_y |Tr_{y′} e^{T(y, y′)} − 1|
     * @param logTraceDeviation  max_y |ln Tr_{y′} e^{T(y, y′)}| (finite where the trace overflows)
     * @param primeMarginalError max_{y′} |p′(y′) − p(y′)|: the marginal on y′ is p
     * @param kernelSpread       max K − min K (0 exactly when K is constant)
     */
    public record Analysis(double logZ, double logZTilde, double logZJoint, double[] logP, double[] logPTilde,
                           double[] logPPrime, double[] logTrace, double klForward, double klReverse,
                           double traceDeviation, double logTraceDeviation, double primeMarginalError,
                           double kernelSpread) {}

    /** Enumerates the 4ⁿ pairs (twice: row and column maxima, then the sums); {@code checkCancelled} runs per row. */
    public Analysis enumerate(Runnable checkCancelled) {
        int states = h.length;
        double[] rowMax = new double[states], colMax = new double[states];
        java.util.Arrays.fill(rowMax, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(colMax, Double.NEGATIVE_INFINITY);
        for (int y = 0; y < states; y++) {
            checkCancelled.run();
            double rm = Double.NEGATIVE_INFINITY;
            for (int yp = 0; yp < states; yp++) {
                double x = -energy(y, yp);
                if (x > rm) rm = x;
                if (x > colMax[yp]) colMax[yp] = x;
            }
            rowMax[y] = rm;
        }
        double[] rowSum = new double[states], colSum = new double[states];
        for (int y = 0; y < states; y++) {
            checkCancelled.run();
            double rs = 0, rm = rowMax[y];
            for (int yp = 0; yp < states; yp++) {
                double x = -energy(y, yp);
                rs += Math.exp(x - rm);
                colSum[yp] += Math.exp(x - colMax[yp]);
            }
            rowSum[y] = rs;
        }
        double[] rowLse = new double[states], colLse = new double[states];
        for (int s = 0; s < states; s++) {
            rowLse[s] = rowMax[s] + Math.log(rowSum[s]);
            colLse[s] = colMax[s] + Math.log(colSum[s]);
        }
        double logZJoint = LogSumExp.of(rowLse);
        double logZ = LogSumExp.ofNegated(h);

        double[] logP = new double[states], logPTilde = new double[states], logPPrime = new double[states], logTrace = new double[states];
        double klF = 0, klR = 0, traceDev = 0, logTraceDev = 0, primeErr = 0;
        double kMin = Double.POSITIVE_INFINITY, kMax = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < states; s++) {
            logP[s] = -h[s] - logZ;
            logPTilde[s] = rowLse[s] - logZJoint;
            logPPrime[s] = colLse[s] - logZJoint;
            logTrace[s] = h[s] + rowLse[s];
            klF += klTerm(logP[s], logPTilde[s]);
            klR += klTerm(logPTilde[s], logP[s]);
            traceDev = Math.max(traceDev, Math.abs(Math.expm1(logTrace[s])));
            logTraceDev = Math.max(logTraceDev, Math.abs(logTrace[s]));
            primeErr = Math.max(primeErr, Math.abs(Math.exp(logPPrime[s]) - Math.exp(logP[s])));
            kMin = Math.min(kMin, k[s]);
            kMax = Math.max(kMax, k[s]);
        }
        return new Analysis(logZ, logZTilde, logZJoint, logP, logPTilde, logPPrime, logTrace, klF, klR, traceDev,
                logTraceDev, primeErr, kMax - kMin);
    }

    /**
     * The term of state s in KL(a ‖ b) = Σ a (d − 1 + e^{−d}), d = ln a − ln b: the same sum as Σ a·d when both
     * are normalised, but with every term ≥ 0, so rounding gives no negative KL when a ≈ b. For |d| &lt; 1 as
     * a·(d + expm1(−d)) (no cancellation), beyond as a·d − a + b (no overflow of e^{−d}).
     */
    static double klTerm(double logA, double logB) {
        double d = logA - logB, a = Math.exp(logA);
        if (Math.abs(d) < 1) return a * (d + Math.expm1(-d));
        return a * d - a + Math.exp(logB);
    }
}
