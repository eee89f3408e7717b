package cheaplab.lab.mlp;

import cheaplab.core.ConfigException;
import cheaplab.data.ImageDataset;
import cheaplab.data.ImageSet;

/**
 * The image splits of one run as float pixels in [0, 1] (row-major, image after image) and labels: training images
 * from the start of the training split, validation images from its end (disjoint), test images from the start of
 * the test split. Heap arrays: the trainer copies each batch into ND4J itself.
 */
final class MlpData {
    final int width, height, pixels;
    final Split train, validation, test;

    /** One split: {@code count} images of {@code pixels} floats and their labels. */
    record Split(int count, float[] x, int[] labels) {}

    private MlpData(int width, int height, Split train, Split validation, Split test) {
        this.width = width;
        this.height = height;
        this.pixels = width * height;
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    static MlpData load(ImageDataset ds, MlpConfig cfg) {
        ImageSet tr = ds.train(), te = ds.test();
        if (tr.dim() != MlpConfig.PIXELS)
            throw new ConfigException("dataset", ds.id() + " images have " + tr.dim() + " pixels, not " + MlpConfig.PIXELS);
        if (cfg.trainImages() + cfg.validationImages() > tr.count())
            throw new ConfigException("trainImages", "trainImages + validationImages = "
                    + (cfg.trainImages() + cfg.validationImages()) + " but " + ds.id() + " has " + tr.count() + " training images");
        if (cfg.testImages() > te.count())
            throw new ConfigException("testImages", ds.id() + " has " + te.count() + " test images, asked for " + cfg.testImages());
        return new MlpData(tr.cols(), tr.rows(), split(tr, 0, cfg.trainImages()),
                split(tr, tr.count() - cfg.validationImages(), cfg.validationImages()), split(te, 0, cfg.testImages()));
    }

    static Split split(ImageSet set, int first, int count) {
        int d = set.dim();
        float[] x = new float[count * d];
        int[] y = new int[count];
        byte[] px = set.pixels();
        for (int i = 0; i < count; i++) {
            int src = (first + i) * d, dst = i * d;
            for (int p = 0; p < d; p++) x[dst + p] = (px[src + p] & 0xFF) / 255f;
            y[i] = set.label(first + i);
        }
        return new Split(count, x, y);
    }
}
