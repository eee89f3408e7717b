package cheaplab.lab.mlp;

import cheaplab.linalg.VectorCounterHash;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DisplacementNoise}'s loops with the Java Vector API at the processor's preferred width (the same element
 * arithmetic, lane by lane). Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorDisplacementNoise {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final IntVector IOTA = IntVector.zero(I).addIndex(1);

    static {
        if (DisplacementNoise.BLOCK % F.length() != 0 || F.length() != I.length())
            throw new AssertionError("vector width " + F.length() + " must divide " + DisplacementNoise.BLOCK);
    }

    private VectorDisplacementNoise() {}

    static void fill(float[] out, int end, int k0, int k1) {
        FloatVector half = FloatVector.broadcast(F, 0.5f), scale = FloatVector.broadcast(F, 0x1p-22f), one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < end; i += F.length()) {
            IntVector h = VectorCounterHash.bits(IOTA.add(i), k0, k1);
            FloatVector m = (FloatVector) h.lanewise(VectorOperators.LSHR, 9).convert(VectorOperators.I2F, 0);
            m.add(half).mul(scale).sub(one).intoArray(out, i);
        }
    }

    static void convolve(float[] in, int stride, float[] g, float[] out, int end) {
        for (int i = 0; i < end; i += F.length()) {
            FloatVector s = FloatVector.zero(F);
            for (int k = 0; k < g.length; k++) s = s.add(FloatVector.fromArray(F, in, i + k * stride).mul(g[k]));
            s.intoArray(out, i);
        }
    }
}
