package cheaplab.linalg;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link NumericalSelfCheck}: every check with its error and tolerance, the OpenBLAS libraries
 * that were checked, and how long it took.
 */
public record SelfCheckReport(List<Check> checks, List<OpenBlasLibraries.Library> libraries, double millis) {
    /**
     * One routine at one shape: the error (max absolute difference for exact checks, else relative to the largest
     * expected entry), the tolerance (0 = must be exact) and, for a failure without a number, why.
     */
    public record Check(String routine, String library, String shape, double error, double tolerance, boolean ok, String why) {
        public String describe() {
            return String.format(Locale.ROOT, "%s %s [%s]: %s", routine, shape, library,
                    !why.isEmpty() ? why : tolerance == 0 ? "max |error| " + error + " (must be exact)"
                            : String.format(Locale.ROOT, "relative error %.2e (tolerance %.0e)", error, tolerance));
        }
    }

    public boolean passed() {
        return failures().isEmpty();
    }

    public List<Check> failures() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }

    /** The failed routines' names, distinct, in check order ("dtrsm LUN, dposv (dpotrf+dpotrs)"). */
    public String failedRoutines() {
        return String.join(", ", failures().stream().map(Check::routine).distinct().toList());
    }

    /** The libraries in one line: "0.3.21 Haswell ×1 (libopenblas.so.0); …". */
    public String blas() {
        return String.join("; ", libraries.stream().map(OpenBlasLibraries.Library::summary).toList());
    }

    /** A human-readable account: a one-line summary, then each failure (or with {@code all}, every check). */
    public String describe(boolean all) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "numerical self-check: %d of %d checks passed in %.0f ms; OpenBLAS %s",
                checks.size() - failures().size(), checks.size(), millis, blas()));
        for (Check c : all ? checks : failures()) s.append("\n  ").append(c.ok() ? "ok   " : "FAIL ").append(c.describe());
        return s.toString();
    }
}
