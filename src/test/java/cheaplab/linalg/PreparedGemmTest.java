package cheaplab.linalg;

import cheaplab.linalg.NativeBuffer;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocked products equal whole ones, for both operand layouts and with leading dimensions wider than the block. */
class PreparedGemmTest {
    @Test
    void blockedProductEqualsTheWholeProduct() {
        for (boolean transB : new boolean[]{false, true}) {
            int m = 10, n = transB ? 784 : 500, k = transB ? 501 : 785;
            INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
            INDArray b = transB ? Nd4j.rand(DataType.FLOAT, n + 1, k + 3) : Nd4j.rand(DataType.FLOAT, k, n + 1);
            INDArray c0 = Nd4j.rand(DataType.FLOAT, m, n + 1);
            INDArray blocked = c0.dup(), whole = c0.dup();
            PreparedGemm g = new PreparedGemm(transB, m, n, k, NativeBuffer.of(a).at(0), k, NativeBuffer.of(b).at(0), (int) b.columns(),
                    NativeBuffer.of(blocked).at(0), n + 1, true);
            assertTrue(g.blocks() > 1, "should split " + (transB ? "A·Bᵀ" : "A·B"));
            g.run(0.5f, 2f);
            new PreparedGemm(transB, m, n, k, NativeBuffer.of(a).at(0), k, NativeBuffer.of(b).at(0), (int) b.columns(),
                    NativeBuffer.of(whole).at(0), n + 1, false).run(0.5f, 2f);
            INDArray bUsed = transB ? b.get(NDArrayIndex.interval(0, n), NDArrayIndex.interval(0, k)).transpose()
                    : b.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
            INDArray want = a.mmul(bUsed).muli(0.5).addi(c0.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n)).mul(2));
            INDArray got = blocked.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
            assertTrue(want.equalsWithEps(got, 1e-3), "blocked vs ND4J");
            assertTrue(whole.equalsWithEps(blocked, 1e-3), "blocked vs whole");
            assertEquals(c0.getDouble(3, n), blocked.getDouble(3, n), 0.0, "the column past n is untouched");
        }
    }

    @Test
    void blocksQualifyForTheSmallKernelsOrTheProductStaysWhole() {
        assertEquals(500, PreparedGemm.blockWidth(false, false, 10, 500, 785));
        int w = PreparedGemm.blockWidth(true, false, 10, 500, 785);
        assertTrue(w % 16 == 0 && 10.0 * w * 785 <= 1e6, "width " + w);
        int t = PreparedGemm.blockWidth(true, true, 10, 784, 501);
        assertTrue(10 * t <= 1000 && t >= 32, "width " + t);
        assertEquals(500, PreparedGemm.blockWidth(true, false, 100, 500, 785)); // too many rows: whole
    }
}
