package cheaplab.lab.ising;

import java.util.List;
import java.util.Map;

/**
 * Final figures of an Ising run (no wall-clock fields: identical configs give identical JSON).
 *
 * @param points                       one per (L, T), in run order
 * @param crossings                    the Binder crossing of each pair of neighbouring sizes
 * @param criticalTemperature          mean of the pair crossings (null when a pair does not cross)
 * @param criticalTemperatureSem       its replica-jackknife standard error
 * @param exactCriticalTemperature     2/ln(1 + √2)
 */
public record IsingResult(List<Point> points, List<BinderCrossing.Pair> crossings, Double criticalTemperature,
                          Double criticalTemperatureSem, double exactCriticalTemperature, IsingConfig config,
                          Map<String, String> versions) {

    /**
     * One (L, T) point: estimates over 64 replicas × samples with replica-jackknife errors; {@code
     * autocorrelationTime} is τ_int of |m| in measurements; the exact values are the infinite lattice's (h = 0).
     */
    public record Point(int size, double temperature, String algorithm, double absMagnetization,
                        double absMagnetizationSem, double magnetization, double energy, double energySem,
                        double susceptibility, double susceptibilitySem, double specificHeat, double specificHeatSem,
                        double binder, double binderSem, double autocorrelationTime, double onsagerMagnetization,
                        double exactEnergy, List<Level> levels) {}

    /** Block-spin level k (0 = the lattice itself): its size, ⟨|m|⟩ and nearest-neighbour correlation ⟨s s'⟩. */
    public record Level(int level, int size, double absMagnetization, double absMagnetizationSem,
                        double correlation, double correlationSem) {}
}
