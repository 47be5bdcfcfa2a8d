package org.nn4j.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A saved file that cannot be read or does not fit the model: not a zip, truncated, corrupt JSON,
 * a malformed safetensors header, an unknown layer type, missing, unexpected or mis-shaped
 * weights. The message starts with the file and says what is wrong and, where there is one, the
 * fix; {@link #file()} is the file.
 */
public class ModelFileException extends IOException {
    private final Path file;

    public ModelFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file the problem is in. */
    public Path file() {
        return file;
    }
}
