package org.nn4j.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.Tensor;

/**
 * Reads and writes the safetensors format (https://github.com/huggingface/safetensors), which
 * PyTorch, JAX, TensorFlow and the Hugging Face tools read:
 *
 * <pre>
 * [8 bytes: N, unsigned little-endian] [N bytes: JSON header, padded with spaces to a multiple of 8]
 * [data: each tensor's values, row-major, little-endian, back to back]
 * header: {"__metadata__": {"key": "value"}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...}
 * </pre>
 *
 * nn4j writes F32, F64, I32, I64 and BOOL; it reads those and widens F16, BF16, I8, U8, I16, U16
 * and U32 exactly (to float32, int32, int64). Tensors are written in the order of the map given
 * and read back in header order. A file that breaks the format (a bad length, JSON, dtype,
 * overlapping or missing data, truncation, trailing bytes) gives a {@link ModelFileException}
 * naming the file and the problem before any tensor is made.
 *
 * <pre>{@code
 * Safetensors.save(Path.of("w.safetensors"), Map.of("w", w, "b", b));
 * try (NamedTensors t = Safetensors.load(Path.of("w.safetensors"))) {
 *     Tensor w2 = t.get("w");
 * }
 * }</pre>
 */
public final class Safetensors {
    private Safetensors() {}

    /** Writes the tensors to a file atomically (a temporary file in the same folder, then a rename). */
    public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
        save(file, tensors, Collections.emptyMap());
    }

    /** As {@link #save(Path, Map)}, with "__metadata__" string pairs (empty: no metadata entry). */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        List<StHeader.Entry> layout = layout(tensors, metadata);  // argument errors before any file is touched
        AtomicFile.write(file, out -> {
            OutputStream b = new BufferedOutputStream(out, TensorCodec.CHUNK);
            write(b, layout, tensors, metadata);
            b.flush();
        });
    }

    /** Writes the file format to a stream (for example an entry of a zip); the stream stays open. */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(out, layout(tensors, metadata), tensors, metadata);
    }

    private static void write(OutputStream out, List<StHeader.Entry> layout, Map<String, Tensor> tensors,
                              Map<String, String> metadata) throws IOException {
        out.write(StHeader.encode(layout, metadata));
        List<StHeader.Entry> byOffset = new ArrayList<>(layout);
        byOffset.sort(java.util.Comparator.comparingLong(e -> e.begin));
        for (StHeader.Entry e : byOffset) TensorCodec.write(tensors.get(e.name), out);
    }

    /**
     * Header entries for the tensors in map order; validates the arguments. The data is laid out
     * 8-byte types first, then 4-byte, then 1-byte ones (map order within each), so that, with
     * the header padded to 8 bytes, every tensor starts at a multiple of its element size, as
     * the reference writer arranges it for readers that map the file into memory.
     */
    private static List<StHeader.Entry> layout(Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (tensors == null) throw new IllegalArgumentException("safetensors: the tensor map is null");
        if (metadata != null) {
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (m.getKey() == null || m.getValue() == null) {
                    throw new IllegalArgumentException("safetensors: metadata has a null key or value: " + metadata);
                }
            }
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null) throw new IllegalArgumentException("safetensors: a tensor name is null");
            if (name.equals(StHeader.METADATA)) {
                throw new IllegalArgumentException("safetensors: '" + StHeader.METADATA + "' is reserved for metadata; rename the tensor");
            }
            if (t == null) throw new IllegalArgumentException("safetensors: tensor '" + name + "' is null");
            if (t.isClosed()) throw new IllegalArgumentException("safetensors: tensor '" + name + "' is closed");
            if (t.numel() > TensorCodec.MAX_ELEMENTS) {
                throw new IllegalArgumentException("safetensors: tensor '" + name + "' has " + t.numel()
                        + " elements; at most " + TensorCodec.MAX_ELEMENTS + " per tensor are supported");
            }
        }
        Map<String, StHeader.Entry> placed = new LinkedHashMap<>();
        long offset = 0;
        for (int size : new int[] {8, 4, 2, 1}) {
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor t = e.getValue();
                if (t.dtype().byteSize() != size) continue;
                long bytes = t.numel() * size;
                placed.put(e.getKey(), new StHeader.Entry(e.getKey(), StDType.of(t.dtype()), t.dims(), offset, offset + bytes));
                offset += bytes;
            }
        }
        List<StHeader.Entry> out = new ArrayList<>();
        for (String name : tensors.keySet()) out.add(placed.get(name));
        return out;
    }

    /** Reads every tensor of a safetensors file (they belong to the open Scope, if any). */
    public static NamedTensors load(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), TensorCodec.CHUNK)) {
            return read(in, size, Source.file(file));
        }
    }

    /**
     * Reads the format from a stream of {@code available} bytes (-1: unknown, then the stream's
     * end is the end of the data).
     */
    static NamedTensors read(InputStream in, long available, Source src) throws IOException {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8) {
            throw src.error("not a safetensors file: it has only " + prefix.length + " bytes (the 8-byte header length is missing)");
        }
        long n = StHeader.headerLength(prefix, available, src);
        byte[] json = in.readNBytes((int) n);
        if (json.length < n) throw src.error("truncated: the header length is " + n + " bytes but only " + json.length + " follow");
        StHeader h = StHeader.parse(json, src);
        if (available >= 0) {
            long expected = 8 + n + h.dataBytes;
            if (available < expected) {
                throw src.error("truncated: the header describes " + h.dataBytes + " bytes of tensor data, so the file should "
                        + "have " + expected + " bytes, but it has " + available);
            }
            if (available > expected) {
                throw src.error("has " + (available - expected) + " bytes after the tensor data that the header does not "
                        + "describe (a damaged file, or not safetensors)");
            }
        }
        Map<String, Tensor> read = new LinkedHashMap<>();
        try {
            for (StHeader.Entry e : h.inDataOrder()) {
                long numel = e.numel();
                if (numel > TensorCodec.MAX_ELEMENTS) {
                    throw src.error("tensor '" + e.name + "' has " + numel + " elements; nn4j reads at most "
                            + TensorCodec.MAX_ELEMENTS + " per tensor");
                }
                try {
                    read.put(e.name, TensorCodec.read(in, e.type, e.shape, numel));
                } catch (EOFException x) {
                    throw src.error("truncated: the data of tensor '" + e.name + "' is cut short (" + x.getMessage() + ")");
                }
            }
            if (available < 0 && in.read() != -1) {
                throw src.error("has bytes after the tensor data that the header does not describe");
            }
        } catch (IOException | RuntimeException x) {
            for (Tensor t : read.values()) t.close();
            throw x;
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (StHeader.Entry e : h.entries) ordered.put(e.name, read.get(e.name));
        return new NamedTensors(ordered, h.metadata);
    }
}
