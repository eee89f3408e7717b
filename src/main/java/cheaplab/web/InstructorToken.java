package cheaplab.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deployment's instructor secret, read from a file (a mounted secret: {@code --instructor-token-file}), never
 * from a URL or an environment value that a process listing shows. Compared in constant time over SHA-256 digests,
 * so neither the length nor a prefix of the secret leaks through timing.
 */
public final class InstructorToken {
    /** Shorter secrets are refused at start: an instructor token is guessed by nobody. */
    public static final int MIN_LENGTH = 16;
    private final byte[] digest;

    private InstructorToken(String secret) {
        if (secret.length() < MIN_LENGTH)
            throw new IllegalArgumentException("the instructor token must be at least " + MIN_LENGTH + " characters, was " + secret.length());
        this.digest = sha256(secret);
    }

    public static InstructorToken of(String secret) {
        return new InstructorToken(secret.strip());
    }

    /** The first line of the file, trimmed. */
    public static InstructorToken read(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        return of(nl < 0 ? s : s.substring(0, nl));
    }

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate.strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
