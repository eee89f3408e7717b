package cheaplab.lab.ising;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;
import cheaplab.core.Knob;
import cheaplab.core.Knobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config of the Ising lab (docs/labs/ising.md). Component names are the JSON keys, form fields and query
 * parameters; each range is its {@link Knob}, checked through {@link Knobs}; cross-field rules in code.
 *
 * @param sizes         lattice sizes L (L×L, periodic), even, each run with 64 replicas
 * @param temperatures  temperatures T in units of J/k_B
 * @param field         magnetic field h in units of J
 * @param algorithm     {@code metropolis}, {@code wolff} or {@code auto} (Wolff within 10% of T_c at h = 0,
 *                      else Metropolis)
 * @param equilibration sweeps discarded before measuring
 * @param samples       measurements per (L, T) point and replica
 * @param decorrelation sweeps between measurements
 * @param blockSize     b of the majority-rule block spins (2 or 3)
 * @param blockLevels   how many times the block-spin map is applied (0: none); b^levels must divide every L
 * @param seed          every random stream derives from it
 */
public record IsingConfig(
        @Knob(label = "Lattice sizes <var>L</var>", min = 4, max = MAX_SIZE, maxValues = 6,
                hint = "Even; 64 replicas of each <var>L</var>×<var>L</var> periodic lattice run side by side.")
        List<Integer> sizes,
        @Knob(label = "Temperatures <var>T</var>", unit = "J/k_B", min = 0.1, max = 100, maxValues = 64, rows = 2,
                hint = "<var>T</var><sub>c</sub> = 2/ln(1+√2) ≈ 2.269.")
        List<Double> temperatures,
        @Knob(label = "Field <var>h</var>", unit = "J", min = -5, max = 5,
                hint = "The exact curves and <var>T</var><sub>c</sub> hold for <var>h</var> = 0.")
        double field,
        @Knob(label = "Algorithm", choices = {"auto=auto: Wolff near T_c",
                "metropolis=checkerboard Metropolis", "wolff=Wolff clusters"})
        String algorithm,
        @Knob(label = "Equilibration", unit = "sweeps", min = 0, max = 1_000_000) int equilibration,
        @Knob(label = "Measurements", unit = "per replica", min = 2, max = 1_000_000) int samples,
        @Knob(label = "Sweeps between measurements", min = 1, max = 10_000) int decorrelation,
        @Knob(label = "Block size <var>b</var>", min = 2, max = 3,
                hint = "Majority rule over <var>b</var>×<var>b</var> blocks; ties (even <var>b</var>) broken by a coin.")
        int blockSize,
        @Knob(label = "Block-spin levels", min = 0, max = 8) int blockLevels,
        @Knob(label = "Seed") long seed) {

    public static final int MAX_SIZE = 512;
    /** Bytes per site of one (L, T) point: the 64-replica words, their block levels, Wolff's tables. */
    static final double BYTES_PER_SITE = 8 * 2 + 4 * 4 + 4 * 2 + 4 * 2;
    /** The most spin updates (replica sites × sweeps, all points) one run may ask for: about an hour on two cores. */
    public static final double MAX_UPDATES = 2e13;

    public IsingConfig {
        sizes = Knobs.ints(IsingConfig.class, "sizes", sizes, MAX_SIZE);
        for (int l : sizes)
            if (l % 2 != 0) throw new ConfigException("sizes", "must be even (the checkerboard needs it), was " + l);
        if (sizes.stream().distinct().count() != sizes.size())
            throw new ConfigException("sizes", "has a size twice");
        temperatures = Knobs.doubles(IsingConfig.class, "temperatures", temperatures);
        if (temperatures.stream().distinct().count() != temperatures.size())
            throw new ConfigException("temperatures", "has a temperature twice");
        Knobs.range(IsingConfig.class, "field", field);
        Knobs.oneOf(IsingConfig.class, "algorithm", algorithm);
        Knobs.range(IsingConfig.class, "equilibration", equilibration);
        Knobs.range(IsingConfig.class, "samples", samples);
        Knobs.range(IsingConfig.class, "decorrelation", decorrelation);
        Knobs.range(IsingConfig.class, "blockSize", blockSize);
        Knobs.range(IsingConfig.class, "blockLevels", blockLevels);
        long scale = 1;
        for (int k = 0; k < blockLevels; k++) scale *= blockSize;
        for (int l : sizes)
            if (l % scale != 0 || l / scale < 2)
                throw new ConfigException("blockLevels", "needs every size divisible by b^levels = " + scale
                        + " with at least 2×2 blocks left, but L = " + l + " is not; use fewer levels or other sizes");
        Map<String, Double> memory = new LinkedHashMap<>();
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        memory.put("sizes", BYTES_PER_SITE * largest * largest);
        Check.memory(memory);
        double updates = 0;
        for (int l : sizes) updates += 64.0 * l * l * (equilibration + (double) samples * decorrelation);
        updates *= temperatures.size();
        if (updates > MAX_UPDATES)
            throw new ConfigException("samples", String.format(java.util.Locale.ROOT,
                    "the run asks for %.2g spin updates, over the %.0g a run may take; use fewer samples, sweeps, "
                            + "sizes or temperatures", updates, MAX_UPDATES));
    }

    /** The work of the run in spin updates (64 replicas × N × sweeps, summed over the points). */
    public double updates() {
        double u = 0;
        for (int l : sizes) u += 64.0 * l * l * (equilibration + (double) samples * decorrelation);
        return u * temperatures.size();
    }

    /**
     * The lab page's first run: L = 16, 32, 64 over 13 temperatures dense around T_c, Wolff near T_c; the curves
     * sharpen with L and the Binder cumulants cross near 2.27 (docs/labs/ising.md has the measured time and T_c).
     */
    public static IsingConfig defaults() {
        return new IsingConfig(List.of(16, 32, 64),
                List.of(1.6, 1.8, 2.0, 2.1, 2.2, 2.25, 2.27, 2.3, 2.35, 2.45, 2.6, 2.9, 3.4),
                0.0, "auto", 150, 250, 1, 2, 3, 1L);
    }
}
