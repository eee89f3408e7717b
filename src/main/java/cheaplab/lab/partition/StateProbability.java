package cheaplab.lab.partition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state at the config's κ, as the {@code states} series streams it (ranked by p, largest first; ties by index).
 *
 * @param rank          1 = the most probable state under p
 * @param state         index s (y_i = +1 where bit i of s is set)
 * @param spins         y as text, spin 0 first, e.g. {@code "++-+"}
 * @param magnetization Σ_i y_i
 * @param energy        H(y)
 * @param kernelShape   k(y) (K = κ·k: the page recomputes p̃ at other κ from it)
 * @param kernel        K(y) = κ·k(y)
 * @param p             e^{−H(y)}/Z
 * @param pTilde        the joint's marginal on y, e^{−H(y) − K(y)}/Z̃
 * @param logP          ln p(y)
 * @param logPTilde     ln p̃(y)
 * @param logTrace      ln Tr_{y′} e^{T(y, y′)} (0 where the trace condition holds)
 */
public record StateProbability(int rank, int state, String spins, int magnetization, double energy, double kernelShape,
                               double kernel, double p, double pTilde, double logP, double logPTilde, double logTrace) {

    Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("rank", rank);
        v.put("state", state);
        v.put("spins", spins);
        v.put("magnetization", magnetization);
        v.put("energy", energy);
        v.put("kernelShape", kernelShape);
        v.put("kernel", kernel);
        v.put("p", p);
        v.put("pTilde", pTilde);
        v.put("logP", logP);
        v.put("logPTilde", logPTilde);
        v.put("logTrace", logTrace);
        return v;
    }
}
