package org.nn4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by a delimiter, optionally double-quoted (a quote inside a
 * quoted field is doubled), records ending in LF or CRLF. Blank lines are skipped. Each record
 * remembers the line it starts on, for error messages.
 */
final class CsvParser {
    /** One record and the 1-based line it starts on. */
    static final class Record {
        final int line;
        final List<String> fields;

        Record(int line, List<String> fields) {
            this.line = line;
            this.fields = fields;
        }
    }

    private CsvParser() {}

    static List<Record> parse(String text, char delimiter, Path file) {
        List<Record> out = new ArrayList<>();
        int n = text.length();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int line = 1;
        while (i < n) {
            int recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean blank = true;
            for (;;) {
                if (i < n && text.charAt(i) == '"') {
                    blank = false;
                    int quoteLine = line;
                    i++;
                    for (;;) {
                        if (i >= n) {
                            throw new DataFileException(file, "line " + quoteLine + ": a quoted field is not closed "
                                    + "before the end of the file");
                        }
                        char c = text.charAt(i++);
                        if (c == '"') {
                            if (i < n && text.charAt(i) == '"') {
                                f.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            if (c == '\n') line++;
                            f.append(c);
                        }
                    }
                    if (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        throw new DataFileException(file, "line " + line + ": text after a closing quote (a quote "
                                + "inside a quoted field must be doubled: \"\")");
                    }
                }
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == delimiter || c == '\n' || c == '\r') break;
                    if (c == '"') {
                        throw new DataFileException(file, "line " + line + ": a quote inside an unquoted field (quote "
                                + "the whole field and double the quote)");
                    }
                    f.append(c);
                    blank = false;
                    i++;
                }
                fields.add(f.toString());
                f.setLength(0);
                if (i < n && text.charAt(i) == delimiter) {
                    blank = false;
                    i++;
                    continue;
                }
                if (i < n && text.charAt(i) == '\r') i++;
                if (i < n && text.charAt(i) == '\n') i++;
                line++;
                break;
            }
            if (!blank) out.add(new Record(recordLine, fields));
        }
        return out;
    }
}
