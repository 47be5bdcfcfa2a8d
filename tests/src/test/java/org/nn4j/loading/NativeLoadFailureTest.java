package org.nn4j.loading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Loads the native core in a child JVM whose class path lacks one platform jar, and checks that
 * the failure is an exception naming the platform, the missing jar, the cache directory and the
 * library, instead of an UnsatisfiedLinkError or a crash.
 */
class NativeLoadFailureTest {

    private static String run(String dropJarContaining) throws Exception {
        String[] full = System.getProperty("java.class.path").split(File.pathSeparator);
        String[] kept = Arrays.stream(full)
                .filter(p -> !new File(p).getName().contains(dropJarContaining))
                .toArray(String[]::new);
        if (!dropJarContaining.equals("no-such-jar")) {
            assertEquals(full.length - 1, kept.length,
                    "expected exactly one class-path entry named *" + dropJarContaining + "* in " + Arrays.toString(full));
        }
        // The runnable nn4j jar names its dependencies (lib/*.jar) in its manifest, which the child
        // JVM would follow; use its compiled classes folder instead so that a dropped jar stays gone.
        String cp = Arrays.stream(kept).map(NativeLoadFailureTest::withoutManifestClassPath)
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
        String java = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(java, "-cp", cp, LoadFailureMain.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "child JVM crashed:\n" + out);
        return out;
    }

    private static String withoutManifestClassPath(String entry) {
        File f = new File(entry);
        if (!f.isFile() || !f.getName().endsWith(".jar")) return entry;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(f)) {
            java.util.jar.Manifest m = jar.getManifest();
            if (m == null || m.getMainAttributes().getValue("Class-Path") == null) return entry;
        } catch (java.io.IOException e) {
            return entry;
        }
        File classes = new File(f.getParentFile(), "classes");
        return classes.isDirectory() ? classes.getPath() : entry;
    }

    @Test
    void loadsWithTheFullClassPath() throws Exception {
        assertTrue(run("no-such-jar").contains("LOADED"));
    }

    @Test
    void missingNn4jPlatformJarIsNamed() throws Exception {
        String out = run("nn4j-native-0.1.0-SNAPSHOT-linux-x86_64");
        assertTrue(out.contains("FAILED org.nn4j.NativeLibraryException"), out);
        assertTrue(out.contains("linux-x86_64"), "names the platform: " + out);
        assertTrue(out.contains("org.nn4j:nn4j-native:"), "names the jar: " + out);
        assertTrue(out.contains("cache directory"), "names the cache: " + out);
        assertTrue(out.contains("libnn4j.so"), "names the library: " + out);
    }

    @Test
    void missingOneDnnJarIsNamed() throws Exception {
        String out = run("dnnl-3.11-1.5.13-linux-x86_64");
        assertTrue(out.contains("FAILED org.nn4j.NativeLibraryException"), out);
        assertTrue(out.contains("org.bytedeco:dnnl:3.11-1.5.13:linux-x86_64"), "names the jar: " + out);
        assertTrue(out.contains("libgomp.so.1") || out.contains("libdnnl.so.3"), out);
    }
}
