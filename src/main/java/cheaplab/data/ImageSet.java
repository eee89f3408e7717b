package cheaplab.data;

/**
 * Images and labels of one split, as stored in IDX files: {@code pixels} holds {@code count × rows × cols}
 * unsigned bytes, image after image, row-major; {@code labels} one unsigned byte per image.
 */
public record ImageSet(int count, int rows, int cols, byte[] pixels, byte[] labels) {
    public ImageSet {
        if (pixels.length != (long) count * rows * cols)
            throw new IllegalArgumentException("pixels: expected " + (long) count * rows * cols + " bytes, got " + pixels.length);
        if (labels.length != count)
            throw new IllegalArgumentException("labels: expected " + count + " labels, got " + labels.length);
    }

    /** Pixels per image. */
    public int dim() {
        return rows * cols;
    }

    /** Pixel {@code p} of image {@code i}, scaled to [0, 1]. */
    public double pixel(int i, int p) {
        return (pixels[i * dim() + p] & 0xFF) / 255.0;
    }

    public int label(int i) {
        return labels[i] & 0xFF;
    }
}
