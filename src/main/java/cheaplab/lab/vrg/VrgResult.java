package cheaplab.lab.vrg;

import cheaplab.lab.rbm.RbmWeights;

import java.util.List;
import java.util.Map;

/**
 * Final figures of a vrg run (no wall-clock fields: a seeded config gives the same JSON).
 *
 * @param meanAbsMagnetization  ⟨|m|⟩ of the samples
 * @param onsagerMagnetization  Onsager–Yang's spontaneous m(T) of the infinite lattice (0 above T_c)
 * @param metrics               per layer, bottom to top
 * @param layers                every trained layer of the stack on the real lattice, {W, b, c} (W is below × width)
 */
public record VrgResult(double meanAbsMagnetization, double onsagerMagnetization, List<Layer> metrics,
                        List<RbmWeights> layers, VrgConfig config, Map<String, String> versions) {

    /**
     * One layer's figures.
     *
     * @param layer                    1 = the layer on the lattice
     * @param width                    hidden units
     * @param spread                   mean receptive-field spread over the units, in lattice spacings
     * @param spreadSem                its standard error over the units
     * @param controlSpread            the same for the stack trained on shuffled sites
     * @param controlSpreadSem         its standard error
     * @param localityRatio            spread / controlSpread (1: no more local than the control; small: local blocks)
     * @param uniformSpread            the spread of a field equal on every site, L·sqrt((1 − 1/L²)/6)
     * @param blockSize                b with (L/b)² = width, or null when the width is no such square
     * @param blockCorrelation         mean over the units of the largest |corr(p(h_j = 1 | v), m_block)| over the
     *                                 blocks of size b (null without b)
     * @param controlBlockCorrelation  the same for the control stack, its blocks taken in the shuffled site order
     * @param magnetizationCorrelation the largest |corr(p(h_j = 1 | v), m)| over the units, m the lattice's mean spin
     * @param freeEnergy               mean free energy of the layer's training rows under the layer's RBM, nats
     * @param reconstructionError      mean squared error of the mean-field reconstruction of the layer's input, summed
     *                                 over its units
     * @param controlFreeEnergy        the control layer's mean free energy
     */
    public record Layer(int layer, int width, double spread, double spreadSem, double controlSpread,
                        double controlSpreadSem, double localityRatio, double uniformSpread, Integer blockSize,
                        Double blockCorrelation, Double controlBlockCorrelation, double magnetizationCorrelation,
                        double freeEnergy, double reconstructionError, double controlFreeEnergy) {}
}
