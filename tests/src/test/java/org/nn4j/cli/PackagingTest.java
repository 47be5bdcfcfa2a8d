package org.nn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.nn4j.Tensor;

/**
 * The jars `mvn verify` builds: the library carries neither a Main-Class nor a Class-Path (nor
 * the command line or the MNIST files); the cli jar is runnable and names what it needs.
 */
class PackagingTest {
    private static Path jarOf(Class<?> c) throws URISyntaxException {
        Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isRegularFile(p), "the jars are checked when the tests run against them (mvn verify); "
                + "this run uses the class directory " + p);
        return p;
    }

    @Test
    void theLibraryJarIsOnlyTheLibrary() throws Exception {
        Path lib = jarOf(Tensor.class);
        try (JarFile jar = new JarFile(lib.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertNull(a.getValue("Main-Class"), lib + " names a Main-Class");
            assertNull(a.getValue("Class-Path"), lib + " has a Class-Path");
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("org/nn4j/cli/")), "no command line in " + lib);
            assertTrue(jar.stream().noneMatch(e -> e.getName().endsWith(".gz")), "no MNIST files in " + lib);
            assertNotNull(jar.getEntry("org/nn4j/models/zoo/Zoo.class"));
        }
    }

    @Test
    void theCliJarRunsWithTheLibraryBesideIt() throws Exception {
        Path cli = jarOf(Main.class);
        Path lib = jarOf(Tensor.class);
        assertEquals(lib.getParent(), cli.getParent(), "the cli jar's Class-Path is relative to the library jar");
        try (JarFile jar = new JarFile(cli.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals(Main.class.getName(), a.getValue("Main-Class"));
            List<String> cp = List.of(a.getValue("Class-Path").split(" "));
            assertTrue(cp.contains(lib.getFileName().toString()), cp.toString());
            for (String prefix : List.of("picocli-", "xchart-", "gson-", "progressbar-", "javacpp-", "nn4j-native-")) {
                assertTrue(cp.stream().anyMatch(e -> e.startsWith("lib/" + prefix)), prefix + " in " + cp);
            }
            for (String entry : cp) {
                assertTrue(Files.isRegularFile(cli.getParent().resolve(entry)), "Class-Path entry " + entry + " exists");
            }
            assertTrue(jar.stream().allMatch(e -> e.getName().startsWith("org/nn4j/cli/") || e.getName().startsWith("META-INF/")
                    || e.isDirectory()), "only the command line in " + cli);
        }
    }

    @Test
    void theLauncherFindsTheCliJar() throws IOException {
        Path launcher = Path.of(System.getProperty("user.dir")).getParent().resolve("nn4j");
        assertTrue(Files.isExecutable(launcher), launcher + " is executable");
        assertTrue(Files.readString(launcher).contains("java/target/nn4j-*-cli.jar"));
    }
}
