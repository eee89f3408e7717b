package cheaplab.cli;

/** A command line the CLI cannot act on; the message is the one line printed on stderr (exit code 2). */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
