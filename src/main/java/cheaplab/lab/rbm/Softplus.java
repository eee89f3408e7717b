package cheaplab.lab.rbm;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;
import org.nd4j.linalg.factory.Nd4j;

/**
 * softplus(x) = log(1 + eˣ), computed without overflow. ND4J's {@code SoftPlus} evaluates log(1 + exp(x)) as
 * written and returns ∞ beyond x ≈ 88 (float) / 709 (double). Above a cut-off κ the correction log1p(e⁻ˣ) is
 * below half an ulp of x (κ = 20 in float: e⁻²⁰ ≈ 2·10⁻⁹ < ulp(20)/2 ≈ 10⁻⁶; κ = 37 in double), so
 * softplus(x) = softplus(min(x, κ)) + max(x − κ, 0) exactly in working precision, for every finite x.
 */
public final class Softplus {
    static final double FLOAT_CUT = 20.0;
    static final double DOUBLE_CUT = 37.0;

    private Softplus() {}

    /** The scalar function in double precision. */
    public static double of(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /**
     * Replaces every element of {@code x} by its softplus. {@code scratch} has x's shape and type and is
     * overwritten. Four element-wise passes (min, subtract, softplus, add), no allocation.
     */
    public static void inPlace(INDArray x, INDArray scratch) {
        double cut = x.dataType() == DataType.DOUBLE ? DOUBLE_CUT : FLOAT_CUT;
        Nd4j.getExecutioner().exec(new ScalarMin(x, null, scratch, cut)); // s = min(x, κ)
        Nd4j.getExecutioner().exec(new SubOp(x, scratch, x));            // x = x − s = max(x − κ, 0)
        Nd4j.getExecutioner().exec(new SoftPlus(scratch, scratch));      // s = softplus(min(x, κ)), no overflow
        Nd4j.getExecutioner().exec(new AddOp(x, scratch, x));            // x = softplus(x)
    }

    /**
     * ND4J's one-pass log(1 + exp(x)): exact as long as exp(x) does not overflow (x ≤ 88 in float, ≤ 709 in
     * double). Callers check the maximum first.
     */
    static void inPlaceUnchecked(INDArray x) {
        Nd4j.getExecutioner().exec(new SoftPlus(x, x));
    }
}
