package org.nn4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line: its exit status and what it wrote. */
record CliRun(int status, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(status, out.toString(), err.toString());
    }

    /** The one error line (the message must fit on one line: no stack trace without --verbose). */
    String errorLine() {
        String e = err.strip();
        if (e.contains("\n")) throw new AssertionError("expected a one-line error, got:\n" + err);
        return e;
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
    }
}
