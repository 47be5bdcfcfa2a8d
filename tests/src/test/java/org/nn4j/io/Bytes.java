package org.nn4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: builds byte sequences by hand, little-endian, with no library in between. */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes le64(long v) {
        for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)) & 0xff);
        return this;
    }

    Bytes le32(int v) {
        for (int i = 0; i < 4; i++) out.write((v >>> (8 * i)) & 0xff);
        return this;
    }

    Bytes le16(int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        return this;
    }

    Bytes u8(int v) {
        out.write(v & 0xff);
        return this;
    }

    Bytes f32(float v) {
        return le32(Float.floatToRawIntBits(v));
    }

    Bytes f64(double v) {
        return le64(Double.doubleToRawLongBits(v));
    }

    Bytes ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        return this;
    }

    /** The 8-byte length, the JSON and the space padding to a multiple of 8, as the format wants. */
    Bytes header(String json) {
        int n = json.getBytes(StandardCharsets.UTF_8).length;
        int padded = (n + 7) / 8 * 8;
        le64(padded).ascii(json);
        for (int i = n; i < padded; i++) out.write(' ');
        return this;
    }

    byte[] array() {
        return out.toByteArray();
    }
}
