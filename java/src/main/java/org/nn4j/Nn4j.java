package org.nn4j;

import org.bytedeco.javacpp.Loader;
import org.nn4j.bindings.Nn4jNative;
import org.nn4j.internal.CudaRuntime;
import org.nn4j.internal.Kernels;
import org.nn4j.internal.NativeLibrary;

/** Library-wide settings and facts: threads, instruction set, memory, versions, diagnostics. */
public final class Nn4j {
    static {
        NativeLibrary.ensureLoaded();
    }

    private Nn4j() {}

    /** Threads of the CPU kernels (and oneDNN); n >= 1. */
    public static void setNumThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("setNumThreads: n = " + n + " must be >= 1");
        check(Nn4jNative.nn4j_set_num_threads(n), "setNumThreads");
    }

    public static int numThreads() {
        return Nn4jNative.nn4j_get_num_threads();
    }

    /** Bytes currently allocated on the host by nn4j (arenas included). */
    public static long liveBytes() {
        return Nn4jNative.nn4j_live_bytes(0);
    }

    /** Bytes currently allocated by nn4j on a device. */
    public static long liveBytes(Device device) {
        return Nn4jNative.nn4j_live_bytes(device.nativeCode());
    }

    /**
     * Host bytes nn4j keeps from freed tensors for reuse (not counted in {@link #liveBytes()}):
     * a training step allocates the same sizes every step, and reusing blocks spares it the
     * operating system's page faults. At most {@code NN4J_CPU_CACHE_MB} megabytes (default 1024).
     */
    public static long cachedBytes() {
        return Nn4jNative.nn4j_cached_bytes(0);
    }

    /** Gives the host blocks kept for reuse back to the operating system. */
    public static void emptyCache() {
        check(Nn4jNative.nn4j_empty_cache(0), "emptyCache");
    }

    /** Caps the bytes kept for reuse (0 turns the reuse off; a lower cap frees the excess now). */
    public static void setCacheLimit(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("setCacheLimit: bytes = " + bytes + " is negative");
        check(Nn4jNative.nn4j_set_cache_limit(0, bytes), "setCacheLimit");
    }

    /** The instruction set the CPU kernels use now: "generic", "avx2" or "avx512". */
    public static String isa() {
        return Nn4jNative.nn4j_isa_name(Nn4jNative.nn4j_isa_active());
    }

    /** The best instruction set this CPU supports. */
    public static String isaSupported() {
        return Nn4jNative.nn4j_isa_name(Nn4jNative.nn4j_isa_supported());
    }

    /** Lowers the instruction set (for tests comparing kernels): "generic", "avx2" or "avx512". */
    public static void setIsa(String name) {
        int code;
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "generic": code = 0; break;
            case "avx2": code = 1; break;
            case "avx512": code = 2; break;
            default: throw new IllegalArgumentException("setIsa: unknown instruction set \"" + name
                    + "\" (generic, avx2, avx512)");
        }
        check(Nn4jNative.nn4j_set_isa(code), "setIsa");
    }

    /** oneDNN version "major.minor.patch", or "" without oneDNN. */
    public static String dnnlVersion() {
        return Nn4jNative.nn4j_dnnl_version();
    }

    /**
     * Which implementation ops with a oneDNN path use: "auto" (oneDNN where its per-op check
     * passes), "off" (nn4j's own kernels only) or "force". The default comes from the system
     * property {@code nn4j.dnnl}, else the environment variable NN4J_DNNL, else "auto".
     */
    public static void setDnnlMode(String mode) {
        check(Nn4jNative.nn4j_set_dnnl_mode(Kernels.dnnlModeCode(mode)), "setDnnlMode");
    }

    public static String dnnlMode() {
        switch (Nn4jNative.nn4j_get_dnnl_mode()) {
            case 1: return "off";
            case 2: return "force";
            default: return "auto";
        }
    }

    /** "onednn" or "nn4j": the implementation the last op with a oneDNN path used on this thread. */
    public static String lastPath() {
        return Nn4jNative.nn4j_last_path();
    }

    /** Version of the native core. */
    public static String version() {
        return Nn4jNative.nn4j_version();
    }

    /** Usable CUDA devices (0 without CUDA; see diagnostics() for why). */
    public static int cudaDeviceCount() {
        return CudaRuntime.deviceCount(false);
    }

    /** Multi-line report: platform, ISA, oneDNN, CUDA devices or why none, threads, JavaCPP cache. */
    public static String diagnostics() {
        StringBuilder sb = new StringBuilder();
        sb.append("nn4j ").append(version()).append('\n');
        sb.append("platform: ").append(Loader.getPlatform()).append(" (java ")
                .append(System.getProperty("java.version")).append(", ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(")\n");
        sb.append("isa: supported ").append(isaSupported()).append(", active ").append(isa()).append('\n');
        String dnnl = dnnlVersion();
        sb.append("oneDNN: ").append(dnnl == null || dnnl.isEmpty() ? "not linked" : dnnl + ", mode " + dnnlModeSafe())
                .append('\n');
        int cuda = cudaDeviceCount();
        if (cuda > 0) {
            sb.append("cuda: ").append(cuda).append(" device(s)\n");
            for (int i = 0; i < cuda; i++) sb.append("  cuda:").append(i).append(' ').append(CudaRuntime.deviceName(i)).append('\n');
        } else {
            sb.append("cuda: none (").append(CudaRuntime.unavailableReason()).append(")\n");
        }
        sb.append("threads: ").append(numThreads()).append(" (").append(Runtime.getRuntime().availableProcessors())
                .append(" processors)\n");
        String cache;
        try {
            cache = String.valueOf(Loader.getCacheDir());
        } catch (Exception e) {
            cache = "unavailable (" + e.getMessage() + ")";
        }
        sb.append("javacpp cache: ").append(cache).append('\n');
        sb.append("live bytes: ").append(liveBytes()).append(", cached for reuse: ").append(cachedBytes()).append('\n');
        return sb.toString();
    }

    private static String dnnlModeSafe() {
        try {
            return dnnlMode();
        } catch (Throwable e) {
            return "unknown";
        }
    }

    private static void check(int status, String op) {
        if (status != 0) {
            String msg = Nn4jNative.nn4j_last_error();
            throw new IllegalArgumentException(op + ": " + msg);
        }
    }
}
