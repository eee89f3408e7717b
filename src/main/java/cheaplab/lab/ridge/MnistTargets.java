package cheaplab.lab.ridge;

import cheaplab.data.ImageSet;

/** Regression targets on MNIST: the digit label as a real number, or ±1 for "digit k vs rest". */
final class MnistTargets {
    private MnistTargets() {}

    /** One value per image: label (digit &lt; 0) or +1 if label = digit else −1. */
    static double[] of(ImageSet set, int digit) {
        double[] y = new double[set.count()];
        for (int i = 0; i < y.length; i++) {
            int label = set.label(i);
            y[i] = digit < 0 ? label : (label == digit ? 1.0 : -1.0);
        }
        return y;
    }

    /** Several targets side by side, row-major count × digits.length. */
    static double[] columns(ImageSet set, int... digits) {
        int t = digits.length;
        double[] y = new double[set.count() * t];
        for (int k = 0; k < t; k++) {
            double[] col = of(set, digits[k]);
            for (int i = 0; i < col.length; i++) y[i * t + k] = col[i];
        }
        return y;
    }
}
