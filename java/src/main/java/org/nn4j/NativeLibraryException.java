package org.nn4j;

/**
 * The native core could not be loaded. The message names the platform looked for, the jar
 * expected on the class path, the JavaCPP cache directory and the library that failed.
 */
public final class NativeLibraryException extends RuntimeException {
    public NativeLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
