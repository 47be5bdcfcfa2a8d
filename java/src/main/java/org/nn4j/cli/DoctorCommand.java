package org.nn4j.cli;

import java.util.concurrent.Callable;
import org.nn4j.Device;
import org.nn4j.Nn4j;
import org.nn4j.Tensor;
import org.nn4j.internal.NativeLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Reports what nn4j found on this machine, then runs a 2x2 matmul on every device as a smoke
 * test. A native library that cannot load is reported as an error naming the missing jar.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Print platform, instruction set, oneDNN, CUDA devices (or why none), threads, "
                + "JavaCPP cache and native memory, then run a tiny self-test on each device.")
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("nn4j java API " + NativeLibrary.VERSION);
        out.print(Nn4j.diagnostics());
        out.println("java heap max: " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        out.println("self-test cpu: " + selfTest(Device.CPU));
        for (int i = 0; i < Nn4j.cudaDeviceCount(); i++) {
            out.println("self-test cuda:" + i + ": " + selfTest(Device.cuda(i)));
        }
        out.println("live native bytes after self-test: " + Nn4j.liveBytes());
        return 0;
    }

    /** [[1, 2], [3, 4]] squared is [[7, 10], [15, 22]]. */
    private static String selfTest(Device device) {
        try (Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
             Tensor d = a.to(device);
             Tensor p = d.matmul(d);
             Tensor r = p.to(Device.CPU)) {
            float[] got = r.toFloatArray();
            float[] want = {7, 10, 15, 22};
            if (!java.util.Arrays.equals(got, want)) {
                throw new IllegalStateException("self-test on " + device + ": [[1, 2], [3, 4]] squared gave "
                        + java.util.Arrays.toString(got) + ", expected " + java.util.Arrays.toString(want));
            }
            return "ok (2x2 matmul)";
        }
    }
}
