package cheaplab.core;

import java.util.SplittableRandom;

/**
 * Reproducible random streams. Every engine derives its generators from the config seed through
 * {@link #stream(long, String)}, so adding a new random consumer does not shift the numbers of another.
 */
public final class Seeds {
    private Seeds() {}

    /** An independent generator for a named purpose ("data", "noise", "repeat-3"...). */
    public static SplittableRandom stream(long seed, String purpose) {
        long h = seed * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < purpose.length(); i++) {
            h = (h ^ purpose.charAt(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return new SplittableRandom(h);
    }
}
