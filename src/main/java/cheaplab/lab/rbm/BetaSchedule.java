package cheaplab.lab.rbm;

import java.util.Arrays;

/**
 * The inverse temperatures 0 = β₀ < β₁ < … < β_K = 1 of annealed importance sampling. The default is
 * Salakhutdinov &amp; Murray's (ICML 2008, §4.2): β in steps of 10⁻³ from 0 to 0.5, 10⁻⁴ to 0.9 and 10⁻⁵ to 1,
 * 14,501 values. Other counts keep the three phases in the same proportions (500 : 4,000 : 10,000 intervals),
 * uniformly spaced within each.
 */
public final class BetaSchedule {
    /** The paper's number of β values. */
    public static final int PAPER_COUNT = 14_501;
    private static final double[] KNOTS = {0.0, 0.5, 0.9, 1.0};
    private static final int[] PAPER_INTERVALS = {500, 4_000, 10_000};

    private final double[] betas;

    private BetaSchedule(double[] betas) {
        this.betas = betas;
    }

    /** Salakhutdinov &amp; Murray's schedule with {@code count} ≥ 4 values (the paper's for 14,501). */
    public static BetaSchedule salakhutdinovMurray(int count) {
        if (count < 4) throw new IllegalArgumentException("a three-phase schedule needs at least 4 values");
        int intervals = count - 1, paper = PAPER_COUNT - 1;
        int[] per = new int[3];
        int assigned = 0;
        for (int p = 0; p < 3; p++) {
            per[p] = Math.max(1, (int) Math.round((double) intervals * PAPER_INTERVALS[p] / paper));
            assigned += per[p];
        }
        per[2] += intervals - assigned; // rounding remainder goes to the last (finest) phase
        if (per[2] < 1) {
            per[1] += per[2] - 1;
            per[2] = 1;
        }
        double[] b = new double[count];
        int at = 0;
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < per[p]; i++) b[at++] = KNOTS[p] + (KNOTS[p + 1] - KNOTS[p]) * i / per[p];
        }
        b[at] = 1.0;
        return new BetaSchedule(b);
    }

    /** Number of β values, K + 1. */
    public int size() {
        return betas.length;
    }

    public double beta(int k) {
        return betas[k];
    }

    public double[] toArray() {
        return Arrays.copyOf(betas, betas.length);
    }
}
