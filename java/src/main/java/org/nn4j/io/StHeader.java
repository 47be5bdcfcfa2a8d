package org.nn4j.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors header (https://github.com/huggingface/safetensors, "Format"): after an
 * unsigned little-endian 64-bit length N come N bytes of UTF-8 JSON, an object mapping each tensor
 * name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the end of the
 * header) plus an optional "__metadata__" map of strings to strings. The JSON starts with '{'
 * and is padded with spaces so that the data starts on an 8-byte boundary. The data of all
 * tensors is contiguous, without gaps or overlaps, and fills the rest of the file.
 *
 * <p>Parsing checks all of this, as the reference implementation does, so that a damaged or
 * foreign file is reported before any tensor is made.
 */
final class StHeader {
    /** The reference implementation's limit; anything larger is not a real header. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA = "__metadata__";

    /** One tensor's header entry. */
    static final class Entry {
        final String name;
        final StDType type;
        final long[] shape;
        final long begin;
        final long end;

        Entry(String name, StDType type, long[] shape, long begin, long end) {
            this.name = name;
            this.type = type;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }

        long numel() {
            long n = 1;
            for (long d : shape) n = Math.multiplyExact(n, d);
            return n;
        }
    }

    final List<Entry> entries;          // in header order
    final Map<String, String> metadata; // empty when absent
    final long headerBytes;             // N
    final long dataBytes;               // sum of the tensors' sizes

    private StHeader(List<Entry> entries, Map<String, String> metadata, long headerBytes, long dataBytes) {
        this.entries = entries;
        this.metadata = metadata;
        this.headerBytes = headerBytes;
        this.dataBytes = dataBytes;
    }

    // ---- writing --------------------------------------------------------------------------------

    /** The 8-byte length followed by the padded JSON, for entries laid out in the given order. */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        StringWriter sw = new StringWriter();
        try (JsonWriter w = new JsonWriter(sw)) {
            w.setHtmlSafe(false);
            w.beginObject();
            if (metadata != null && !metadata.isEmpty()) {
                w.name(METADATA).beginObject();
                for (Map.Entry<String, String> m : metadata.entrySet()) w.name(m.getKey()).value(m.getValue());
                w.endObject();
            }
            for (Entry e : entries) {
                w.name(e.name).beginObject();
                w.name("dtype").value(e.type.label);
                w.name("shape").beginArray();
                for (long d : e.shape) w.value(d);
                w.endArray();
                w.name("data_offsets").beginArray().value(e.begin).value(e.end).endArray();
                w.endObject();
            }
            w.endObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);  // a StringWriter does not fail
        }
        byte[] json = sw.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.hasRemaining()) b.put((byte) ' ');
        return b.array();
    }

    // ---- reading --------------------------------------------------------------------------------

    /** Decodes the 8-byte length prefix, checking it against the limit and the bytes available (-1: unknown). */
    static long headerLength(byte[] prefix, long available, Source p) throws ModelFileException {
        long n = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw p.error("not a safetensors file: the first 8 bytes give a header length of " + Long.toUnsignedString(n)
                    + " bytes (expected 2.." + MAX_HEADER_BYTES + ")");
        }
        if (available >= 0 && n > available - 8) {
            throw p.error("truncated: the header length is " + n + " bytes but the file has only " + available + " bytes");
        }
        return n;
    }

    /** Parses and validates the JSON header of length n. */
    static StHeader parse(byte[] json, Source p) throws ModelFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw p.error("the safetensors header is not valid UTF-8 (a damaged or foreign file)");
        }
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw p.error("not a safetensors file: the header must start with '{' but starts with "
                    + preview(text));
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            r.beginObject();
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!seen.add(name)) throw p.error("the safetensors header names '" + name + "' twice");
                if (name.equals(METADATA)) readMetadata(r, metadata, p);
                else entries.add(readEntry(r, name, p));
            }
            r.endObject();
            // only the space padding may follow the object
            if (r.peek() != JsonToken.END_DOCUMENT) throw p.error("the safetensors header has data after its JSON object");
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw p.error("the safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        return new StHeader(entries, metadata, json.length, validateLayout(entries, p));
    }

    private static void readMetadata(JsonReader r, Map<String, String> out, Source p) throws IOException, ModelFileException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) throw p.error("the safetensors \"" + METADATA + "\" is not an object");
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            if (r.peek() != JsonToken.STRING) {
                throw p.error("the safetensors \"" + METADATA + "\" value of '" + k + "' is not a string (the format "
                        + "allows only string values)");
            }
            out.put(k, r.nextString());
        }
        r.endObject();
    }

    private static Entry readEntry(JsonReader r, String name, Source p) throws IOException, ModelFileException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) throw p.error("the safetensors header entry of '" + name + "' is not an object");
        String dtype = null;
        long[] shape = null, offsets = null;
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            switch (k) {
                case "dtype":
                    if (r.peek() != JsonToken.STRING) throw p.error("tensor '" + name + "': dtype is not a string");
                    dtype = r.nextString();
                    break;
                case "shape":
                    shape = longs(r, name, "shape", p);
                    break;
                case "data_offsets":
                    offsets = longs(r, name, "data_offsets", p);
                    break;
                default:
                    r.skipValue();  // later versions of the format may add keys
            }
        }
        r.endObject();
        if (dtype == null || shape == null || offsets == null) {
            throw p.error("tensor '" + name + "': the header entry lacks " + (dtype == null ? "dtype" : shape == null ? "shape"
                    : "data_offsets"));
        }
        StDType type = StDType.parse(dtype);
        if (type == null) {
            throw p.error("tensor '" + name + "' has dtype '" + dtype + "', which nn4j does not read (it reads F32, F64, I32, "
                    + "I64, BOOL, and widens F16, BF16, I8, U8, I16, U16, U32; not " + StDType.UNSUPPORTED + ")");
        }
        if (offsets.length != 2 || offsets[0] > offsets[1]) {
            throw p.error("tensor '" + name + "': data_offsets " + Arrays.toString(offsets) + " must be [begin, end] with "
                    + "begin <= end");
        }
        Entry e = new Entry(name, type, shape, offsets[0], offsets[1]);
        long bytes;
        try {
            bytes = Math.multiplyExact(e.numel(), type.bytes);
        } catch (ArithmeticException x) {
            throw p.error("tensor '" + name + "': shape " + Arrays.toString(shape) + " has too many elements");
        }
        if (e.end - e.begin != bytes) {
            throw p.error("tensor '" + name + "': " + dtype + " " + Arrays.toString(shape) + " needs " + bytes
                    + " bytes but data_offsets " + Arrays.toString(offsets) + " span " + (e.end - e.begin));
        }
        return e;
    }

    private static long[] longs(JsonReader r, String name, String key, Source p) throws IOException, ModelFileException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) throw p.error("tensor '" + name + "': " + key + " is not an array");
        List<Long> l = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (r.peek() != JsonToken.NUMBER) throw p.error("tensor '" + name + "': " + key + " holds a non-number");
            String s = r.nextString();
            long v;
            try {
                v = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw p.error("tensor '" + name + "': " + key + " holds " + s + ", not a whole number");
            }
            if (v < 0) throw p.error("tensor '" + name + "': " + key + " holds the negative number " + v);
            l.add(v);
        }
        r.endArray();
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = l.get(i);
        return out;
    }

    /** The tensors must tile the data exactly, from byte 0, in offset order; returns the data size. */
    private static long validateLayout(List<Entry> entries, Source p) throws ModelFileException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        String previous = null;
        for (Entry e : byOffset) {
            if (e.begin != expected) {
                throw p.error("tensor '" + e.name + "' starts at data byte " + e.begin + " but "
                        + (previous == null ? "the data starts at 0" : "'" + previous + "' ends at " + expected)
                        + (e.begin < expected ? " (overlapping tensors)" : " (a gap)") + "; the header is corrupt");
            }
            expected = e.end;
            previous = e.name;
        }
        return expected;
    }

    /** Entries in data order (the order to read them from a stream). */
    List<Entry> inDataOrder() {
        List<Entry> l = new ArrayList<>(entries);
        l.sort(Comparator.comparingLong(e -> e.begin));
        return l;
    }

    private static String preview(String s) {
        String t = s.length() > 16 ? s.substring(0, 16) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        for (char c : t.toCharArray()) b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        return b.append('"').toString();
    }
}
