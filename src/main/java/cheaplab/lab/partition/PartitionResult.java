package cheaplab.lab.partition;

import java.util.List;
import java.util.Map;

/**
 * Final figures of a partition run at the config's κ (no wall-clock fields: identical configs give identical JSON).
 * Logs are natural, divergences in nats.
 *
 * @param states             2ⁿ
 * @param kappa              the κ of these figures
 * @param logZ               ln Z, Z = Σ_y e^{−H(y)}
 * @param logZTilde          ln Z̃, Z̃ = Σ_y e^{−H(y) − K(y)}
 * @param logZJoint          ln Σ_{y, y′} e^{−H(y, y′)} by enumeration of the 4ⁿ pairs: equals logZ
 * @param klDivergence       KL(p ‖ p̃) and KL(p̃ ‖ p): &gt; 0 unless K is constant
 * @param traceDeviation     max_y |Tr_{y′} e^{T(y, y′)} − 1|: 0 exactly when K is constant
 * @param logTraceDeviation  max_y |ln Tr_{y′} e^{T(y, y′)}|
 * @param primeMarginalError max_{y′} |p′(y′) − p(y′)|: the joint's other marginal is p
 * @param kernelSpread       max K − min K
 * @param distribution       every state, ranked by p
 * @param sweep              the κ sweep, ascending κ
 */
public record PartitionResult(int states, double kappa, double logZ, double logZTilde, double logZJoint,
                              KlDivergence klDivergence, double traceDeviation, double logTraceDeviation,
                              double primeMarginalError, double kernelSpread, List<StateProbability> distribution,
                              List<SweepPoint> sweep, PartitionConfig config, Map<String, String> versions) {}
