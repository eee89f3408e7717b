package cheaplab.lab.ising;

/**
 * Exact canonical averages of a small periodic L×L Ising lattice (J = 1, field h) by enumerating all 2^(L²)
 * states, computed in the test independently of the sampler: ⟨e⟩, ⟨|m|⟩, ⟨m²⟩, ⟨m⁴⟩, and from them the
 * fluctuation formulas the lab uses.
 */
record ExactIsing(double energy, double absMagnetization, double susceptibility, double specificHeat, double binder) {

    static ExactIsing of(int l, double t, double h) {
        int n = l * l;
        // log-sum-exp over states: weights relative to the ground-state energy scale
        double z = 0, se = 0, se2 = 0, sa = 0, s2 = 0, s4 = 0;
        double shift = 2.0 * n + Math.abs(h) * n; // ≥ −E_min
        int[] s = new int[n];
        for (long state = 0; state < (1L << n); state++) {
            for (int i = 0; i < n; i++) s[i] = ((state >>> i) & 1) != 0 ? 1 : -1;
            double e = 0, m = 0;
            for (int y = 0; y < l; y++)
                for (int x = 0; x < l; x++) {
                    int i = y * l + x;
                    e -= s[i] * (s[y * l + (x + 1) % l] + s[((y + 1) % l) * l + x]);
                    m += s[i];
                }
            e -= h * m;
            double w = Math.exp(-(e + shift) / t);
            double ep = e / n, mp = m / n;
            z += w;
            se += w * ep;
            se2 += w * ep * ep;
            sa += w * Math.abs(mp);
            s2 += w * mp * mp;
            s4 += w * mp * mp * mp * mp;
        }
        double e = se / z, a = sa / z, q2 = s2 / z, q4 = s4 / z;
        return new ExactIsing(e, a, n * (q2 - a * a) / t, n * (se2 / z - e * e) / (t * t), 1 - q4 / (3 * q2 * q2));
    }
}
