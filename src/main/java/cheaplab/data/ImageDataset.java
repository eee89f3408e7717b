package cheaplab.data;

/** A train/test pair of image sets, e.g. MNIST (60,000 + 10,000 digits). */
public record ImageDataset(String id, ImageSet train, ImageSet test) {}
