package cheaplab.lab.hopfield;

import java.util.List;
import java.util.Map;

/**
 * Final figures of a Hopfield sweep (no wall-clock fields: the same config gives the same JSON).
 *
 * @param points             one row per load, in the order of the config's list
 * @param alphaC             the measured capacity: where the retrieval fraction falls through ½ between two
 *                           neighbouring loads (sorted by α; linear interpolation), or null if it does not
 * @param alphaCTheory       α_c of the AGS replica-symmetric solution (≈ 0.138)
 * @param overlapAtAlphaC    the AGS retrieval overlap at α_c (≈ 0.967)
 * @param errorAtAlphaC      the AGS fraction of wrong bits at α_c, (1 − m)/2 (≈ 0.016)
 * @param maxDeviationBelowAlphaC largest |overlap − AGS| over the loads below α_c (null if none or no theory)
 * @param neuronUpdates      single-neuron updates of the whole sweep (the work the lab's rate is quoted for)
 */
public record HopfieldResult(List<HopfieldPoint> points, Double alphaC, double alphaCTheory, double overlapAtAlphaC,
                             double errorAtAlphaC, Double maxDeviationBelowAlphaC, long neuronUpdates,
                             HopfieldConfig config, Map<String, String> versions) {}
