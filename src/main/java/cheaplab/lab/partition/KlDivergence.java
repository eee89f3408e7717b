package cheaplab.lab.partition;

/**
 * Both Kullback–Leibler divergences between p(y) = e^{−H(y)}/Z and the joint's marginal p̃(y), in nats.
 *
 * @param forward KL(p ‖ p̃) = Σ_y p(y) ln(p(y)/p̃(y))
 * @param reverse KL(p̃ ‖ p) = Σ_y p̃(y) ln(p̃(y)/p(y))
 */
public record KlDivergence(double forward, double reverse) {}
