package cheaplab.lab.hopfield;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one load α measured, over its networks and their recalls (the {@code alpha} series and the result's rows).
 *
 * @param alpha              the load α
 * @param patterns           P = round(αN)
 * @param recalls            recalls made (networks × min(P, cues per network))
 * @param overlap            mean final overlap m = (1/N) Σ ξ_i s_i with the cued pattern
 * @param overlapSem         its standard error over the networks (over the recalls when there is one network)
 * @param overlapTheory      the AGS replica-symmetric retrieval overlap at this α (T = 0, Hebb), null above α_c or
 *                           when it does not apply
 * @param overlapDeviation   overlap − overlapTheory, or null
 * @param errorFraction      mean fraction of bits that differ from the cued pattern at the end, (1 − m)/2
 * @param retrievalFraction  recalls that end with m ≥ {@value Network#RETRIEVED}
 * @param stableFraction     stored patterns that are fixed points of the dynamics (no bit unstable)
 * @param unstableBitFraction stored bits that one update would flip (ξ_i h_i &lt; 0)
 * @param unstableBitTheory  Φ(−√((N−1)/(P−1))), the Gaussian estimate for Hebb; null for Storkey
 * @param spurious           recalls that end far from every stored pattern (all |m_μ| &lt; {@value Network#RETRIEVED})
 * @param mixtures           of those, states with ≥ 3 overlaps of at least {@value Network#MIXTURE_COMPONENT}
 * @param fixedPointFraction recalls that ended at a fixed point (within the sweep limit; T = 0 only)
 * @param meanSweeps         sweeps per recall
 * @param neuronUpdates      single-neuron updates made at this load
 */
public record HopfieldPoint(double alpha, int patterns, int recalls, double overlap, Double overlapSem,
                            Double overlapTheory, Double overlapDeviation, double errorFraction,
                            double retrievalFraction, double stableFraction, double unstableBitFraction,
                            Double unstableBitTheory, int spurious, int mixtures, double fixedPointFraction,
                            double meanSweeps, long neuronUpdates) {

    Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("patterns", patterns);
        m.put("recalls", recalls);
        m.put("overlap", overlap);
        m.put("overlapSem", overlapSem);
        m.put("overlapTheory", overlapTheory);
        m.put("overlapDeviation", overlapDeviation);
        m.put("errorFraction", errorFraction);
        m.put("retrievalFraction", retrievalFraction);
        m.put("stableFraction", stableFraction);
        m.put("unstableBitFraction", unstableBitFraction);
        m.put("unstableBitTheory", unstableBitTheory);
        m.put("spurious", spurious);
        m.put("mixtures", mixtures);
        m.put("fixedPointFraction", fixedPointFraction);
        m.put("meanSweeps", meanSweeps);
        m.put("neuronUpdates", neuronUpdates);
        return m;
    }
}
