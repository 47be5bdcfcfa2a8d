package org.nn4j;

import org.nn4j.internal.CudaRuntime;

/**
 * Where a tensor's memory lives: {@link #CPU} or a CUDA device. The same ops run on both;
 * operands of one op must share a device (move with {@link Tensor#to(Device)}).
 */
public final class Device {
    /** The host. */
    public static final Device CPU = new Device(-1);

    private static final Device[] CUDA = new Device[64];

    private final int ordinal;  // -1 for the CPU

    private Device(int ordinal) {
        this.ordinal = ordinal;
    }

    /**
     * CUDA device {@code ordinal}. Loads the CUDA library on first use; throws
     * {@link Nn4jException} naming the reason when nn4j was built without CUDA, there is no
     * driver or GPU, or the ordinal is out of range.
     */
    public static Device cuda(int ordinal) {
        if (ordinal < 0 || ordinal >= CUDA.length) {
            throw new IllegalArgumentException("Device.cuda: ordinal " + ordinal + " is out of range");
        }
        int count = CudaRuntime.deviceCount(true);
        if (ordinal >= count) {
            throw new Nn4jException("Device.cuda(" + ordinal + "): only " + count + " CUDA device(s) present",
                    Nn4jException.ERR_NO_DEVICE);
        }
        synchronized (CUDA) {
            if (CUDA[ordinal] == null) CUDA[ordinal] = new Device(ordinal);
            return CUDA[ordinal];
        }
    }

    /** CUDA device 0. */
    public static Device cuda() {
        return cuda(0);
    }

    /** True when at least one CUDA device can be used; never throws. */
    public static boolean cudaAvailable() {
        try {
            return CudaRuntime.deviceCount(false) > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public boolean isCpu() {
        return ordinal < 0;
    }

    public boolean isCuda() {
        return ordinal >= 0;
    }

    /** The CUDA ordinal, or -1 for the CPU. */
    public int ordinal() {
        return ordinal;
    }

    /** The device code the native core takes: 0 for the CPU, 1 + ordinal for CUDA. */
    public int nativeCode() {
        return ordinal + 1;
    }

    /** The device with a native code (0 = CPU). */
    public static Device fromNativeCode(int code) {
        return code == 0 ? CPU : cuda(code - 1);
    }

    /** "cpu" or "cuda:0". */
    @Override
    public String toString() {
        return ordinal < 0 ? "cpu" : "cuda:" + ordinal;
    }
}
