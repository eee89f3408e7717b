package cheaplab.linalg;

/**
 * The BLAS/LAPACK routines the labs rely on give wrong answers on this machine ({@link NumericalSelfCheck}): no
 * lab computes. The message names the failed routines, the OpenBLAS version and kernel, and what to do.
 */
public final class NumericsUnreliableException extends RuntimeException {
    private final transient SelfCheckReport report;

    public NumericsUnreliableException(SelfCheckReport report) {
        super(message(report));
        this.report = report;
    }

    public SelfCheckReport report() {
        return report;
    }

    static String message(SelfCheckReport r) {
        String core = r.libraries().isEmpty() ? "unknown" : r.libraries().get(0).core();
        return "refusing to compute: the numerical self-check found wrong results from " + r.failedRoutines()
                + " with OpenBLAS " + r.blas() + ". The kernel OpenBLAS chose for this CPU (" + core
                + ") is faulty in this version. What to do: start the lab with OPENBLAS_CORETYPE=Haswell (AVX2 kernels, "
                + "correct on every x86-64 CPU with AVX2) or OPENBLAS_CORETYPE=Sandybridge, or build with a newer "
                + "org.bytedeco:openblas (see docs/architecture.md, \"Numerical self-check\"). Details:\n"
                + r.describe(false);
    }
}
