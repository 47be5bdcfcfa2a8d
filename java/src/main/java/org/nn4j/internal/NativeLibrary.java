package org.nn4j.internal;

import java.io.File;
import java.net.URL;
import org.bytedeco.javacpp.Loader;
import org.nn4j.NativeLibraryException;
import org.nn4j.bindings.Nn4jNative;

/**
 * Loads the native core once: oneDNN's libgomp.so.1 and libdnnl.so.3 from the
 * org.bytedeco:dnnl platform jar (via the JavaCPP cache, never a system install), then
 * libnn4j.so and its JNI layer from the nn4j-native platform jar. Only the two oneDNN files
 * are extracted, not the dnnl Java preset, which keeps start-up short and OpenCL off the class
 * path. libnn4j.so then finds libdnnl.so.3 by soname among the loaded libraries.
 */
public final class NativeLibrary {
    public static final String VERSION = "0.1.0-SNAPSHOT";
    private static final String DNNL_JAR = "org.bytedeco:dnnl:3.11-1.5.13";
    private static volatile boolean loaded;

    private NativeLibrary() {}

    public static void ensureLoaded() {
        if (loaded) return;
        synchronized (NativeLibrary.class) {
            if (loaded) return;
            String platform = Loader.getPlatform();
            loadDnnl(platform);
            try {
                Loader.load(Nn4jNative.class);
            } catch (Throwable e) {
                throw new NativeLibraryException(describe(platform,
                        "org.nn4j:nn4j-native:" + VERSION + ":" + platform,
                        "libnn4j.so / libjniNn4jNative.so", e), e);
            }
            loaded = true;
        }
    }

    private static void loadDnnl(String platform) {
        String dir = "/org/bytedeco/dnnl/" + platform + "/";
        for (String lib : new String[] {"libgomp.so.1", "libdnnl.so.3"}) {
            URL url = NativeLibrary.class.getResource(dir + lib);
            if (url == null) {
                throw new NativeLibraryException(describe(platform, DNNL_JAR + ":" + platform, lib,
                        null) + " (resource " + dir + lib + " is not on the class path)", null);
            }
            try {
                File f = Loader.cacheResource(url);
                System.load(f.getAbsolutePath());
            } catch (Throwable e) {
                throw new NativeLibraryException(describe(platform, DNNL_JAR + ":" + platform, lib, e), e);
            }
        }
    }

    private static String describe(String platform, String jar, String library, Throwable cause) {
        String cache;
        try {
            cache = String.valueOf(Loader.getCacheDir());
        } catch (Throwable t) {
            cache = "(unavailable: " + t.getMessage() + ")";
        }
        StringBuilder sb = new StringBuilder("nn4j could not load its native library ")
                .append(library).append(" for platform ").append(platform)
                .append(". Expected jar on the class path: ").append(jar)
                .append(". JavaCPP cache directory: ").append(cache).append('.');
        if (cause != null) sb.append(" Cause: ").append(cause);
        sb.append(" Fix: add the platform jar (Maven classifier ").append(platform)
                .append(") to the class path, or set -Djavacpp.platform to this machine's platform.");
        return sb.toString();
    }
}
