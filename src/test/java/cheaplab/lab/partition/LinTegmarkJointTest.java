package cheaplab.lab.partition;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The joint construction against mathematics, by enumeration: the test writes H(y), H(y, y′), Z, Z̃ and p̃ out
 * again from their definitions (spins as ±1 arrays, its own sums), checks the chain against the transfer-matrix
 * closed form, and checks that Z_joint = Z and the y′-marginal = p hold to 1e-12 while p̃ ≠ p, KL &gt; 0 and the
 * trace condition fails strictly for a non-constant K — and that a constant K gives KL = 0 and Tr e^T = 1.
 */
class LinTegmarkJointTest {
    private static final double EPS = 1e-12;

    // ---- an independent reference, from the definitions

    /** y as ±1, y_i = +1 where bit i of s is set. */
    private static int[] spins(int s, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = (s & (1 << i)) != 0 ? 1 : -1;
        return y;
    }

    private static double H(int s, int n, double[] j, double[] h, boolean periodic) {
        int[] y = spins(s, n);
        double e = 0;
        for (int i = 0; i + 1 < n; i++) e -= j[i] * y[i] * y[i + 1];
        if (periodic) e -= j[n - 1] * y[n - 1] * y[0];
        for (int i = 0; i < n; i++) e -= h[i] * y[i];
        return e;
    }

    /** log Σ exp(x), shifted by the largest. */
    private static double lse(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) m = Math.max(m, v);
        double s = 0;
        for (double v : x) s += Math.exp(v - m);
        return m + Math.log(s);
    }

    private record Chain(int n, double[] j, double[] h, boolean periodic) {
        double[] energies() {
            double[] e = new double[1 << n];
            for (int s = 0; s < e.length; s++) e[s] = H(s, n, j, h, periodic);
            return e;
        }
    }

    private static Chain uniform(int n, double j, double h, boolean periodic) {
        double[] jj = new double[periodic ? n : n - 1], hh = new double[n];
        java.util.Arrays.fill(jj, j);
        java.util.Arrays.fill(hh, h);
        return new Chain(n, jj, hh, periodic);
    }

    private static Chain random(int n, boolean periodic, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] jj = new double[periodic ? n : n - 1], hh = new double[n];
        for (int i = 0; i < jj.length; i++) jj[i] = r.nextDouble(-1.5, 1.5);
        for (int i = 0; i < n; i++) hh[i] = r.nextDouble(-1, 1);
        return new Chain(n, jj, hh, periodic);
    }

    private static double[] magnetizationKernel(int n, double kappa) {
        double[] k = new double[1 << n];
        for (int s = 0; s < k.length; s++) {
            int m = 0;
            for (int y : spins(s, n)) m += y;
            k[s] = kappa * m * m / n;
        }
        return k;
    }

    private static double[] gaussianKernel(int n, double kappa, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] k = new double[1 << n];
        for (int s = 0; s < k.length; s++) k[s] = kappa * r.nextGaussian();
        return k;
    }

    /** ln Z of a uniform ring by the transfer matrix: Z = λ₊ⁿ + λ₋ⁿ, λ± = e^J cosh h ± √(e^{2J} sinh²h + e^{−2J}). */
    private static double ringLogZ(int n, double j, double h) {
        double a = Math.exp(j) * Math.cosh(h), b = Math.sqrt(Math.exp(2 * j) * Math.sinh(h) * Math.sinh(h) + Math.exp(-2 * j));
        double plus = a + b, minus = a - b;
        return n * Math.log(plus) + Math.log1p(Math.pow(minus / plus, n));
    }

    // ---- tests

    @Test
    void theChainsPartitionFunctionIsTheTransferMatrixOne() {
        for (int n : new int[]{2, 3, 5, 8, 11}) {
            for (double[] jh : new double[][]{{0.5, 0}, {1.2, 0.3}, {-0.8, 0.6}, {0.1, -2}}) {
                double[] e = new IsingChain(fill(n, jh[0]), fill(n, jh[1]), true).energies();
                double logZ = new LinTegmarkJoint(e, new double[e.length]).enumerate(() -> {}).logZ();
                double exact = ringLogZ(n, jh[0], jh[1]);
                assertEquals(exact, logZ, EPS * Math.max(1, Math.abs(exact)), "ring n=" + n + " J=" + jh[0] + " h=" + jh[1]);
            }
            // Open chain without field: Z = 2 (2 cosh J)^{n−1}.
            double j = 0.7;
            double[] e = new IsingChain(fill(n - 1, j), fill(n, 0), false).energies();
            double exact = Math.log(2) + (n - 1) * Math.log(2 * Math.cosh(j));
            assertEquals(exact, LogSumExp.ofNegated(e), EPS * exact, "open n=" + n);
        }
    }

    @Test
    void theJointHasPartitionFunctionZYetItsMarginalIsTheTiltedDistribution() {
        int cases = 0;
        for (Chain c : new Chain[]{uniform(6, 0.5, 0, true), random(7, false, 3), random(5, true, 9)}) {
            double[] h = c.energies();
            for (String kernel : new String[]{"magnetization", "gaussian"}) {
                for (double kappa : new double[]{0.3, 1.0, -2.0, 6.0}) {
                    double[] k = kernel.equals("magnetization") ? magnetizationKernel(c.n(), kappa) : gaussianKernel(c.n(), kappa, 17);
                    check(c, h, k, kernel + " κ=" + kappa);
                    cases++;
                }
            }
        }
        assertEquals(24, cases);
    }

    private static void check(Chain c, double[] h, double[] k, String what) {
        int states = h.length;
        LinTegmarkJoint joint = new LinTegmarkJoint(new IsingChain(c.j(), c.h(), c.periodic()).energies(), k);
        LinTegmarkJoint.Analysis a = joint.enumerate(() -> {});

        // Reference: Z, Z̃ and p̃ from their definitions; the joint summed pair by pair from its own formula.
        double[] minusH = new double[states], minusHK = new double[states];
        for (int s = 0; s < states; s++) {
            minusH[s] = -h[s];
            minusHK[s] = -h[s] - k[s];
        }
        double logZ = lse(minusH), logZTilde = lse(minusHK);
        double[] pairs = new double[states * states];
        for (int y = 0; y < states; y++)
            for (int yp = 0; yp < states; yp++)
                pairs[y * states + yp] = -(H(y, c.n(), c.j(), c.h(), c.periodic()) + H(yp, c.n(), c.j(), c.h(), c.periodic()) + k[y] + logZTilde);
        double logZJointRef = lse(pairs);

        // The equalities, to 1e-12: Z_joint = Z (the reference's own sum and the engine's), p′ = p.
        assertEquals(logZ, logZJointRef, EPS, what + ": Z_joint = Z by the reference's enumeration");
        assertEquals(logZ, a.logZ(), EPS, what + ": ln Z");
        assertEquals(logZTilde, a.logZTilde(), EPS, what + ": ln Z̃");
        assertEquals(logZ, a.logZJoint(), EPS, what + ": Z_joint = Z by the engine's enumeration");
        assertTrue(a.primeMarginalError() <= EPS, what + ": the y′ marginal is p, off by " + a.primeMarginalError());

        // p̃(y) = e^{−H−K}/Z̃ (closed form), and the trace Tr_{y′} e^{T(y,y′)} = e^{−K(y)} Z/Z̃.
        double klF = 0, klR = 0, maxDiff = 0, traceDev = 0;
        for (int s = 0; s < states; s++) {
            double lp = -h[s] - logZ, lq = -h[s] - k[s] - logZTilde;
            assertEquals(lq, a.logPTilde()[s], EPS, what + ": ln p̃ of state " + s);
            assertEquals(lp, a.logP()[s], EPS, what + ": ln p of state " + s);
            double logTrace = -k[s] + logZ - logZTilde;
            assertEquals(logTrace, a.logTrace()[s], EPS, what + ": ln Tr e^T of state " + s);
            double p = Math.exp(lp), q = Math.exp(lq);
            klF += p * (lp - lq);
            klR += q * (lq - lp);
            maxDiff = Math.max(maxDiff, Math.abs(p - q));
            traceDev = Math.max(traceDev, Math.abs(Math.exp(logTrace) - 1));
        }
        assertEquals(klF, a.klForward(), EPS, what + ": KL(p‖p̃)");
        assertEquals(klR, a.klReverse(), EPS, what + ": KL(p̃‖p)");
        assertEquals(traceDev, a.traceDeviation(), EPS * Math.max(1, traceDev), what + ": trace deviation");

        // The inequalities are strict: K is not constant here.
        assertTrue(maxDiff > 1e-4, what + ": p̃ ≠ p, largest difference " + maxDiff);
        assertTrue(a.klForward() > 1e-6 && a.klReverse() > 1e-6, what + ": KL " + a.klForward() + ", " + a.klReverse());
        assertTrue(a.traceDeviation() > 1e-4, what + ": trace condition broken by " + a.traceDeviation());
        assertTrue(a.kernelSpread() > 0, what);
    }

    @Test
    void aConstantKernelGivesZeroDivergenceAndASatisfiedTraceCondition() {
        Chain c = random(6, true, 5);
        double[] h = c.energies();
        for (double constant : new double[]{0, 2.5, -40}) {
            double[] k = new double[h.length];
            java.util.Arrays.fill(k, constant);
            LinTegmarkJoint.Analysis a = new LinTegmarkJoint(h, k).enumerate(() -> {});
            String what = "K ≡ " + constant;
            assertEquals(0, a.kernelSpread(), what);
            assertTrue(a.klForward() >= 0 && a.klForward() <= 1e-15, what + ": KL(p‖p̃) = " + a.klForward());
            assertTrue(a.klReverse() >= 0 && a.klReverse() <= 1e-15, what + ": KL(p̃‖p) = " + a.klReverse());
            assertTrue(a.traceDeviation() <= EPS, what + ": Tr e^T − 1 up to " + a.traceDeviation());
            assertTrue(a.logTraceDeviation() <= EPS, what);
            assertEquals(a.logZ() - constant, a.logZTilde(), EPS, what + ": Z̃ = Z e^{−c}");
            assertEquals(a.logZ(), a.logZJoint(), EPS, what);
            for (int s = 0; s < h.length; s++) assertEquals(a.logP()[s], a.logPTilde()[s], EPS, what + ": p̃ = p at " + s);
        }
    }

    /** To second order in κ both divergences are κ² Var_p(k)/2 (the Fisher information of the tilt). */
    @Test
    void forSmallKappaBothDivergencesAreHalfKappaSquaredTimesTheVarianceOfK() {
        Chain c = uniform(8, 0.5, 0.2, true);
        double[] h = c.energies(), shape = magnetizationKernel(8, 1);
        double logZ = lse(java.util.Arrays.stream(h).map(x -> -x).toArray());
        double mean = 0, second = 0;
        for (int s = 0; s < h.length; s++) {
            double p = Math.exp(-h[s] - logZ);
            mean += p * shape[s];
            second += p * shape[s] * shape[s];
        }
        double variance = second - mean * mean;
        for (double kappa : new double[]{1e-3, -1e-3}) {
            LinTegmarkJoint.Analysis a = new LinTegmarkJoint(h, KernelShape.scaled(shape, kappa)).enumerate(() -> {});
            double expected = kappa * kappa * variance / 2;
            assertEquals(1, a.klForward() / expected, 1e-2, "KL(p‖p̃) at κ = " + kappa);
            assertEquals(1, a.klReverse() / expected, 1e-2, "KL(p̃‖p) at κ = " + kappa);
        }
    }

    @Test
    void largeCouplingsAndKernelsNeitherOverflowNorLosePrecision() {
        int n = 10;
        double j = 100, field = 40, kappa = 100;
        double[] e = new IsingChain(fill(n, j), fill(n, field), true).energies();
        double[] k = magnetizationKernel(n, kappa);
        LinTegmarkJoint.Analysis a = new LinTegmarkJoint(e, k).enumerate(() -> {});
        double exact = ringLogZ(n, j, field); // n(J + h) + …: about 1400
        assertTrue(exact > 1000, "" + exact);
        assertEquals(exact, a.logZ(), EPS * exact, "ln Z");
        assertEquals(a.logZ(), a.logZJoint(), EPS * exact, "Z_joint = Z");
        for (double v : new double[]{a.logZTilde(), a.klForward(), a.klReverse(), a.logTraceDeviation()})
            assertTrue(Double.isFinite(v), "finite: " + v);
        // The all-up state dominates p; the magnetisation penalty moves p̃ to the least magnetised low-energy states.
        assertTrue(a.klForward() > 100 && a.klReverse() > 100, a.klForward() + " " + a.klReverse());
    }

    @Test
    void klTermsAreNeverNegative() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            double la = -r.nextDouble(0, 50), lb = la + (r.nextBoolean() ? r.nextDouble(-1e-9, 1e-9) : r.nextDouble(-30, 30));
            double t = LinTegmarkJoint.klTerm(la, lb);
            assertTrue(t >= 0, la + " " + lb + " → " + t);
            double plain = Math.exp(la) * (la - lb) - Math.exp(la) + Math.exp(lb);
            assertEquals(plain, t, 1e-15 + 1e-12 * Math.abs(plain));
        }
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
