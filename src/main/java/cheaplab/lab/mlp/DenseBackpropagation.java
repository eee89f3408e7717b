package cheaplab.lab.mlp;

import cheaplab.linalg.Blas;
import cheaplab.linalg.NativeBuffer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;

import static java.lang.ref.Reference.reachabilityFence;

/**
 * One SGD update of the lab's network — forward pass, softmax cross-entropy, back-propagation and the parameter
 * update — done directly on the parameters of the DL4J {@link MultiLayerNetwork} that {@link MlpNetwork} built:
 * three float GEMMs per layer through {@link Blas} (two for the first layer, whose input needs no gradient) and
 * one fused element-wise pass after each ({@link DenseKernels}). With plain SGD the weight gradient is never
 * stored: the backward GEMM adds −η·δᵀA to the weights in place (β = 1).
 *
 * <p>Why below {@code fit()}: on 100-image batches DL4J's {@code fit()} spends most of its time outside the GEMMs
 * (per-op dispatch, workspaces, gradient views, the updater's separate passes): about 27% of the float GEMM rate,
 * against 72–79% for this class (docs/benchmarks.md, {@code mlp-epoch}). The network stays DL4J's: its layers,
 * initialisation, parameter layout and model file; this class only replaces the arithmetic of {@code fit()} and is
 * held to it by a test (DenseBackpropagationTest: the same parameters as {@code fit()} after several updates, for
 * each activation, with momentum and with clipping).
 *
 * <p>Semantics, as DL4J's: the loss is the batch's mean cross-entropy; the gradient is the mean loss's; with
 * {@code clipNorm} the gradient of each layer (weights and bias together) is scaled to L2 norm ≤ clipNorm after the
 * division by the batch size (ClipL2PerLayer); momentum is DL4J's Nesterovs update.
 *
 * <p>Layout (DL4J's DefaultParamInitializer, checked when the trainer is made): one flat float buffer; per layer the
 * weights W (nIn × nOut, column-major — so row-major nOut × nIn, what the GEMMs below read) followed by the bias.
 *
 * <p>Native memory: the parameter buffer belongs to the network; the activation, error, gradient and velocity buffers
 * are ND4J arrays this object owns and releases in {@link #close()} (not when a collector gets to them). Every BLAS
 * call takes {@link NativeBuffer} slices (the owners), and the byte views the kernels use are read only while this
 * object — holding the owners in fields — is open and in use ({@link #update} refuses after close and fences it).
 */
public final class DenseBackpropagation implements MlpUpdates {
    /** DL4J's LossMCXENT default softmax clipping for the score. */
    static final double SOFTMAX_CLIP = 1e-10;

    private final MultiLayerNetwork net;
    private final DenseKernels kernels;
    private final int kind, layers, maxBatch;
    private final int[] sizes, wOff, bOff;
    private final float clipNorm, momentum;
    private final NativeBuffer params;
    private final ByteBuffer p;
    private final NativeBuffer[] act;
    private final ByteBuffer[] actBytes;
    private final NativeBuffer deltaA, deltaB, gradient, velocity;
    private final ByteBuffer deltaABytes, deltaBBytes, gradientBytes, velocityBytes;
    private final float[] biasGradient, row;
    private final java.util.List<NativeBuffer> owned = new java.util.ArrayList<>();
    private boolean closed;

    public DenseBackpropagation(MultiLayerNetwork net, MlpConfig cfg, int maxBatch) {
        this(net, cfg, maxBatch, DenseKernels.fastest());
    }

    DenseBackpropagation(MultiLayerNetwork net, MlpConfig cfg, int maxBatch, DenseKernels kernels) {
        this.net = net;
        this.kernels = kernels;
        this.kind = DenseKernels.kind(cfg.activation());
        this.sizes = cfg.layerSizes();
        this.layers = sizes.length - 1;
        this.maxBatch = maxBatch;
        this.clipNorm = (float) cfg.clipNorm();
        this.momentum = (float) cfg.momentum();
        INDArray flat = net.params();
        if (flat.dataType() != DataType.FLOAT) throw new IllegalArgumentException("the trainer works in float, the network is " + flat.dataType());
        this.params = NativeBuffer.of(flat);
        this.p = params.bytes();
        this.wOff = new int[layers];
        this.bOff = new int[layers];
        long base = flat.data().addressPointer().address();
        for (int l = 0; l < layers; l++) {
            INDArray w = net.getLayer(l).getParam("W"), b = net.getLayer(l).getParam("b");
            int in = sizes[l], out = sizes[l + 1];
            // The views' own buffers point into the flat one: their element offsets from its start. These addresses
            // are only subtracted, never dereferenced; all access goes through the owner `params` (held in a field).
            long wAt = (w.data().addressPointer().address() - base) / Float.BYTES;
            long bAt = (b.data().addressPointer().address() - base) / Float.BYTES;
            boolean columnMajor = w.ordering() == 'f' || out == 1;
            if (!columnMajor || w.rows() != in || w.columns() != out || w.stride(1) != in || b.length() != out
                    || bAt != wAt + (long) in * out || wAt < 0 || bAt + out > flat.length())
                throw new IllegalStateException("layer " + l + ": unexpected DL4J parameter layout " + w.shapeInfoToString());
            wOff[l] = Math.toIntExact(wAt);
            bOff[l] = Math.toIntExact(bAt);
        }
        int widest = 0, widestLayer = 0;
        long largest = 0;
        act = new NativeBuffer[sizes.length];
        actBytes = new ByteBuffer[sizes.length];
        for (int l = 0; l < sizes.length; l++) {
            act[l] = floats((long) maxBatch * sizes[l]);
            actBytes[l] = act[l].bytes();
            widest = Math.max(widest, sizes[l]);
            if (l < layers) {
                largest = Math.max(largest, (long) sizes[l] * sizes[l + 1] + sizes[l + 1]);
                widestLayer = Math.max(widestLayer, sizes[l + 1]);
            }
        }
        deltaA = floats((long) maxBatch * widest);
        deltaB = floats((long) maxBatch * widest);
        deltaABytes = deltaA.bytes();
        deltaBBytes = deltaB.bytes();
        gradient = floats(largest);
        gradientBytes = gradient.bytes();
        velocity = momentum > 0 ? floats(flat.length()) : null;
        velocityBytes = velocity == null ? null : velocity.bytes();
        biasGradient = new float[widestLayer];
        row = new float[sizes[layers]];
    }

    /** A zeroed float buffer of this object's own (an ND4J array, released by {@link #close()}). */
    private NativeBuffer floats(long n) {
        if (n > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("a buffer of " + n + " floats is too large");
        NativeBuffer b = NativeBuffer.floats(1, Math.max(1, n));
        owned.add(b);
        return b;
    }

    /**
     * One update on {@code b} images: x is b × 784 row-major, y b × 10 one-hot. Returns the batch's mean
     * cross-entropy before the update (DL4J's score). With {@code stats} not null, fills the layers' gradient norms
     * (‖∂L/∂W‖ of the mean loss, before clipping) and update-to-weight ratios ‖ΔW‖ / ‖W‖ (W after the update).
     */
    @Override
    public double update(float[] x, float[] y, int b, double learningRate, LayerStatistics stats) {
        if (closed) throw new IllegalStateException("the trainer is closed: its buffers are released");
        if (b < 1 || b > maxBatch) throw new IllegalArgumentException("batch of " + b + " outside 1 … " + maxBatch);
        try {
            Blas.put(act[0].at(0), x, 0, b * sizes[0]);
            forward(b);
            double loss = softmaxCrossEntropy(y, b);
            backward(b, (float) learningRate, stats);
            return loss;
        } finally {
            reachabilityFence(this);
        }
    }

    private void forward(int b) {
        for (int l = 0; l < layers; l++) {
            int in = sizes[l], out = sizes[l + 1];
            // Z[b × out] = A[b × in] · Wᵀ, W row-major out × in.
            Blas.sgemm(false, true, b, out, in, 1f, act[l].at(0), in, params.at(wOff[l]), in, 0f, act[l + 1].at(0), out);
            if (l + 1 < layers) kernels.activate(kind, actBytes[l + 1], 0, b, out, p, bOff[l]);
        }
    }

    /**
     * Softmax of the logits → δ = (softmax − y) / b into the first error buffer; returns the mean loss, with the
     * probabilities clipped to [{@value #SOFTMAX_CLIP}, 1 − {@value #SOFTMAX_CLIP}] as DL4J's LossMCXENT scores them
     * (so no example scores above −ln 10⁻¹⁰ ≈ 23 nats, on this engine as on {@code fit()}).
     */
    private double softmaxCrossEntropy(float[] y, int b) {
        int k = sizes[layers];
        ByteBuffer z = actBytes[layers];
        double loss = 0;
        for (int r = 0; r < b; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                row[c] = z.getFloat(4 * (r * k + c)) + p.getFloat(4 * (bOff[layers - 1] + c));
                max = Math.max(max, row[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) sum += Math.exp(row[c] - max);
            double logSum = max + Math.log(sum);
            for (int c = 0; c < k; c++) {
                double logP = row[c] - logSum, prob = Math.exp(logP);
                float t = y[r * k + c];
                // DL4J's score clips the softmax to [ε, 1 − ε] before the log (its gradient does not).
                if (t != 0) loss -= t * Math.log(Math.min(1 - SOFTMAX_CLIP, Math.max(SOFTMAX_CLIP, prob)));
                deltaABytes.putFloat(4 * (r * k + c), (float) ((prob - t) / b));
            }
        }
        return loss / b;
    }

    private void backward(int b, float eta, LayerStatistics stats) {
        NativeBuffer delta = deltaA, next = deltaB;
        ByteBuffer deltaBytes = deltaABytes, nextBytes = deltaBBytes;
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l], out = sizes[l + 1];
            if (l > 0) {
                // dA[b × in] = δ[b × out] · W (the weights before their update), then δ of the layer below.
                Blas.sgemm(false, false, b, in, out, 1f, delta.at(0), out, params.at(wOff[l]), in, 0f, next.at(0), in);
                kernels.derive(kind, nextBytes, 0, actBytes[l], 0, b * in);
            }
            kernels.columnSums(deltaBytes, 0, b, out, biasGradient);
            if (momentum == 0 && clipNorm == 0 && stats == null) {
                Blas.sgemm(true, false, out, in, b, -eta, delta.at(0), out, act[l].at(0), in, 1f, params.at(wOff[l]), in);
                for (int c = 0; c < out; c++) {
                    int at = 4 * (bOff[l] + c);
                    p.putFloat(at, p.getFloat(at) - eta * biasGradient[c]);
                }
            } else {
                explicitUpdate(l, b, eta, delta, stats);
            }
            NativeBuffer t = delta;
            delta = next;
            next = t;
            ByteBuffer tb = deltaBytes;
            deltaBytes = nextBytes;
            nextBytes = tb;
        }
    }

    /** The gradient of layer l into its own buffer (W then b, DL4J's order), clipped, through momentum, applied. */
    private void explicitUpdate(int l, int b, float eta, NativeBuffer delta, LayerStatistics stats) {
        int in = sizes[l], out = sizes[l + 1], nw = in * out, n = nw + out;
        Blas.sgemm(true, false, out, in, b, 1f, delta.at(0), out, act[l].at(0), in, 0f, gradient.at(0), in);
        for (int c = 0; c < out; c++) gradientBytes.putFloat(4 * (nw + c), biasGradient[c]);
        if (stats != null) stats.gradientNorm[l] = Math.sqrt(kernels.sumOfSquares(gradientBytes, 0, nw));
        if (clipNorm > 0) {
            double norm = Math.sqrt(kernels.sumOfSquares(gradientBytes, 0, n));
            if (norm > clipNorm) kernels.scale(gradientBytes, 0, n, (float) (clipNorm / norm));
        }
        if (momentum > 0) kernels.nesterov(gradientBytes, 0, velocityBytes, wOff[l], n, eta, momentum);
        else kernels.scale(gradientBytes, 0, n, eta);
        kernels.subtract(p, wOff[l], gradientBytes, 0, n);
        if (stats != null) {
            double w = Math.sqrt(kernels.sumOfSquares(p, wOff[l], nw));
            stats.updateRatio[l] = w == 0 ? Double.NaN : Math.sqrt(kernels.sumOfSquares(gradientBytes, 0, nw)) / w;
        }
    }

    /** Releases this object's buffers now (activations, errors, gradient, velocity); the parameters are the network's. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (NativeBuffer b : owned) b.array().close();
        owned.clear();
    }
}
