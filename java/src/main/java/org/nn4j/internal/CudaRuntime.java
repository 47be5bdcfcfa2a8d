package org.nn4j.internal;

import java.io.File;
import org.bytedeco.javacpp.Loader;
import org.nn4j.Nn4jException;
import org.nn4j.bindings.Nn4jNative;

/**
 * Loads the CUDA twin library (libnn4j_cuda.so, shipped next to libnn4j.so in the platform jar)
 * once, lazily, and remembers why it could not when it cannot. The core never needs it: without
 * it every CUDA request fails with a message naming the reason.
 */
public final class CudaRuntime {
    private static volatile boolean attempted;
    private static volatile int count;
    private static volatile String reason = "not probed yet";

    private CudaRuntime() {}

    /**
     * Number of usable CUDA devices. With {@code require}, throws {@link Nn4jException} naming
     * the reason instead of returning 0.
     */
    public static int deviceCount(boolean require) {
        probe();
        if (require && count == 0) {
            throw new Nn4jException("CUDA is unavailable: " + reason, Nn4jException.ERR_NO_DEVICE);
        }
        return count;
    }

    /** Why there are no CUDA devices, or "" when there are some. */
    public static String unavailableReason() {
        probe();
        return count > 0 ? "" : reason;
    }

    private static void probe() {
        if (attempted) return;
        synchronized (CudaRuntime.class) {
            if (attempted) return;
            NativeLibrary.ensureLoaded();
            String platform = Loader.getPlatform();
            File lib;
            try {
                lib = Loader.cacheResource(Nn4jNative.class, platform + "/libnn4j_cuda.so");
            } catch (Throwable e) {
                lib = null;
            }
            if (lib == null) {
                reason = "nn4j was built without CUDA (no nvcc): " + platform
                        + "/libnn4j_cuda.so is not in the nn4j-native platform jar";
            } else {
                int st = Nn4jNative.nn4j_cuda_load(lib.getAbsolutePath());
                if (st != 0) {
                    reason = Nn4jNative.nn4j_last_error();
                } else {
                    int n = Nn4jNative.nn4j_cuda_device_count();
                    if (n <= 0) {
                        String msg = Nn4jNative.nn4j_last_error();
                        reason = "the CUDA library loaded but reports no device (no GPU or no driver)"
                                + (msg == null || msg.isEmpty() ? "" : ": " + msg);
                    }
                    count = Math.max(n, 0);
                }
            }
            attempted = true;
        }
    }

    /** Description of CUDA device {@code ordinal} (name, memory, capability). */
    public static String deviceName(int ordinal) {
        byte[] buf = new byte[256];
        int st = Nn4jNative.nn4j_cuda_device_name(ordinal, buf, buf.length);
        if (st != 0) return "(unknown: " + Nn4jNative.nn4j_last_error() + ")";
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
