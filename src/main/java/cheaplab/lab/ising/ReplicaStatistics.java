package cheaplab.lab.ising;

/**
 * Measurements of one (L, T) point, accumulated per replica. The 64 replicas are independent chains, so the
 * error of every estimate comes from their spread — the leave-one-replica-out jackknife — which already contains
 * the autocorrelation of each chain (it is binning with one bin per replica: each bin is a whole independent
 * run). The integrated autocorrelation time of |m| follows from the same numbers: the variance of a replica's
 * mean of n correlated measurements is 2τ_int σ²/n.
 */
public final class ReplicaStatistics {
    static final int R = SpinLanes.LANES;

    private final int sites;
    private final double temperature;
    private final int levels;
    private long samples;
    // per replica sums (level 0)
    private final double[] absM = new double[R], m = new double[R], m2 = new double[R], m4 = new double[R],
            e = new double[R], e2 = new double[R];
    // per level k ≥ 0: sums of |m_k| and of the nearest-neighbour correlation ⟨s s'⟩_k
    private final double[][] levelAbsM, levelCorrelation;

    public ReplicaStatistics(int sites, double temperature, int levels) {
        this.sites = sites;
        this.temperature = temperature;
        this.levels = levels;
        levelAbsM = new double[levels + 1][R];
        levelCorrelation = new double[levels + 1][R];
    }

    /** Adds one measurement of level 0: per replica, the up spins and antiparallel bonds. */
    public void add(long[] ups, long[] antiBonds, double field) {
        double n = sites;
        for (int r = 0; r < R; r++) {
            double mr = (2.0 * ups[r] - n) / n;
            double er = -(2.0 * n - 2.0 * antiBonds[r]) / n - field * mr;
            double q = mr * mr;
            absM[r] += Math.abs(mr);
            m[r] += mr;
            m2[r] += q;
            m4[r] += q * q;
            e[r] += er;
            e2[r] += er * er;
        }
        samples++;
    }

    /** Adds level k's magnetisation and correlation (k = 0 included), for a lattice of {@code levelSites} sites. */
    public void addLevel(int k, long[] ups, long[] antiBonds, int levelSites) {
        double n = levelSites;
        for (int r = 0; r < R; r++) {
            levelAbsM[k][r] += Math.abs(2.0 * ups[r] - n) / n;
            levelCorrelation[k][r] += 1.0 - 2.0 * antiBonds[r] / (2.0 * n);
        }
    }

    public long samples() {
        return samples;
    }

    /** An estimate with its jackknife standard error. */
    public record Estimate(double value, double error) {}

    public Estimate absMagnetization() {
        return jackknife(Q.ABS_M);
    }

    public Estimate magnetization() {
        return jackknife(Q.M);
    }

    public Estimate energy() {
        return jackknife(Q.E);
    }

    /** χ = N(⟨m²⟩ − ⟨|m|⟩²)/T, the finite-lattice susceptibility (with |m|, since ⟨m⟩ = 0 on a finite lattice at h = 0). */
    public Estimate susceptibility() {
        return jackknife(Q.CHI);
    }

    /** C = N(⟨e²⟩ − ⟨e⟩²)/T² per spin. */
    public Estimate specificHeat() {
        return jackknife(Q.C);
    }

    /** U₄ = 1 − ⟨m⁴⟩/(3⟨m²⟩²). */
    public Estimate binder() {
        return jackknife(Q.U);
    }

    public double binderLeaveOut(int r) {
        return estimate(Q.U, r);
    }

    /** τ_int of |m| in units of measurements: n·Var(replica means)/(2σ²); ½ for independent measurements. */
    public double autocorrelationTime() {
        double n = samples;
        double mean = 0;
        for (int r = 0; r < R; r++) mean += absM[r] / n;
        mean /= R;
        double between = 0;
        for (int r = 0; r < R; r++) {
            double d = absM[r] / n - mean;
            between += d * d;
        }
        between /= R - 1;
        double sigma2 = estimate(Q.M2, -1) - mean * mean;
        return sigma2 > 0 ? n * between / (2 * sigma2) : Double.NaN;
    }

    /** Level k: ⟨|m_k|⟩ over samples and replicas, with the standard error of the replica means. */
    public Estimate levelAbsMagnetization(int k) {
        return replicaMean(levelAbsM[k]);
    }

    public Estimate levelCorrelation(int k) {
        return replicaMean(levelCorrelation[k]);
    }

    public int levels() {
        return levels;
    }

    private Estimate replicaMean(double[] sums) {
        double mean = 0;
        for (double s : sums) mean += s / samples;
        mean /= R;
        double v = 0;
        for (double s : sums) v += (s / samples - mean) * (s / samples - mean);
        return new Estimate(mean, Math.sqrt(v / (R - 1) / R));
    }

    private enum Q { ABS_M, M, M2, E, CHI, C, U }

    private Estimate jackknife(Q q) {
        double all = estimate(q, -1);
        double[] loo = new double[R];
        double mean = 0;
        for (int r = 0; r < R; r++) {
            loo[r] = estimate(q, r);
            mean += loo[r];
        }
        mean /= R;
        double v = 0;
        for (double x : loo) v += (x - mean) * (x - mean);
        return new Estimate(all, Math.sqrt(v * (R - 1) / R));
    }

    /** The estimate from every replica but {@code leaveOut} (−1: all). */
    private double estimate(Q q, int leaveOut) {
        double sa = 0, sm = 0, s2 = 0, s4 = 0, se = 0, se2 = 0;
        int count = 0;
        for (int r = 0; r < R; r++) {
            if (r == leaveOut) continue;
            sa += absM[r];
            sm += m[r];
            s2 += m2[r];
            s4 += m4[r];
            se += e[r];
            se2 += e2[r];
            count++;
        }
        double n = (double) count * samples;
        double a = sa / n, mm = sm / n, q2 = s2 / n, q4 = s4 / n, ee = se / n, ee2 = se2 / n;
        return switch (q) {
            case ABS_M -> a;
            case M -> mm;
            case M2 -> q2;
            case E -> ee;
            case CHI -> sites * (q2 - a * a) / temperature;
            case C -> sites * (ee2 - ee * ee) / (temperature * temperature);
            case U -> 1.0 - q4 / (3.0 * q2 * q2);
        };
    }
}
