package cheaplab.linalg;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link CounterHash} on a vector of counters, lane by lane the same integer arithmetic. Load only when
 * {@link VectorApi#available()}.
 */
public final class VectorCounterHash {
    private VectorCounterHash() {}

    public static IntVector mix(IntVector x) {
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(0x7feb352d);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(0x846ca68b);
        return x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
    }

    /** The bits of the counters {@code c}: mix(mix(c + k₀) ⊕ k₁). */
    public static IntVector bits(IntVector c, int k0, int k1) {
        return mix(mix(c.add(k0)).lanewise(VectorOperators.XOR, k1));
    }
}
