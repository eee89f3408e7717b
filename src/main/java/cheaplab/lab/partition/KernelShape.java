package cheaplab.lab.partition;

import cheaplab.core.Seeds;

import java.util.SplittableRandom;

/**
 * The shape k(s) of the kernel K(s) = κ·k(s), one value per state s: {@code magnetization} (Σy)²/n,
 * {@code random} standard normal values drawn in state order from the stream {@code "kernel"} of the seed, or
 * {@code custom}, the config's values. Every kernel is linear in κ, so the page can move κ without a new run.
 */
public final class KernelShape {
    private KernelShape() {}

    public static double[] of(PartitionConfig c, long seed) {
        int states = c.states(), n = c.spins();
        double[] k = new double[states];
        switch (c.kernel()) {
            case "magnetization" -> {
                for (int s = 0; s < states; s++) {
                    double m = IsingChain.magnetization(s, n);
                    k[s] = m * m / n;
                }
            }
            case "random" -> {
                SplittableRandom r = Seeds.stream(seed, "kernel");
                for (int s = 0; s < states; s++) k[s] = r.nextGaussian();
            }
            case "custom" -> {
                for (int s = 0; s < states; s++) k[s] = c.kernelValues().get(s);
            }
            default -> throw new IllegalArgumentException("kernel " + c.kernel());
        }
        return k;
    }

    /** κ·k. */
    public static double[] scaled(double[] shape, double kappa) {
        double[] k = new double[shape.length];
        for (int s = 0; s < k.length; s++) k[s] = kappa * shape[s];
        return k;
    }
}
