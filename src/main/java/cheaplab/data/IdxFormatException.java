package cheaplab.data;

import java.io.IOException;
import java.nio.file.Path;

/** A file is not a valid IDX file of the expected shape; the message names the file and what is wrong. */
public final class IdxFormatException extends IOException {
    private final Path file;

    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
