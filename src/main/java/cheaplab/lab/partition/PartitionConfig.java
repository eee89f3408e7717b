package cheaplab.lab.partition;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;
import cheaplab.core.Knob;
import cheaplab.core.Knobs;

import java.util.ArrayList;
import java.util.List;

/**
 * Config of the partition lab (docs/labs/partition.md): an Ising chain H(y) on n spins, a kernel K(y) = κ·k(y) and
 * Lin &amp; Tegmark's joint H(y, y′) built from them. Component names are the JSON keys, form fields and query
 * parameters; each range (and form label) is its {@link Knob}, checked through {@link Knobs}; list lengths and the
 * other cross-field rules are checked here in code, naming the field.
 *
 * <p>State {@code s} ∈ [0, 2ⁿ) has spin y<sub>i</sub> = +1 when bit i of s is set, −1 otherwise (i = 0 … n − 1).
 *
 * @param spins        n; all 2ⁿ states (and the 4ⁿ pairs of the joint) are enumerated
 * @param couplings    J: one value for every bond, or one per bond (n − 1 open, n periodic); bond i joins spins i
 *                     and i + 1 (the last bond of a periodic chain joins spin n − 1 to spin 0)
 * @param fields       h: one value for every spin, or one per spin
 * @param periodic     ring instead of an open chain
 * @param kernel       the shape k(y) of K(y) = κ·k(y): {@code magnetization} (Σy)²/n, {@code random} seeded
 *                     standard normal values, one per state, or {@code custom} ({@link #kernelValues})
 * @param kappa        κ of the detailed analysis (distributions over states, trace condition per state)
 * @param kappas       κ values of the sweep (κ itself is always added); sorted and made distinct
 * @param kernelValues custom: k(s) for every state s in index order, 2ⁿ values; ignored by the other kernels
 * @param seed         seed of the random kernel
 */
public record PartitionConfig(
        @Knob(label = "Spins <var>n</var>", min = 2, max = MAX_SPINS,
                hint = "All 2<sup><var>n</var></sup> states and the 4<sup><var>n</var></sup> pairs (<var>y</var>, "
                        + "<var>y</var>′) of the joint are enumerated.")
        int spins,
        @Knob(label = "Couplings <var>J</var>", min = -MAX_COUPLING, max = MAX_COUPLING, maxValues = MAX_SPINS,
                hint = "One value for every bond, or one per bond: <var>n</var> − 1 (open) or <var>n</var> (periodic)."
                        + " <var>J</var> &gt; 0 is ferromagnetic.")
        List<Double> couplings,
        @Knob(label = "Fields <var>h</var>", min = -MAX_COUPLING, max = MAX_COUPLING, maxValues = MAX_SPINS,
                hint = "One value for every spin, or one per spin.")
        List<Double> fields,
        @Knob(label = "Periodic chain (a ring: spin <var>n</var> is bonded to spin 1)") boolean periodic,
        @Knob(label = "Kernel <var>K</var>(<var>y</var>) = <var>κ</var>·<var>k</var>(<var>y</var>)",
                choices = {"magnetization=magnetization: k = (Σy)²/n", "random=random: k ~ N(0, 1) per state (seeded)",
                        "custom=custom: k from the values below"})
        String kernel,
        @Knob(label = "<var>κ</var>", min = -MAX_KAPPA, max = MAX_KAPPA,
                hint = "Where the distributions are shown; the slider above the charts moves through the sweep.")
        double kappa,
        @Knob(label = "Sweep <var>κ</var> values", min = -MAX_KAPPA, max = MAX_KAPPA, maxValues = MAX_SWEEP, rows = 2,
                hint = "One exact enumeration of the joint per value; <var>κ</var> itself is always included.")
        List<Double> kappas,
        @Knob(label = "Custom kernel values <var>k</var>(<var>s</var>)", min = -MAX_KERNEL, max = MAX_KERNEL,
                maxValues = 1 << MAX_SPINS, rows = 3,
                hint = "Custom kernel only: 2<sup><var>n</var></sup> values, state <var>s</var> in index order "
                        + "(<var>y<sub>i</sub></var> = +1 where bit <var>i</var> of <var>s</var> is set).")
        List<Double> kernelValues,
        @Knob(label = "Seed") long seed) {

    public static final int MAX_SPINS = 12;
    public static final double MAX_COUPLING = 100, MAX_KAPPA = 100, MAX_KERNEL = 1000;
    public static final int MAX_SWEEP = 101;

    public PartitionConfig {
        Knobs.range(PartitionConfig.class, "spins", spins);
        couplings = Knobs.doubles(PartitionConfig.class, "couplings", couplings);
        int bonds = bonds(spins, periodic);
        if (couplings.size() != 1 && couplings.size() != bonds)
            throw new ConfigException("couplings", "must have 1 value (every bond) or " + bonds + " (one per bond of the "
                    + (periodic ? "ring" : "open chain") + " of " + spins + " spins), had " + couplings.size());
        fields = Knobs.doubles(PartitionConfig.class, "fields", fields);
        if (fields.size() != 1 && fields.size() != spins)
            throw new ConfigException("fields", "must have 1 value (every spin) or " + spins + " (one per spin), had " + fields.size());
        Knobs.oneOf(PartitionConfig.class, "kernel", kernel);
        Knobs.range(PartitionConfig.class, "kappa", kappa);
        kappas = Knobs.doubles(PartitionConfig.class, "kappas", kappas);
        if (kernelValues == null) kernelValues = List.of();
        if (kernel.equals("custom")) {
            if (kernelValues.isEmpty())
                throw new ConfigException("kernelValues", "the custom kernel needs 2^spins = " + (1 << spins)
                        + " values, one per state, had none");
            kernelValues = Knobs.doubles(PartitionConfig.class, "kernelValues", kernelValues);
            if (kernelValues.size() != 1 << spins)
                throw new ConfigException("kernelValues", "must have 2^spins = " + (1 << spins) + " values (one per state), had "
                        + kernelValues.size());
        } else if (!kernelValues.isEmpty()) {
            kernelValues = Knobs.doubles(PartitionConfig.class, "kernelValues", kernelValues); // ignored, but numbers
        }
        Check.memory("spins", 8.0 * (1 << spins) * 16); // a handful of per-state arrays: never near the budget
    }

    /** Bonds of the chain: n − 1 open, n periodic. */
    public static int bonds(int spins, boolean periodic) {
        return periodic ? spins : spins - 1;
    }

    /** 2ⁿ. */
    public int states() {
        return 1 << spins;
    }

    /** J of bond b (0 … bonds − 1). */
    public double coupling(int b) {
        return couplings.size() == 1 ? couplings.get(0) : couplings.get(b);
    }

    /** h of spin i. */
    public double field(int i) {
        return fields.size() == 1 ? fields.get(0) : fields.get(i);
    }

    /** The sweep's κ values: {@link #kappas} with {@link #kappa} added, ascending and distinct. */
    public double[] sweep() {
        List<Double> all = new ArrayList<>(kappas);
        all.add(kappa);
        return all.stream().mapToDouble(Double::doubleValue).map(k -> k == 0 ? 0.0 : k).distinct().sorted().toArray();
    }

    /**
     * A ferromagnetic ring of 8 spins (J = 0.5, h = 0) with the magnetisation kernel at κ = 1, and a sweep of κ from
     * 0 to 3 in steps of 0.1: 256 states, the joint's 65,536 pairs enumerated 31 times in well under a second.
     */
    public static PartitionConfig defaults() {
        List<Double> grid = new ArrayList<>();
        for (int i = 0; i <= 30; i++) grid.add(i / 10.0);
        return new PartitionConfig(8, List.of(0.5), List.of(0.0), true, "magnetization", 1.0, grid, List.of(), 1L);
    }
}
