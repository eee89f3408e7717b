package cheaplab.lab.ridge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSpacedIndicesTest {

    @Test
    void keepsEverythingWhenSmall() {
        assertArrayEquals(new int[] {1, 2, 3, 4, 5}, LogSpacedIndices.of(5, 200));
        assertArrayEquals(new int[0], LogSpacedIndices.of(0, 200));
    }

    @Test
    void thinsEvenlyInLogIndexKeepingFirstAndLast() {
        for (int max : new int[] {201, 784, 4096, 20000}) {
            int[] idx = LogSpacedIndices.of(max, 200);
            assertEquals(200, idx.length);
            assertEquals(1, idx[0]);
            assertEquals(max, idx[199]);
            for (int i = 1; i < idx.length; i++) assertTrue(idx[i] > idx[i - 1], "strictly increasing");
            // Once steps exceed one index, consecutive log-gaps are all about the same.
            double target = Math.log((double) max / idx[100]) / 99;
            for (int i = 101; i < idx.length; i++) {
                double gap = Math.log((double) idx[i] / idx[i - 1]);
                assertEquals(target, gap, 0.5 * target + 1.0 / idx[i - 1], "max=" + max + " i=" + i);
            }
        }
    }
}
