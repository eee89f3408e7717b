package cheaplab.lab.rbm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExactPartitionFunctionTest {

    @Test
    void bothEnumerationsEqualTheBruteForceSumOverAllJointStates() {
        BernoulliRbm rbm = Enumeration.random(6, 4, 1.5, 21);
        double brute = Enumeration.of(rbm).logZ();
        assertEquals(brute, ExactPartitionFunction.logZEnumeratingHidden(rbm, () -> {}), 1e-10);
        assertEquals(brute, ExactPartitionFunction.logZEnumeratingVisible(rbm, () -> {}), 1e-10);
        assertEquals(brute, ExactPartitionFunction.logZ(rbm), 1e-10);
    }

    @Test
    void hiddenAndVisibleEnumerationsAgreeAcrossManyBlocks() {
        // 14 hidden units: 4 blocks of 2^12 states; 18 visible units: 64 blocks.
        BernoulliRbm rbm = Enumeration.random(18, 14, 0.6, 22);
        double byHidden = ExactPartitionFunction.logZEnumeratingHidden(rbm, () -> {});
        double byVisible = ExactPartitionFunction.logZEnumeratingVisible(rbm, () -> {});
        assertEquals(byVisible, byHidden, 1e-9 * Math.abs(byVisible));
    }

    /**
     * Regression for a use-after-free: the enumeration once took native pointers to its ones-vector and sums and
     * never touched those arrays again, so a collection between blocks let ND4J free them while cblas_dgemv still
     * read and wrote through the pointers (wrong log Z, or a corrupted heap). Collections between every block
     * must not change the answer.
     */
    @Test
    void garbageCollectionsBetweenBlocksDoNotChangeTheAnswer() {
        BernoulliRbm rbm = Enumeration.random(18, 14, 0.6, 22);
        double quiet = ExactPartitionFunction.logZEnumeratingVisible(rbm, () -> {});
        for (int round = 0; round < 3; round++) {
            double collected = ExactPartitionFunction.logZEnumeratingVisible(rbm, () -> {
                System.gc();
                org.nd4j.linalg.factory.Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 14); // reuse freed blocks
                try {
                    Thread.sleep(2); // ND4J's deallocator thread frees what the collection found
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(quiet, collected, 1e-12 * Math.abs(quiet), "round " + round);
        }
    }

    @Test
    void largeActivationsDoNotOverflow() {
        BernoulliRbm rbm = Enumeration.random(10, 5, 200.0, 23);
        double brute = Enumeration.of(rbm).logZ();
        assertTrue(Double.isFinite(brute) && brute > 1000, "the test needs activations past double exp's range, was " + brute);
        assertEquals(brute, ExactPartitionFunction.logZEnumeratingHidden(rbm, () -> {}), 1e-12 * brute);
        assertEquals(brute, ExactPartitionFunction.logZEnumeratingVisible(rbm, () -> {}), 1e-12 * brute);
    }

    @Test
    void zeroParametersGiveTheUniformDistribution() {
        BernoulliRbm rbm = BernoulliRbm.zeros(784, 13);
        assertEquals((784 + 13) * Math.log(2), ExactPartitionFunction.logZ(rbm), 1e-9);
    }

    @Test
    void onlySmallLayersAreEnumerated() {
        assertTrue(ExactPartitionFunction.enumerable(BernoulliRbm.zeros(784, 24)));
        assertTrue(ExactPartitionFunction.enumerable(BernoulliRbm.zeros(24, 500)));
        assertFalse(ExactPartitionFunction.enumerable(BernoulliRbm.zeros(784, 25)));
        assertThrows(IllegalArgumentException.class, () -> ExactPartitionFunction.logZ(BernoulliRbm.zeros(30, 30)));
    }

    @Test
    void checkpointRunsBetweenBlocks() {
        int[] calls = {0};
        ExactPartitionFunction.logZEnumeratingHidden(Enumeration.random(8, 15, 0.3, 24), () -> calls[0]++);
        assertEquals(1 << 3, calls[0]); // 15 bits = 12 low bits × 2^3 blocks
    }
}
