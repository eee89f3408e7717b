package cheaplab.lab.rbm;

import cheaplab.core.Seeds;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native counter-based generator, seeded from {@link Seeds#stream(long, String)} so that every random
 * draw of a run follows from the config seed and a purpose name. Each instance is private to its owner (never
 * ND4J's shared thread-local generator), so concurrent runs and other labs cannot shift its numbers; the
 * sequence of draws depends only on the sequence of calls made with it.
 */
final class NativeRandom {
    private NativeRandom() {}

    static Random create(long seed, String purpose) {
        return Nd4j.getRandomFactory().getNewRandomInstance(Seeds.stream(seed, purpose).nextLong());
    }

    static void close(Random r) {
        if (r == null) return;
        try {
            r.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release a native random generator", e);
        }
    }
}
