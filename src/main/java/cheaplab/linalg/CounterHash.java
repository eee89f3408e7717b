package cheaplab.linalg;

/**
 * The 32 random bits of element c under keys (k₀, k₁) for counter-based random numbers:
 * bits(c) = mix(mix(c + k₀) ⊕ k₁), with {@code mix} Wellons' "lowbias32" integer hash (two xor-shift–multiply rounds,
 * a bijection of the 32-bit integers with near-ideal avalanche). The bits depend only on the index and the keys,
 * not on the order or vector width in which a kernel visits the elements, so a vector loop
 * ({@link VectorCounterHash}, the same integer arithmetic lane by lane) and a scalar one draw the same numbers.
 * Used by the RBM's sampling and the MLP's distortion noise; each maps the bits to its own floats.
 */
public final class CounterHash {
    private CounterHash() {}

    /** Wellons' lowbias32 hash. */
    public static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }

    /** The 32 random bits of element {@code c}. */
    public static int bits(int c, int k0, int k1) {
        return mix(mix(c + k0) ^ k1);
    }
}
