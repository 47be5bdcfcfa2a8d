package org.nn4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test helper: copies a saved model with one entry changed or removed, to make damaged files. */
final class ZipEdit {
    private ZipEdit() {}

    /** Copies src to dst with entry's bytes replaced by change(bytes); a null result drops the entry. */
    static Path rewrite(Path src, Path dst, String entry, UnaryOperator<byte[]> change) throws IOException {
        try (ZipFile in = new ZipFile(src.toFile()); OutputStream os = Files.newOutputStream(dst);
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                byte[] b = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(entry)) b = change.apply(b);
                if (b == null) continue;
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(b);
                out.closeEntry();
            }
        }
        return dst;
    }

    /** Copies src to dst with every entry STORED (uncompressed), as some zip tools repack archives. */
    static Path rewriteStored(Path src, Path dst) throws IOException {
        try (ZipFile in = new ZipFile(src.toFile()); OutputStream os = Files.newOutputStream(dst);
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                byte[] b = in.getInputStream(e).readAllBytes();
                ZipEntry stored = new ZipEntry(e.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(b.length);
                stored.setCompressedSize(b.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(b);
                stored.setCrc(crc.getValue());
                out.putNextEntry(stored);
                out.write(b);
                out.closeEntry();
            }
        }
        return dst;
    }

    static Path rewriteText(Path src, Path dst, String entry, UnaryOperator<String> change) throws IOException {
        return rewrite(src, dst, entry, b -> change.apply(new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] read(Path zip, String entry) throws IOException {
        try (ZipFile in = new ZipFile(zip.toFile())) {
            ZipEntry e = in.getEntry(entry);
            return e == null ? null : in.getInputStream(e).readAllBytes();
        }
    }

    /** Where the stored (compressed) bytes of an entry start: after its local header's name and extra field. */
    static int dataOffset(byte[] zip, String entry) {
        byte[] name = entry.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 30; i + name.length <= zip.length; i++) {
            for (int k = 0; k < name.length; k++) if (zip[i + k] != name[k]) continue outer;
            // a local header (signature PK\3\4) ends with the name; its extra length sits at offset 28
            int h = i - 30;
            if (zip[h] == 'P' && zip[h + 1] == 'K' && zip[h + 2] == 3 && zip[h + 3] == 4) {
                int extra = (zip[h + 28] & 0xff) | (zip[h + 29] & 0xff) << 8;
                return i + name.length + extra;
            }
        }
        throw new IllegalArgumentException("no local header for " + entry);
    }
}
