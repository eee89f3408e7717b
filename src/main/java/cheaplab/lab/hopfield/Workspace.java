package cheaplab.lab.hopfield;

import cheaplab.linalg.NativeArrays;
import cheaplab.linalg.NativeBuffer;

/**
 * One compute thread's buffers, sized for the largest network of a sweep and reused by every network that thread
 * builds (each network overwrites what it reads). Owned by {@link HopfieldSweep}, which closes it after the
 * thread pool has stopped (docs/architecture.md, "Native memory").
 */
final class Workspace implements AutoCloseable {
    final int n, maxPatterns, maxCues;
    final Couplings couplings;
    /** Patterns Ξ, P × N row-major, ±1: native for the GEMMs, Java for building cues and Storkey's rule. */
    final NativeBuffer nativePatterns;
    final float[] patterns;
    /** Up to {@code maxCues} states (cues, then final states), R × N. */
    final NativeBuffer nativeStates;
    /** GEMM outputs: fields Ξ·J (P × N) or S·J (R × N), overlaps S·Ξᵀ (R × P). */
    final NativeBuffer nativeProducts;
    /** The Gram matrix ΞΞᵀ (P × P) or the overlaps SΞᵀ (R × P) on the way to Hebbian fields. */
    final NativeBuffer nativeGram;
    final float[] row;
    final float[] state;
    final double[] fields;
    final int[] order;

    Workspace(int n, int maxPatterns, int maxCues) {
        this.n = n;
        this.maxPatterns = maxPatterns;
        this.maxCues = maxCues;
        this.couplings = new Couplings(n);
        this.nativePatterns = floats((long) maxPatterns * n);
        this.patterns = new float[maxPatterns * n];
        this.nativeStates = floats((long) maxCues * n);
        this.nativeProducts = floats((long) Math.max(maxPatterns, maxCues) * n);
        this.nativeGram = floats((long) Math.max(maxPatterns, maxCues) * maxPatterns);
        this.row = new float[Math.max(n, maxPatterns)];
        this.state = new float[n];
        this.fields = new double[n];
        this.order = new int[n];
    }

    /** Bytes one workspace holds for N neurons, P patterns at most and R cues (native and Java copies). */
    static double bytes(int n, int maxPatterns, int maxCues) {
        return 4.0 * (2.0 * n * n + 3.0 * maxPatterns * n + maxCues * (double) n
                + (double) Math.max(maxPatterns, maxCues) * maxPatterns) + 16.0 * n;
    }

    static NativeBuffer floats(long length) {
        return NativeBuffer.floats(1, length);
    }

    @Override
    public void close() {
        NativeArrays.release(couplings.nativeK.array(), nativePatterns.array(), nativeStates.array(), nativeProducts.array(),
                nativeGram.array());
    }
}
