package cheaplab.lab.ridge;

/**
 * What one repeat (one training set) at one N_i gives for each configured λ (arrays indexed like the lambdas).
 *
 * @param rank         numerical rank of the training design
 * @param testRisk     excess risk (synthetic) or test MSE (mnist)
 * @param bias2        analytic squared bias for this design (synthetic); NaN for mnist (computed across repeats)
 * @param variance     analytic noise variance for this design (synthetic); NaN for mnist
 * @param solutionNorm ‖ŵ‖
 * @param residualNorm ‖y − ŷ‖ on the training set
 * @param gcv          generalised cross-validation score
 */
record RepeatOutcome(int rank, double[] testRisk, double[] bias2, double[] variance, double[] solutionNorm,
                     double[] residualNorm, double[] gcv) {

    static RepeatOutcome empty(int rank, int lambdas) {
        return new RepeatOutcome(rank, new double[lambdas], new double[lambdas], new double[lambdas],
                new double[lambdas], new double[lambdas], new double[lambdas]);
    }
}
