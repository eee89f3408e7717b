package cheaplab.lab.vrg;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The receptive-field product, the periodic spread and the block magnetisations against direct computations. */
class ReceptiveFieldsTest {

    static float[][] random(int rows, int cols, SplittableRandom r) {
        float[][] w = new float[rows][cols];
        for (float[] row : w) for (int j = 0; j < cols; j++) row[j] = (float) r.nextGaussian();
        return w;
    }

    @Test
    void theProductIsTheSumOverPathsBackToTheLattice() {
        SplittableRandom r = new SplittableRandom(7);
        float[][][] w = {random(16, 6, r), random(6, 5, r), random(5, 3, r)};
        double[][] f = ReceptiveFields.product(w, 3);
        assertEquals(16, f.length);
        assertEquals(3, f[0].length);
        for (int i = 0; i < 16; i++)
            for (int c = 0; c < 3; c++) {
                double direct = 0; // Σ over every path i → a → b → c of the product of its weights
                for (int a = 0; a < 6; a++)
                    for (int b = 0; b < 5; b++) direct += (double) w[0][i][a] * w[1][a][b] * w[2][b][c];
                assertEquals(direct, f[i][c], 1e-9 * (1 + Math.abs(direct)), "site " + i + ", unit " + c);
            }
        double[][] f1 = ReceptiveFields.product(w, 1);
        for (int i = 0; i < 16; i++) for (int a = 0; a < 6; a++) assertEquals(w[0][i][a], f1[i][a], 0.0);
    }

    @Test
    void aFieldOnOneSiteHasNoSpreadAndABlockAcrossTheEdgeKeepsItsOwn() {
        int l = 8;
        double[] delta = new double[l * l];
        delta[5 * l + 3] = -2.5;
        assertEquals(0, ReceptiveFields.spread(delta, l), 1e-12);
        // A 3×3 block: per axis d ∈ {−1, 0, 1}, mean d² = 2/3, so s² = 4/3 — also when it wraps around the corner.
        for (int x0 : new int[]{2, 7}) {
            double[] block = new double[l * l];
            for (int dy = 0; dy < 3; dy++)
                for (int dx = 0; dx < 3; dx++) block[((x0 + dy) % l) * l + (x0 + dx) % l] = (dx + dy) % 2 == 0 ? 1 : -1;
            assertEquals(Math.sqrt(4.0 / 3), ReceptiveFields.spread(block, l), 1e-9, "block at " + x0);
        }
        // Two sites three apart, weights 1 and 3: centre at 3/4 of the way, s² = (1·(9/4)² + 3·(3/4)²)/4 = 27/16.
        double[] pair = new double[l * l];
        pair[2 * l + 6] = 1;
        pair[2 * l + 1] = 3; // x = 6 and x = 1 are 3 apart across the edge
        assertEquals(Math.sqrt(27.0 / 16), ReceptiveFields.spread(pair, l), 1e-9);
    }

    @Test
    void theUniformSpreadIsTheMinimumImageAverage() {
        for (int l : new int[]{4, 7, 8, 16, 40}) {
            double s = 0;
            for (int x = 0; x < l; x++) {
                double d = ReceptiveFields.minimumImage(x, l);
                s += d * d;
            }
            assertEquals(Math.sqrt(2 * s / l), ReceptiveFields.uniformSpread(l), 1e-12, "L = " + l);
        }
        assertEquals(Math.sqrt(1602.0 / 6) / 40, ReceptiveFields.uniformSpread(40) / 40, 1e-12);
    }

    @Test
    void blockSizesMatchSquareWidthsAndBlockMagnetisationsAverageSpins() {
        assertEquals(2, ReceptiveFields.blockSize(16, 64));
        assertEquals(8, ReceptiveFields.blockSize(16, 4));
        assertEquals(2, ReceptiveFields.blockSize(40, 400));
        assertEquals(8, ReceptiveFields.blockSize(40, 25));
        assertEquals(0, ReceptiveFields.blockSize(16, 10));
        assertEquals(0, ReceptiveFields.blockSize(10, 16)); // 10 / 4 is no integer
        byte[] v = new byte[16]; // 4×4, top-left 2×2 block all up, top-right one up of four
        v[0] = v[1] = v[4] = v[5] = 1;
        v[2] = 1;
        double[][] m = ReceptiveFields.blockMagnetizations(new byte[][]{v}, 4, 2);
        assertArrayEquals(new double[]{1, -0.5, -1, -1}, m[0], 1e-12);
    }

    @Test
    void bestCorrelationsFindTheMatchingColumn() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] blocks = new double[500][3], hidden = new double[500][2];
        for (int s = 0; s < 500; s++) {
            for (int q = 0; q < 3; q++) blocks[s][q] = r.nextGaussian();
            hidden[s][0] = -2 * blocks[s][1] + 5;       // exactly anti-correlated with block 1
            hidden[s][1] = blocks[s][2] + r.nextGaussian(); // correlation 1/√2 with block 2
        }
        double[] best = ReceptiveFields.bestCorrelations(hidden, blocks);
        assertEquals(1.0, best[0], 1e-12);
        assertEquals(1 / Math.sqrt(2), best[1], 0.06);
    }
}
