package cheaplab.workshop;

import java.security.SecureRandom;

/**
 * Join codes: {@value #LENGTH} characters from an alphabet without look-alikes (no 0/O, 1/I/L), easy to read off a
 * projector and type; 31⁶ ≈ 9·10⁸ codes, drawn from a {@link SecureRandom}. Participants type them in any case.
 */
public final class JoinCode {
    public static final int LENGTH = 6;
    static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private JoinCode() {}

    public static String next() {
        char[] c = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) c[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        return new String(c);
    }

    /** The code as typed, normalised (upper case, spaces and dashes dropped), or null when it cannot be a code. */
    public static String normalise(String typed) {
        if (typed == null) return null;
        String c = typed.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
        if (c.length() != LENGTH) return null;
        for (int i = 0; i < c.length(); i++) if (ALPHABET.indexOf(c.charAt(i)) < 0) return null;
        return c;
    }
}
