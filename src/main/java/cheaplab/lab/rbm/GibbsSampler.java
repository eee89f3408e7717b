package cheaplab.lab.rbm;

import cheaplab.linalg.Blas;
import cheaplab.linalg.NativeArrays;
import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.NativeSlice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Block Gibbs sampling of up to {@code capacity} independent chains of a {@link BernoulliRbm}:
 * h ~ p(h | v) = σ(c + vᵀW), then v ~ p(v | h) = σ(b + Wh), all chains in one GEMM per half-step. The chain
 * states and the last conditional probabilities are kept, so the sampler also serves one-step
 * reconstructions. Random draws come from a private native generator seeded by (seed, purpose).
 */
public final class GibbsSampler implements AutoCloseable {
    private final BernoulliRbm rbm;
    private final int capacity, nv, nh;
    private Random random;
    private final INDArray v, hPre, hProb, h, vPre, vProb;
    private final NativeSlice pTheta, pV, pH, pVPre, pHPre;
    private int active;

    public GibbsSampler(BernoulliRbm rbm, int capacity, long seed, String purpose) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be ≥ 1");
        this.rbm = rbm;
        this.capacity = capacity;
        this.nv = rbm.visible();
        this.nh = rbm.hidden();
        this.v = Nd4j.zeros(DataType.FLOAT, capacity, nv + 1);
        this.hPre = Nd4j.create(DataType.FLOAT, capacity, nh + 1);
        this.hProb = Nd4j.create(DataType.FLOAT, capacity, nh + 1);
        this.h = Nd4j.zeros(DataType.FLOAT, capacity, nh + 1);
        this.vPre = Nd4j.create(DataType.FLOAT, capacity, nv + 1);
        this.vProb = Nd4j.zeros(DataType.FLOAT, capacity, nv + 1);
        v.getColumn(nv).assign(1.0);
        h.getColumn(nh).assign(1.0);
        hPre.getColumn(nh).assign(Float.POSITIVE_INFINITY);
        vPre.getColumn(nv).assign(Float.POSITIVE_INFINITY);
        this.pTheta = rbm.theta(0);
        this.pV = NativeBuffer.of(v).at(0);
        this.pH = NativeBuffer.of(h).at(0);
        this.pVPre = NativeBuffer.of(vPre).at(0);
        this.pHPre = NativeBuffer.of(hPre).at(0);
        this.random = NativeRandom.create(seed, purpose);
        this.active = capacity;
    }

    /** Replaces the random stream (closing the old one), e.g. to make one evaluation independent of the previous. */
    public void reseed(long seed, String purpose) {
        Random next = NativeRandom.create(seed, purpose);
        NativeRandom.close(random);
        random = next;
    }

    public int capacity() {
        return capacity;
    }

    /** Number of chains in use (set by {@link #start}). */
    public int chains() {
        return active;
    }

    /** Starts {@code rows.count()} ≤ capacity chains at the given visible vectors. */
    public void start(VisibleRows rows) {
        if (rows.count() > capacity) throw new IllegalArgumentException(rows.count() + " chains, capacity " + capacity);
        if (rows.visible() != nv) throw new IllegalArgumentException("rows have " + rows.visible() + " visible units, the RBM " + nv);
        active = rows.count();
        Blas.scopy(active * (nv + 1), rows.slice(), 1, pV, 1);
    }

    /** Starts {@code chains} chains at independent uniformly random binary visible vectors. */
    public void startUniform(int chains) {
        if (chains > capacity || chains < 1) throw new IllegalArgumentException(chains + " chains, capacity " + capacity);
        active = chains;
        INDArray vs = rows(v);
        Nd4j.getExecutioner().exec(new BernoulliDistribution(vs, 0.5), random);
        v.getColumn(nv).assign(1.0);
    }

    /** h ~ p(h | v) for every active chain. */
    public void sampleHidden() {
        Blas.sgemm(false, false, active, nh, nv + 1, 1f, pV, nv + 1, pTheta, nh + 1, 0f, pHPre, nh + 1);
        Nd4j.getExecutioner().exec(new Sigmoid(rows(hPre), rows(hProb)));
        Nd4j.getExecutioner().exec(new BernoulliDistribution(rows(h), rows(hProb)), random);
    }

    /** v ~ p(v | h) for every active chain. */
    public void sampleVisible() {
        Blas.sgemm(false, true, active, nv, nh + 1, 1f, pH, nh + 1, pTheta, nh + 1, 0f, pVPre, nv + 1);
        Nd4j.getExecutioner().exec(new Sigmoid(rows(vPre), rows(vProb)));
        Nd4j.getExecutioner().exec(new BernoulliDistribution(rows(v), rows(vProb)), random);
    }

    /** {@code steps} full sweeps v → h → v. */
    public void run(int steps) {
        run(steps, () -> {});
    }

    /** {@code steps} sweeps; {@code checkpoint} runs before each. */
    public void run(int steps, Runnable checkpoint) {
        for (int s = 0; s < steps; s++) {
            checkpoint.run();
            sampleHidden();
            sampleVisible();
        }
    }

    /** Current visible states, {@code chains × nv} (a view). */
    public INDArray visible() {
        return v.get(NDArrayIndex.interval(0, active), NDArrayIndex.interval(0, nv));
    }

    /** Current hidden states, {@code chains × nh} (a view). */
    public INDArray hidden() {
        return h.get(NDArrayIndex.interval(0, active), NDArrayIndex.interval(0, nh));
    }

    /** p(h | v) from the last {@link #sampleHidden()}, {@code chains × nh} (a view). */
    public INDArray hiddenProbabilities() {
        return hProb.get(NDArrayIndex.interval(0, active), NDArrayIndex.interval(0, nh));
    }

    /** p(v | h) from the last {@link #sampleVisible()}, {@code chains × nv} (a view). */
    public INDArray visibleProbabilities() {
        return vProb.get(NDArrayIndex.interval(0, active), NDArrayIndex.interval(0, nv));
    }

    /** The same with the bias column (always 1), {@code chains × (nv + 1)}. */
    INDArray visibleProbabilitiesWithBias() {
        return rows(vProb);
    }

    BernoulliRbm rbm() {
        return rbm;
    }

    private INDArray rows(INDArray m) {
        return active == capacity ? m : m.get(NDArrayIndex.interval(0, active), NDArrayIndex.all());
    }

    @Override
    public void close() {
        NativeRandom.close(random);
        NativeArrays.release(v, hPre, hProb, h, vPre, vProb);
    }
}
