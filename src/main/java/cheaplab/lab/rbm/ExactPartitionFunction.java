package cheaplab.lab.rbm;

import cheaplab.linalg.Blas;
import cheaplab.linalg.NativeArrays;
import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.NativeSlice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * log Z of a {@link BernoulliRbm} by exhaustive summation over the smaller layer, the other summed in closed
 * form:
 * <pre>
 *   Z = Σ_h e^{cᵀh} Πᵢ (1 + e^{bᵢ + (Wh)ᵢ})        (enumerating the nh hidden units)
 *     = Σ_v e^{bᵀv} Πⱼ (1 + e^{cⱼ + (vᵀW)ⱼ})       (enumerating the nv visible units)
 * </pre>
 * Feasible up to {@value #MAX_UNITS} units (2²⁴ ≈ 1.7·10⁷ states, each needing one softplus per unit of the
 * other layer: about a minute for 784 visible units on one core; 2¹⁶ states take a fraction of a second).
 *
 * <p>The 2ⁿ states are split into high bits (one block per pattern) and {@code L} low bits (the rows of a
 * block). The pre-activations o + M s of a block are a fixed table for the low bits plus one offset row for the
 * high bits — the product S·Mᵀ factorised, so a block costs a broadcast add, a softplus and a row sum, all in
 * double precision; the blocks are combined by a streaming log-sum-exp in double.
 */
public final class ExactPartitionFunction {
    public static final int MAX_UNITS = 24;
    private static final long BLOCK_ELEMENTS = 1L << 22; // doubles per block buffer (32 MB)
    private static final int MAX_LOW_BITS = 12;
    /** log(1 + eˣ) as written is exact in double up to here (e^700 < Double.MAX_VALUE). */
    private static final double NAIVE_SOFTPLUS_MAX = 700;

    private ExactPartitionFunction() {}

    public static boolean enumerable(BernoulliRbm rbm) {
        return Math.min(rbm.visible(), rbm.hidden()) <= MAX_UNITS;
    }

    /** log Z by enumerating the smaller layer; {@code checkpoint} runs between blocks (cancellation). */
    public static double logZ(BernoulliRbm rbm, Runnable checkpoint) {
        if (!enumerable(rbm))
            throw new IllegalArgumentException("exact log Z needs a layer of at most " + MAX_UNITS + " units");
        return rbm.hidden() <= rbm.visible() ? logZEnumeratingHidden(rbm, checkpoint) : logZEnumeratingVisible(rbm, checkpoint);
    }

    public static double logZ(BernoulliRbm rbm) {
        return logZ(rbm, () -> {});
    }

    public static double logZEnumeratingHidden(BernoulliRbm rbm, Runnable checkpoint) {
        Parameters p = Parameters.of(rbm);
        double[][] m = new double[p.nv][]; // m[i][j] = W[i][j]: visible × hidden
        for (int i = 0; i < p.nv; i++) m[i] = p.w[i];
        return logSumOverStates(p.c, p.b, m, checkpoint);
    }

    public static double logZEnumeratingVisible(BernoulliRbm rbm, Runnable checkpoint) {
        Parameters p = Parameters.of(rbm);
        double[][] m = new double[p.nh][p.nv]; // Wᵀ: hidden × visible
        for (int i = 0; i < p.nv; i++) for (int j = 0; j < p.nh; j++) m[j][i] = p.w[i][j];
        return logSumOverStates(p.b, p.c, m, checkpoint);
    }

    /**
     * log Σ_{s ∈ {0,1}ⁿ} exp(aᵀs + Σ_k softplus(o_k + (M s)_k)) with M of shape {@code K × n}.
     */
    static double logSumOverStates(double[] a, double[] o, double[][] m, Runnable checkpoint) {
        int n = a.length, k = o.length;
        if (n > MAX_UNITS) throw new IllegalArgumentException(n + " units is too many to enumerate");
        int low = Math.min(n, Math.min(MAX_LOW_BITS, 63 - Long.numberOfLeadingZeros(Math.max(1, BLOCK_ELEMENTS / k))));
        int rows = 1 << low, high = n - low;

        // Table for the low bits: pre[s][·] = Σ_{bit t of s} M[·][t], lin[s] = Σ_{bit t of s} a[t].
        double[] table = new double[rows * k];
        double[] linLow = new double[rows];
        for (int s = 1; s < rows; s++) {
            int t = 31 - Integer.numberOfLeadingZeros(s), prev = s & ~(1 << t);
            System.arraycopy(table, prev * k, table, s * k, k);
            for (int r = 0; r < k; r++) table[s * k + r] += m[r][t];
            linLow[s] = linLow[prev] + a[t];
        }
        INDArray lowPre = Nd4j.createFromArray(table).reshape(rows, k);
        INDArray block = Nd4j.create(DataType.DOUBLE, rows, k);
        INDArray scratch = Nd4j.create(DataType.DOUBLE, rows, k);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, k);
        INDArray sums = Nd4j.create(DataType.DOUBLE, rows);
        NativeSlice pBlock = NativeBuffer.of(block).at(0), pOnes = NativeBuffer.of(ones).at(0), pSums = NativeBuffer.of(sums).at(0);
        double[] offset = new double[k];
        double[] hostSums = new double[rows];

        double max = Double.NEGATIVE_INFINITY, acc = 0; // log-sum-exp = max + log(acc)
        try {
        for (long hi = 0; hi < (1L << high); hi++) {
            checkpoint.run();
            System.arraycopy(o, 0, offset, 0, k);
            double linHigh = 0;
            for (int t = 0; t < high; t++) {
                if ((hi >>> t & 1) == 0) continue;
                for (int r = 0; r < k; r++) offset[r] += m[r][low + t];
                linHigh += a[low + t];
            }
            INDArray offsetRow = Nd4j.createFromArray(offset);
            Nd4j.getExecutioner().exec(new BroadcastAddOp(lowPre, offsetRow, block, 1));
            NativeArrays.release(offsetRow);
            if (block.maxNumber().doubleValue() <= NAIVE_SOFTPLUS_MAX) Softplus.inPlaceUnchecked(block);
            else Softplus.inPlace(block, scratch);
            Blas.dgemv(rows, k, 1.0, pBlock, k, pOnes, 1, 0.0, pSums, 1);
            Blas.get(pSums, hostSums, 0, rows);
            for (int s = 0; s < rows; s++) {
                double term = hostSums[s] + linLow[s] + linHigh;
                if (term <= max) acc += Math.exp(term - max);
                else {
                    acc = acc * Math.exp(max - term) + 1;
                    max = term;
                }
            }
        }
        } finally {
            // The native calls above have returned: the pointers in pBlock, pOnes, pSums are not used again.
            NativeArrays.release(lowPre, block, scratch, ones, sums);
        }
        return max + Math.log(acc);
    }

    /** Θ read out in double precision. */
    record Parameters(int nv, int nh, double[][] w, double[] b, double[] c) {
        static Parameters of(BernoulliRbm rbm) {
            RbmWeights p = rbm.toWeights();
            int nv = p.visible(), nh = p.hidden();
            double[][] w = new double[nv][nh];
            double[] b = new double[nv], c = new double[nh];
            for (int i = 0; i < nv; i++) {
                for (int j = 0; j < nh; j++) w[i][j] = p.W()[i][j];
                b[i] = p.b()[i];
            }
            for (int j = 0; j < nh; j++) c[j] = p.c()[j];
            return new Parameters(nv, nh, w, b, c);
        }
    }
}
