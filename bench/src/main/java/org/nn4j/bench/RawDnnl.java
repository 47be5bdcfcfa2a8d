package org.nn4j.bench;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nn4j.internal.NativeLibrary;

/**
 * oneDNN through the JavaCPP preset, for the benchmarks' raw baselines: a CPU engine and stream,
 * descriptors, primitives and memory objects on host buffers, all released by {@link #close()}.
 */
final class RawDnnl implements AutoCloseable {
    final dnnl_engine engine = new dnnl_engine();
    final dnnl_stream stream = new dnnl_stream();
    private final List<Pointer> keep = new ArrayList<>();
    private final List<dnnl_primitive> primitives = new ArrayList<>();

    /**
     * oneDNN runs on OpenMP, whose thread count the preset cannot set from Java, so the JMH pass
     * must run with OMP_NUM_THREADS equal to threads; anything else is refused.
     */
    RawDnnl(int threads) {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp == null || !omp.trim().equals(Integer.toString(threads))) {
            throw new IllegalStateException("oneDNN uses OpenMP: run this JMH pass with OMP_NUM_THREADS="
                    + threads + " in the environment (found " + omp + ")");
        }
        NativeLibrary.ensureLoaded();  // the same libgomp/libdnnl files the preset then links to
        ok(dnnl.dnnl_engine_create(engine, dnnl.dnnl_cpu, 0), "engine");
        ok(dnnl.dnnl_stream_create(stream, engine, dnnl.dnnl_stream_default_flags), "stream");
    }

    static dnnl_memory_desc md(int tag, long... dims) {
        dnnl_memory_desc m = new dnnl_memory_desc();
        ok(dnnl.dnnl_memory_desc_create_with_tag(m, dims.length, dims, dnnl.dnnl_f32, tag), "memory desc");
        return m;
    }

    static dnnl_memory_desc argMd(dnnl_primitive_desc pd, int arg) {
        return dnnl.dnnl_primitive_desc_query_md(pd, dnnl.dnnl_query_exec_arg_md, arg);
    }

    dnnl_primitive primitive(dnnl_primitive_desc pd, String what) {
        dnnl_primitive p = new dnnl_primitive();
        ok(dnnl.dnnl_primitive_create(p, pd), what);
        primitives.add(p);
        return p;
    }

    /** A memory object for the primitive's argument, on a host buffer of random values in [-scale, scale). */
    dnnl_memory memory(dnnl_primitive_desc pd, int arg, long seed, double scale) {
        dnnl_memory_desc d = argMd(pd, arg);
        long floats = Math.max(1, (dnnl.dnnl_memory_desc_get_size(d) + 3) / 4);
        FloatPointer buf = new FloatPointer(floats);
        buf.put(BenchSupport.data(floats, seed, scale));
        keep.add(buf);
        dnnl_memory m = new dnnl_memory();
        ok(dnnl.dnnl_memory_create(m, d, engine, buf), "memory");
        keep.add(m);
        return m;
    }

    /** Keeps p (an argument array, say) alive until close. */
    <P extends Pointer> P keep(P p) {
        keep.add(p);
        return p;
    }

    static void ok(int status, String what) {
        if (status != 0) throw new IllegalStateException("oneDNN " + what + ": status " + status);
    }

    @Override
    public void close() {
        for (dnnl_primitive p : primitives) dnnl.dnnl_primitive_destroy(p);
        for (Pointer p : keep) {
            if (p instanceof dnnl_memory) dnnl.dnnl_memory_destroy((dnnl_memory) p);
            else p.close();
        }
        dnnl.dnnl_stream_destroy(stream);
        dnnl.dnnl_engine_destroy(engine);
    }
}
