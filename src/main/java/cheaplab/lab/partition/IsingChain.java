package cheaplab.lab.partition;

/**
 * The Ising chain H(y) = −Σ<sub>b</sub> J<sub>b</sub> y<sub>b</sub> y<sub>b+1</sub> − Σ<sub>i</sub> h<sub>i</sub> y<sub>i</sub>
 * on n spins y<sub>i</sub> ∈ {−1, +1}, open or periodic (then the last bond joins spin n − 1 to spin 0), in units
 * of k<sub>B</sub>T so that p(y) = e<sup>−H(y)</sup>/Z. State s ∈ [0, 2ⁿ) has y<sub>i</sub> = +1 where bit i is set.
 */
public final class IsingChain {
    private final int n;
    private final double[] couplings, fields;

    /** {@code couplings}: one per bond (n − 1 open, n periodic); {@code fields}: one per spin. */
    public IsingChain(double[] couplings, double[] fields, boolean periodic) {
        this.n = fields.length;
        if (couplings.length != PartitionConfig.bonds(n, periodic))
            throw new IllegalArgumentException(couplings.length + " couplings for " + n + " spins, periodic " + periodic);
        this.couplings = couplings.clone();
        this.fields = fields.clone();
    }

    public static IsingChain of(PartitionConfig c) {
        double[] j = new double[PartitionConfig.bonds(c.spins(), c.periodic())];
        for (int b = 0; b < j.length; b++) j[b] = c.coupling(b);
        double[] h = new double[c.spins()];
        for (int i = 0; i < h.length; i++) h[i] = c.field(i);
        return new IsingChain(j, h, c.periodic());
    }

    public int spins() {
        return n;
    }

    /** y<sub>i</sub> of state s. */
    public static int spin(int state, int i) {
        return ((state >>> i) & 1) == 1 ? 1 : -1;
    }

    /** Σ<sub>i</sub> y<sub>i</sub> of state s. */
    public static int magnetization(int state, int spins) {
        return 2 * Integer.bitCount(state & ((1 << spins) - 1)) - spins;
    }

    /** H(y) of state s. */
    public double energy(int state) {
        double e = 0;
        for (int b = 0; b < couplings.length; b++) e -= couplings[b] * spin(state, b) * spin(state, (b + 1) % n);
        for (int i = 0; i < n; i++) e -= fields[i] * spin(state, i);
        return e;
    }

    /** H of every state, by index. */
    public double[] energies() {
        double[] e = new double[1 << n];
        for (int s = 0; s < e.length; s++) e[s] = energy(s);
        return e;
    }

    /** The spins of state s as text, spin 0 first: {@code "+-++"}. */
    public static String text(int state, int spins) {
        StringBuilder b = new StringBuilder(spins);
        for (int i = 0; i < spins; i++) b.append(spin(state, i) > 0 ? '+' : '-');
        return b.toString();
    }
}
