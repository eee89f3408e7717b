package cheaplab.lab.ising;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Majority rule and the bit-sliced counters against plain per-replica counting. */
class BlockSpinsTest {

    @Test
    void majorityOfThreeByThreeBlocksIsTheSignOfTheBlockSum() {
        SplittableRandom rnd = new SplittableRandom(2);
        SpinLanes fine = new SpinLanes(9), coarse = new SpinLanes(3);
        fine.fillRandom(rnd);
        BlockSpins.majority(fine, coarse, 3, 1);
        for (int lane = 0; lane < 64; lane++)
            for (int by = 0; by < 3; by++)
                for (int bx = 0; bx < 3; bx++) {
                    int sum = 0;
                    for (int dy = 0; dy < 3; dy++) for (int dx = 0; dx < 3; dx++) sum += fine.spin(lane, 3 * bx + dx, 3 * by + dy);
                    assertEquals(Integer.signum(sum), coarse.spin(lane, bx, by));
                }
    }

    @Test
    void twoByTwoBlocksFollowTheMajorityAndBreakTiesByAFairCoin() {
        SplittableRandom rnd = new SplittableRandom(3);
        SpinLanes fine = new SpinLanes(16), coarse = new SpinLanes(8);
        long ties = 0, tieUps = 0;
        for (int rep = 0; rep < 200; rep++) {
            fine.fillRandom(rnd);
            BlockSpins.majority(fine, coarse, 2, rep);
            for (int lane = 0; lane < 64; lane++)
                for (int by = 0; by < 8; by++)
                    for (int bx = 0; bx < 8; bx++) {
                        int sum = fine.spin(lane, 2 * bx, 2 * by) + fine.spin(lane, 2 * bx + 1, 2 * by)
                                + fine.spin(lane, 2 * bx, 2 * by + 1) + fine.spin(lane, 2 * bx + 1, 2 * by + 1);
                        int c = coarse.spin(lane, bx, by);
                        if (sum != 0) assertEquals(Integer.signum(sum), c);
                        else {
                            ties++;
                            if (c > 0) tieUps++;
                        }
                    }
        }
        // 6/16 of random blocks tie; the coin is fair within 5 binomial errors
        double f = (double) tieUps / ties;
        assertTrue(Math.abs(f - 0.5) < 5 * Math.sqrt(0.25 / ties), "tie-break up fraction " + f + " of " + ties);
    }

    @Test
    void bitSlicedCountsEqualPerReplicaCounts() {
        SplittableRandom rnd = new SplittableRandom(4);
        SpinLanes lat = new SpinLanes(6);
        lat.fillRandom(rnd);
        LaneCounter ups = new LaneCounter(), anti = new LaneCounter();
        lat.count(ups, anti);
        long[] u = ups.counts(new long[64]), a = anti.counts(new long[64]);
        for (int lane = 0; lane < 64; lane++) {
            int nu = 0, na = 0;
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 6; x++) {
                    int s = lat.spin(lane, x, y);
                    if (s > 0) nu++;
                    if (s != lat.spin(lane, (x + 1) % 6, y)) na++;
                    if (s != lat.spin(lane, x, (y + 1) % 6)) na++;
                }
            assertEquals(nu, u[lane]);
            assertEquals(na, a[lane]);
        }
    }
}
