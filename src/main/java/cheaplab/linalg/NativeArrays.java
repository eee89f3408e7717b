package cheaplab.linalg;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gives an ND4J array's native buffer back at a known moment instead of whenever the collector gets round to it.
 *
 * <p>ND4J frees a buffer when its Java array is collected; JavaCPP forces a collection only once the off-heap
 * total passes its limit (by default the maximum heap). A server whose runs allocate little heap therefore keeps
 * every finished run's buffers until that limit: measured in docs/benchmarks.md ("Soak"), resident memory grew
 * 49% over 38 RBM and ridge runs that way. So the object that creates a run's long-lived arrays owns them and
 * releases them here when it is closed, after every thread that used them has stopped (see
 * docs/architecture.md, "Native memory"). Views share their base's buffer and are skipped; releasing twice is a
 * no-op.
 */
public final class NativeArrays {
    private NativeArrays() {}

    /** Frees the buffers of {@code arrays} (nulls, views and already released arrays are skipped). */
    public static void release(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a == null || a.wasClosed() || a.isView() || !a.closeable()) continue;
            a.close();
        }
    }
}
