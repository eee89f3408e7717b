package cheaplab.bench;

import java.util.Locale;

/** The benchmarks' printed figures: {@link String#format} in the root locale, whatever the machine's. */
final class RootFormat {
    private RootFormat() {}

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
