package org.nn4j;

/**
 * A native failure that is not the caller's fault: out of memory, a device runtime error, an
 * internal error. Argument errors are {@link IllegalArgumentException}s instead.
 */
public class Nn4jException extends RuntimeException {
    /** Native status codes (nn4j.h). */
    public static final int ERR_OOM = 4;
    public static final int ERR_NO_DEVICE = 5;
    public static final int ERR_DEVICE = 6;
    public static final int ERR_INTERNAL = 7;

    private final int status;

    public Nn4jException(String message) {
        this(message, ERR_INTERNAL);
    }

    public Nn4jException(String message, int status) {
        super(message);
        this.status = status;
    }

    public Nn4jException(String message, Throwable cause) {
        super(message, cause);
        this.status = ERR_INTERNAL;
    }

    /** The native status code behind this exception. */
    public int status() {
        return status;
    }

    /** True when the native allocator ran out of memory (host or device). */
    public boolean isOutOfMemory() {
        return status == ERR_OOM;
    }
}
