package cheaplab.lab.mlp;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Classification error of a network on a split: the forward pass (inference mode) in chunks of {@value #CHUNK}
 * images, the predicted class the arg-max of the softmax (ties: the lowest class).
 */
final class Evaluation {
    static final int CHUNK = 1000;

    /** Predictions and the confusion matrix (row = true class, column = predicted). */
    record Outcome(int[] predicted, int errors, long[][] confusion) {
        double error() {
            return predicted.length == 0 ? 0 : (double) errors / predicted.length;
        }
    }

    private Evaluation() {}

    static Outcome of(MultiLayerNetwork net, MlpData.Split split, int count, boolean symmetric, Runnable checkpoint) {
        int d = MlpConfig.PIXELS, k = MlpConfig.CLASSES;
        int[] predicted = new int[count];
        long[][] confusion = new long[k][k];
        int errors = 0;
        float[] buf = new float[Math.min(CHUNK, Math.max(1, count)) * d];
        for (int from = 0; from < count; from += CHUNK) {
            checkpoint.run();
            int n = Math.min(CHUNK, count - from);
            System.arraycopy(split.x(), from * d, buf, 0, n * d);
            if (symmetric) for (int i = 0; i < n * d; i++) buf[i] = 2 * buf[i] - 1;
            float[] chunk = n * d == buf.length ? buf : java.util.Arrays.copyOf(buf, n * d);
            INDArray x = Nd4j.create(chunk, new long[]{n, d}, 'c');
            INDArray out = net.output(x, false);
            float[] p = out.dup('c').data().asFloat();
            for (int r = 0; r < n; r++) {
                int best = 0;
                for (int c = 1; c < k; c++) if (p[r * k + c] > p[r * k + best]) best = c;
                int truth = split.labels()[from + r];
                predicted[from + r] = best;
                confusion[truth][best]++;
                if (best != truth) errors++;
            }
        }
        return new Outcome(predicted, errors, confusion);
    }
}
