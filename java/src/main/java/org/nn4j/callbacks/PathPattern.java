package org.nn4j.callbacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file name pattern with Python-format fields, as Keras' ModelCheckpoint takes them:
 * {@code "ckpt/model-{epoch:02d}-{val_loss:.4f}.nn4j"}. {@code {epoch}} is the 1-based epoch;
 * any other field is an epoch-end log key. A spec is {@code [0][width][.precision][type]} with
 * type d (whole numbers), f, e, E, g or G, rendered by {@link java.util.Formatter} (d, f and e as
 * in Python; g keeps trailing zeros); no spec prints the epoch as an integer and a log value as
 * Java's shortest exact decimal. <code>{{</code> and <code>}}</code> are literal braces.
 */
final class PathPattern {
    private static final Pattern SPEC = Pattern.compile("(0)?(\\d+)?(?:\\.(\\d+))?([dfeEgG])?");

    private final String pattern;
    private final List<Object> parts = new ArrayList<>();  // String literal or Field

    private static final class Field {
        final String name;
        final String spec;     // "" or the spec after ':'
        final String javaFormat;
        final char type;       // 0: none

        Field(String name, String spec, String javaFormat, char type) {
            this.name = name;
            this.spec = spec;
            this.javaFormat = javaFormat;
            this.type = type;
        }
    }

    PathPattern(String pattern) {
        if (pattern == null || pattern.isEmpty()) throw new IllegalArgumentException("ModelCheckpoint: the path is empty");
        this.pattern = pattern;
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < pattern.length() && pattern.charAt(i + 1) == c) {
                lit.append(c);
                i++;
            } else if (c == '{') {
                int end = pattern.indexOf('}', i);
                if (end < 0) throw bad("a '{' at position " + i + " is never closed");
                if (lit.length() > 0) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(field(pattern.substring(i + 1, end)));
                i = end;
            } else if (c == '}') {
                throw bad("a '}' at position " + i + " has no '{' (write '}}' for a literal brace)");
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) parts.add(lit.toString());
    }

    private Field field(String body) {
        int colon = body.indexOf(':');
        String name = (colon < 0 ? body : body.substring(0, colon)).trim();
        String spec = colon < 0 ? "" : body.substring(colon + 1);
        if (name.isEmpty()) throw bad("a field '{" + body + "}' has no name (use {epoch} or a log key like {val_loss})");
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw bad("field {" + body + "}: format spec '" + spec + "' is not [0][width][.precision][type] with type d, f, e, E, g or G");
        }
        char type = m.group(4) == null ? 0 : m.group(4).charAt(0);
        if (type == 'd' && m.group(3) != null) throw bad("field {" + body + "}: 'd' takes no precision");
        if (type == 0 && (m.group(1) != null || m.group(2) != null)) {
            throw bad("field {" + body + "}: a width needs a type, e.g. {epoch:02d} or {val_loss:08.4f}");
        }
        if (type == 0 && m.group(3) != null) type = 'g';  // as in Python, a bare precision means general format
        String fmt = "%" + (m.group(1) != null ? "0" : "") + (m.group(2) != null ? m.group(2) : "")
                + (m.group(3) != null ? "." + m.group(3) : "") + (type == 0 ? "s" : String.valueOf(type));
        return new Field(name, spec, fmt, type);
    }

    private IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("ModelCheckpoint: path pattern \"" + pattern + "\": " + why);
    }

    /** The path for this epoch (1-based) and these epoch-end logs. */
    String format(int epoch1, Map<String, Double> logs) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof String) {
                b.append((String) p);
                continue;
            }
            Field f = (Field) p;
            Number v;
            if (f.name.equals("epoch")) {
                v = epoch1;
            } else {
                Double d = logs.get(f.name);
                if (d == null) {
                    throw new IllegalArgumentException("ModelCheckpoint: path pattern \"" + pattern + "\" uses {" + f.name
                            + "} but the epoch logs have " + logs.keySet() + (f.name.startsWith("val_")
                            ? "; give fit validation data" : "") + " (or change the pattern)");
                }
                v = d;
            }
            b.append(render(f, v));
        }
        return b.toString();
    }

    private String render(Field f, Number v) {
        if (f.type == 0) {
            return v instanceof Integer ? v.toString() : Double.toString(v.doubleValue());
        }
        if (f.type == 'd') {
            double d = v.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("ModelCheckpoint: path pattern \"" + pattern + "\": {" + f.name + ":" + f.spec
                        + "} formats whole numbers, but " + f.name + " is " + d + "; use a spec like .4f");
            }
            return String.format(Locale.ROOT, f.javaFormat, (long) d);
        }
        return String.format(Locale.ROOT, f.javaFormat, v.doubleValue());
    }

    @Override
    public String toString() {
        return pattern;
    }
}
