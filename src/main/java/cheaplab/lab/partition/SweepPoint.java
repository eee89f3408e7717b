package cheaplab.lab.partition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One κ of the sweep: the joint enumerated at K = κ·k (see {@link LinTegmarkJoint.Analysis} for each field).
 * {@code logZJoint − logZ} is 0 for every κ (to rounding); the divergences and the trace deviation are not.
 */
public record SweepPoint(double kappa, double logZ, double logZTilde, double logZJoint, double klForward,
                         double klReverse, double traceDeviation, double logTraceDeviation, double primeMarginalError) {

    static SweepPoint of(double kappa, LinTegmarkJoint.Analysis a) {
        return new SweepPoint(kappa, a.logZ(), a.logZTilde(), a.logZJoint(), a.klForward(), a.klReverse(),
                a.traceDeviation(), a.logTraceDeviation(), a.primeMarginalError());
    }

    /** The streamed point: these fields plus {@code logZJointMinusLogZ}. */
    Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kappa", kappa);
        v.put("logZ", logZ);
        v.put("logZTilde", logZTilde);
        v.put("logZJoint", logZJoint);
        v.put("logZJointMinusLogZ", logZJoint - logZ);
        v.put("klForward", klForward);
        v.put("klReverse", klReverse);
        v.put("traceDeviation", traceDeviation);
        v.put("logTraceDeviation", logTraceDeviation);
        v.put("primeMarginalError", primeMarginalError);
        return v;
    }
}
