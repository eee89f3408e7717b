package cheaplab.lab.ridge;

/**
 * The decomposed centred design of one training prefix, in the coordinates of its active pixels, with the
 * means that turn a centred fit back into pixel weights and an intercept b = ȳ − x̄ᵀŵ.
 */
record PrefixFit(SpectralRidge ridge, int[] columns, double[] xMean, double[] yMean, int p) {

    /** Full pixel weights (zero on constant pixels) for filter f and target t, written into {@code w} at {@code offset}. */
    void weights(double[] f, int target, double[] w, int offset) {
        double[] active = ridge.weights(ridge.coefficients(f, target));
        java.util.Arrays.fill(w, offset, offset + p, 0.0);
        for (int c = 0; c < columns.length; c++) w[offset + columns[c]] = active[c];
    }

    /** b = ȳ − x̄ᵀŵ for the weights at {@code offset}. */
    double intercept(double[] w, int offset, int target) {
        double b = yMean[target];
        for (int c = 0; c < columns.length; c++) b -= xMean[columns[c]] * w[offset + columns[c]];
        return b;
    }
}
