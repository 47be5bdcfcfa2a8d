package org.nn4j.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nn4j.Device;
import org.nn4j.Nn4j;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.testing.OpCase;
import org.nn4j.testing.Shapes;

/**
 * CURRICULUM "DEV": every op on CUDA equals the CPU (rel 1e-5 float32, 1e-12 float64), forward
 * and backward, reusing the CPU suites' op cases. Without a device the whole class is skipped
 * with the reason (Nn4j.diagnostics() says why there is none).
 */
@Tag("gpu")
class CudaVsCpuTest {
    static Device gpu;

    @BeforeAll
    static void requireDevice() {
        boolean available = Device.cudaAvailable();
        if (!available) {
            String reason = "CUDA tests skipped: no CUDA device. " + Nn4j.diagnostics().replace('\n', ' ');
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        gpu = Device.cuda(0);
    }

    static Stream<OpCase> cases() {
        return Stream.of(
                ElementwiseTest.unaryCases(),
                ElementwiseTest.binaryCases(),
                ElementwiseTest.otherCases(),
                ReductionTest.cases().filter(c -> !c.toString().contains("129")),
                ReductionTest.tieCases(),
                MatmulTest.cases(),
                MatmulTest.blockingCases(),
                ShapeOpsTest.cases(),
                CastTest.cases().filter(c -> c.toString().contains("7, 13"))).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAsCpu(OpCase c) {
        c.runOnDevice(gpu);
    }

    @Test
    void roundTripAndDeviceOfResults() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.rand(3, Shapes.LARGE);
            Tensor g = x.to(gpu);
            assertEquals(gpu, g.device());
            assertArrayEquals(x.toFloatArray(), g.to(Device.CPU).toFloatArray());
            assertArrayEquals(x.toFloatArray(), g.toFloatArray(), "toFloatArray copies back from the device");
        }
    }
}
