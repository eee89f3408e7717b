package cheaplab.lab.rbm;

import cheaplab.core.Seeds;
import cheaplab.linalg.CounterHash;

import java.util.SplittableRandom;

/**
 * Counter-based uniform random numbers for element-wise sampling: the c-th number of a draw with keys (k₀, k₁) is
 * <pre>  u(c) = (⌊mix(mix(c + k₀) ⊕ k₁) / 2⁹⌋ + 2²³·127 as float bits) − 1  ∈ {0, 2⁻²³, …, 1 − 2⁻²³},</pre>
 * where {@code mix} is Wellons' "lowbias32" integer hash ({@link CounterHash}, shared with the MLP's distortion noise) (two xor-shift–multiply rounds, a bijection of the
 * 32-bit integers with near-ideal avalanche). A number depends only on its index and the keys — not on the order
 * or the vector width in which a kernel visits the elements — so a vectorised loop and a scalar one draw the same
 * numbers, and a pass over up to 2³² elements never repeats one. Each pass takes fresh keys from a
 * {@link SplittableRandom} stream seeded by {@link Seeds#stream(long, String)}, so the whole sequence follows
 * from the run's seed and a purpose name.
 *
 * <p>The statistical checks in the tests (uniformity, serial and cross-key correlation, Bernoulli frequencies)
 * and, above all, AIS against exact enumeration are what vouch for it; it is not a cryptographic generator.
 */
final class CounterRandom {
    private final SplittableRandom keys;

    CounterRandom(long seed, String purpose) {
        this.keys = Seeds.stream(seed, purpose);
    }

    /** Keys for the next pass: k₀ in the low 32 bits, k₁ in the high 32 bits. */
    long nextKeys() {
        return keys.nextLong();
    }

    static int k0(long keys) {
        return (int) keys;
    }

    static int k1(long keys) {
        return (int) (keys >>> 32);
    }

    /** Element {@code c}'s uniform number in [0, 1), a multiple of 2⁻²³. */
    static float uniform(int c, int k0, int k1) {
        return Float.intBitsToFloat((CounterHash.bits(c, k0, k1) >>> 9) | 0x3f800000) - 1f;
    }
}
