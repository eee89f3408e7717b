package cheaplab.lab.rbm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BetaScheduleTest {
    @Test
    void paperScheduleHasTheThreeStepSizes() {
        BetaSchedule s = BetaSchedule.salakhutdinovMurray(BetaSchedule.PAPER_COUNT);
        assertEquals(14_501, s.size());
        assertEquals(0.0, s.beta(0));
        assertEquals(1.0, s.beta(14_500));
        assertEquals(0.5, s.beta(500), 1e-15);
        assertEquals(0.9, s.beta(4_500), 1e-15);
        for (int k = 1; k < s.size(); k++) {
            double step = s.beta(k) - s.beta(k - 1);
            double want = k <= 500 ? 1e-3 : k <= 4_500 ? 1e-4 : 1e-5;
            assertEquals(want, step, 1e-12, "step " + k);
        }
    }

    @Test
    void otherCountsKeepTheProportionsAndAreIncreasing() {
        for (int n : new int[]{4, 10, 100, 1001, 3000}) {
            BetaSchedule s = BetaSchedule.salakhutdinovMurray(n);
            assertEquals(n, s.size());
            assertEquals(0.0, s.beta(0));
            assertEquals(1.0, s.beta(n - 1));
            for (int k = 1; k < n; k++) assertTrue(s.beta(k) > s.beta(k - 1), "increasing at " + k + " of " + n);
        }
        BetaSchedule s = BetaSchedule.salakhutdinovMurray(1451); // a tenth of the paper's intervals
        assertEquals(0.5, s.beta(50), 1e-15);
        assertEquals(0.9, s.beta(450), 1e-15);
    }
}
