package cheaplab.lab.rbm;

import cheaplab.linalg.Blas;
import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.NativeSlice;
import cheaplab.core.ConfigException;
import cheaplab.core.Seeds;
import cheaplab.data.ImageDataset;
import cheaplab.data.ImageSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The image splits of one run as {@link VisibleRows}: training images from the start of the training split,
 * validation images from its end (disjoint), test images from the start of the test split.
 *
 * <p>Stochastic binarisation (Salakhutdinov &amp; Murray 2008) sets pixel vᵢ = 1 with probability equal to its
 * intensity. It is drawn once per image from a stream keyed by the split and the image's index — not by the
 * run's seed — so every run, whatever its seed, sees the same binary images and test log-likelihoods of
 * different runs are comparable. The test images are always binarised (the log-likelihood is that of binary
 * vectors); training and validation images are binarised when the config says so, else kept as intensities.
 */
public final class RbmData {
    private static final int FILL_ROWS = 512;

    final int width, height;
    final VisibleRows train, trainSubset, validation, test;
    /** Per-pixel means of the training rows (in the training representation). */
    final double[] means;

    private RbmData(int width, int height, VisibleRows train, VisibleRows trainSubset, VisibleRows validation,
                    VisibleRows test, double[] means) {
        this.width = width;
        this.height = height;
        this.train = train;
        this.trainSubset = trainSubset;
        this.validation = validation;
        this.test = test;
        this.means = means;
    }

    static RbmData load(ImageDataset ds, RbmConfig cfg) {
        return load(ds, cfg, () -> {});
    }

    /** As {@link #load(ImageDataset, RbmConfig)}; {@code checkpoint} runs between blocks of rows (a cancel throws there). */
    static RbmData load(ImageDataset ds, RbmConfig cfg, Runnable checkpoint) {
        ImageSet tr = ds.train(), te = ds.test();
        if (cfg.trainImages() + cfg.validationImages() > tr.count())
            throw new ConfigException("trainImages", "trainImages + validationImages = "
                    + (cfg.trainImages() + cfg.validationImages()) + " but " + ds.id() + " has " + tr.count() + " training images");
        if (cfg.testImages() > te.count())
            throw new ConfigException("testImages", ds.id() + " has " + te.count() + " test images, asked for " + cfg.testImages());
        if (cfg.weights() != null && cfg.weights().visible() != tr.dim())
            throw new ConfigException("weights", "has " + cfg.weights().visible() + " visible units but " + ds.id()
                    + " images have " + tr.dim() + " pixels");
        VisibleRows train = rows(tr, 0, cfg.trainImages(), cfg.binarize(), "train", checkpoint);
        VisibleRows validation, test;
        try {
            validation = rows(tr, tr.count() - cfg.validationImages(), cfg.validationImages(), cfg.binarize(), "train", checkpoint);
            try {
                test = rows(te, 0, cfg.testImages(), true, "test", checkpoint);
            } catch (RuntimeException e) {
                cheaplab.linalg.NativeArrays.release(validation.base());
                throw e;
            }
        } catch (RuntimeException e) {
            cheaplab.linalg.NativeArrays.release(train.base());
            throw e;
        }
        VisibleRows subset = train.rows(0, Math.min(cfg.trainImages(), cfg.validationImages()));
        double[] means = new double[tr.dim()];
        float[] col = train.base().sum(0).toFloatVector();
        for (int i = 0; i < means.length; i++) means[i] = col[i] / train.count();
        return new RbmData(tr.cols(), tr.rows(), train, subset, validation, test, means);
    }

    /** Images first … first+count−1 of a split as rows with the bias column. */
    public static VisibleRows rows(ImageSet set, int first, int count, boolean binarize, String split) {
        return rows(set, first, count, binarize, split, () -> {});
    }

    static VisibleRows rows(ImageSet set, int first, int count, boolean binarize, String split, Runnable checkpoint) {
        int d = set.dim();
        INDArray m = Nd4j.create(DataType.FLOAT, count, d + 1);
        try {
            fill(m, set, first, count, binarize, split, checkpoint);
        } catch (RuntimeException e) {
            cheaplab.linalg.NativeArrays.release(m);
            throw e;
        }
        return new VisibleRows(m, 0, count);
    }

    private static void fill(INDArray m, ImageSet set, int first, int count, boolean binarize, String split, Runnable checkpoint) {
        int d = set.dim();
        NativeBuffer p = NativeBuffer.of(m);
        float[] buf = new float[FILL_ROWS * (d + 1)];
        byte[] px = set.pixels();
        for (int from = 0; from < count; from += FILL_ROWS) {
            checkpoint.run();
            int n = Math.min(FILL_ROWS, count - from);
            for (int r = 0; r < n; r++) {
                int image = first + from + r;
                int src = image * d, dst = r * (d + 1);
                if (binarize) {
                    SplittableRandom rng = Seeds.stream(image, "binarize/" + split);
                    for (int i = 0; i < d; i++) buf[dst + i] = rng.nextInt(255) < (px[src + i] & 0xFF) ? 1f : 0f;
                } else {
                    for (int i = 0; i < d; i++) buf[dst + i] = (px[src + i] & 0xFF) / 255f;
                }
                buf[dst + d] = 1f;
            }
            Blas.put(p.at((long) from * (d + 1)), buf, 0, n * (d + 1));
        }
    }

    /** Frees the rows' native buffers (see {@link cheaplab.linalg.NativeArrays}); the subset is a view of train. */
    void release() {
        cheaplab.linalg.NativeArrays.release(train.base(), validation.base(), test.base());
    }
}
