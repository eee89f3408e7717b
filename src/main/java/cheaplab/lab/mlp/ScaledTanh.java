package cheaplab.lab.mlp;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LeCun's scaled hyperbolic tangent f(x) = A·tanh(Bx) with A = 1.7159, B = 2/3 (LeCun, Bottou, Orr &amp; Müller
 * 1998, "Efficient BackProp"; the activation of Cireșan et al. 2010): f(±1) ≈ ±1 and f'' is largest at ±1.
 * f'(x) = A·B·(1 − tanh²(Bx)). A DL4J activation, so it is part of the saved model's configuration (the class must
 * be on the classpath to restore it).
 */
public class ScaledTanh extends BaseActivationFunction {
    public static final double A = 1.7159, B = 2.0 / 3.0;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        in.muli(B);
        Transforms.tanh(in, false);
        return in.muli(A);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        in.muli(B);
        Transforms.tanh(in, false);
        in.muli(in).rsubi(1.0).muli(A * B).muli(epsilon);
        return new Pair<>(in, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledTanh;
    }

    @Override
    public int hashCode() {
        return ScaledTanh.class.hashCode();
    }

    @Override
    public String toString() {
        return "scaled-tanh(1.7159·tanh(2x/3))";
    }
}
