package org.nn4j.io;

import java.nio.file.Path;

/** Where bytes being read come from (a file, or an entry of a zip file), for error messages. */
final class Source {
    final Path file;
    final String entry;  // null: the file itself

    private Source(Path file, String entry) {
        this.file = file;
        this.entry = entry;
    }

    static Source file(Path file) {
        return new Source(file, null);
    }

    static Source entry(Path zip, String entry) {
        return new Source(zip, entry);
    }

    ModelFileException error(String problem) {
        return new ModelFileException(file, prefix() + problem);
    }

    ModelFileException error(String problem, Throwable cause) {
        return new ModelFileException(file, prefix() + problem, cause);
    }

    private String prefix() {
        return entry == null ? "" : "entry " + entry + ": ";
    }
}
