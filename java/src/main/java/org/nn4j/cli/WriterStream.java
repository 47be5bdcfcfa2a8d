package org.nn4j.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A PrintStream that writes through to a PrintWriter, for library code that prints to a stream
 * (fit's progress bar) while the command line writes to the writers picocli (or a test) gave it.
 * Every write is passed on and flushed at once, so a bar redrawn with '\r' shows as it changes.
 */
final class WriterStream {
    private WriterStream() {}

    static PrintStream of(PrintWriter w) {
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            // PrintStream encodes each print call whole before writing it, so no character is split
            @Override
            public void write(byte[] b, int off, int len) {
                w.write(new String(b, off, len, StandardCharsets.UTF_8));
                w.flush();
            }

            @Override
            public void flush() {
                w.flush();
            }
        };
        return new PrintStream(sink, true, StandardCharsets.UTF_8);
    }
}
