package org.nn4j.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a .npy file: a Python dict literal with 'descr' (a dtype string such as '<f4'),
 * 'fortran_order' (True/False) and 'shape' (a tuple of ints). A strict little parser for the
 * subset of Python literal syntax NumPy writes there; every problem is reported with what was
 * expected and where.
 */
final class NpyHeader {
    final String descr;
    final boolean fortranOrder;
    final long[] shape;

    private NpyHeader(String descr, boolean fortranOrder, long[] shape) {
        this.descr = descr;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
    }

    /** Parses text; throws IllegalArgumentException with the problem (the caller adds the file). */
    static NpyHeader parse(String text) {
        Parser p = new Parser(text);
        Map<String, Object> d = p.dict();
        p.skipSpace();
        if (p.pos != text.length()) throw p.fail("unexpected text after the header's closing '}'");
        for (String key : d.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new IllegalArgumentException("bad .npy header: unknown key '" + key + "' in " + text.trim());
            }
        }
        Object descr = need(d, "descr", text);
        Object fortran = need(d, "fortran_order", text);
        Object shape = need(d, "shape", text);
        if (!(descr instanceof String)) {
            throw new IllegalArgumentException("bad .npy header: 'descr' must be a dtype string like '<f4' (a "
                    + "structured dtype is not supported), in " + text.trim());
        }
        if (!(fortran instanceof Boolean)) {
            throw new IllegalArgumentException("bad .npy header: 'fortran_order' must be True or False, in " + text.trim());
        }
        if (!(shape instanceof long[])) {
            throw new IllegalArgumentException("bad .npy header: 'shape' must be a tuple of ints, in " + text.trim());
        }
        return new NpyHeader((String) descr, (Boolean) fortran, (long[]) shape);
    }

    private static Object need(Map<String, Object> d, String key, String text) {
        if (!d.containsKey(key)) {
            throw new IllegalArgumentException("bad .npy header: no '" + key + "' in " + text.trim());
        }
        return d.get(key);
    }

    /** The header dict exactly as NumPy writes it (keys sorted, spare room after the shape). */
    static String format(String descr, long[] shape) {
        StringBuilder shapeRepr = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) shapeRepr.append(", ");
            shapeRepr.append(shape[i]);
        }
        if (shape.length == 1) shapeRepr.append(',');
        shapeRepr.append(')');
        StringBuilder h = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ")
                .append(shapeRepr).append(", }");
        // NumPy leaves room to rewrite the first dimension in place when an array grows
        if (shape.length > 0) h.append(" ".repeat(21 - Long.toString(shape[0]).length()));
        return h.toString();
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("bad .npy header: " + what + " at character " + pos + " of "
                    + s.trim());
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        boolean eat(char c) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!eat(c)) throw fail("expected '" + c + "'");
        }

        Map<String, Object> dict() {
            expect('{');
            Map<String, Object> d = new LinkedHashMap<>();
            while (!eat('}')) {
                String key = string();
                expect(':');
                if (d.put(key, value()) != null) throw fail("key '" + key + "' appears twice");
                if (!eat(',')) {
                    expect('}');
                    break;
                }
            }
            return d;
        }

        Object value() {
            skipSpace();
            if (pos >= s.length()) throw fail("expected a value");
            char c = s.charAt(pos);
            if (c == '\'' || c == '"') return string();
            if (c == '(') return tuple();
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            if (c == '[' || c == '{') throw fail("a nested list or dict (a structured dtype?)");
            throw fail("expected a string, a tuple, True or False");
        }

        String string() {
            skipSpace();
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) throw fail("expected a quoted string");
            char q = s.charAt(pos++);
            int end = s.indexOf(q, pos);
            if (end < 0) throw fail("unterminated string");
            String v = s.substring(pos, end);
            pos = end + 1;
            return v;
        }

        long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (!eat(')')) {
                skipSpace();
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
                if (pos == start) throw fail("expected a non-negative integer dimension");
                try {
                    dims.add(Long.parseLong(s.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw fail("dimension " + s.substring(start, pos) + " is too large");
                }
                if (!eat(',')) {
                    expect(')');
                    break;
                }
            }
            long[] out = new long[dims.size()];
            for (int i = 0; i < out.length; i++) out[i] = dims.get(i);
            return out;
        }
    }
}
