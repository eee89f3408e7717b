package cheaplab.core;

/**
 * A short, printable excerpt of client input for error messages: at most {@value #MAX} characters of it, control
 * characters written as escapes ({@code \n}, {@code \u0000}), and how long the whole was when it was cut. An error
 * message that quotes what a client sent must not echo megabytes back, nor break a log line. (HTML escaping is the
 * renderer's job; JSON escaping the serialiser's.)
 */
public final class Excerpt {
    /** Characters of client input an error message quotes. */
    public static final int MAX = 64;

    private Excerpt() {}

    /** {@code s} itself when short and printable; otherwise its first {@value #MAX} characters, escaped, and its length. */
    public static String of(String s) {
        return of(s, MAX);
    }

    /** At most {@code max} characters of {@code s} (before escaping), then {@code …(N chars)} if it was cut. */
    public static String of(String s, int max) {
        if (s == null) return "null";
        int n = Math.min(s.length(), max);
        if (n < s.length() && Character.isHighSurrogate(s.charAt(n - 1))) n--; // never split a surrogate pair
        StringBuilder sb = new StringBuilder(n + 24);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029')
                        sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        if (n < s.length()) sb.append("…(").append(s.length()).append(" chars)");
        return sb.toString();
    }
}
