package org.nn4j.data;

import java.nio.file.Path;

/**
 * A data file that cannot be read: missing, unreadable, truncated or not in the expected format.
 * The message names the file and the problem (and, where it helps, the line, row or column).
 */
public class DataFileException extends RuntimeException {
    private final transient Path file;

    public DataFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public DataFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** A problem with a named source that is not a file (a class-path resource, a stream). */
    public DataFileException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.file = null;
    }

    /** The file at fault, or null for a source that is not a file. */
    public Path file() {
        return file;
    }
}
