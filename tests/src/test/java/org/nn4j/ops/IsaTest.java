package org.nn4j.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nn4j.Nn4j;
import org.nn4j.testing.Isas;
import org.nn4j.testing.OpCase;
import org.nn4j.testing.Shapes;

/**
 * The element-wise and GEMM comparisons once per instruction set the CPU supports (generic,
 * avx2, avx512), forcing each with Nn4j.setIsa and restoring the default after. An ISA the CPU
 * lacks shows up as one skipped test that says so.
 */
class IsaTest {
    static Stream<OpCase> cases() {
        return Stream.of(
                ElementwiseTest.unaryOps().stream().flatMap(c -> Shapes.ODD.stream().map(c::at)),
                ElementwiseTest.binaryOps().stream().flatMap(c -> Shapes.BROADCAST_PAIRS.stream().map(c::shapes)),
                ElementwiseTest.comparisonOps().stream().map(c -> c.shapes(Shapes.LARGE, Shapes.LARGE)),
                MatmulTest.cases(),
                MatmulTest.blockingCases()).flatMap(s -> s);
    }

    @TestFactory
    Stream<DynamicNode> everyIsa() {
        List<String> supported = Isas.supported();
        return Isas.ALL.stream().map(isa -> supported.contains(isa)
                ? dynamicContainer(isa, cases().map(c -> dynamicTest(c.toString(), () -> Isas.with(isa, c::runForward))))
                : dynamicTest(isa, () -> Assumptions.abort(isa + " is not supported by this CPU (Nn4j.setIsa refused it); "
                        + "its kernels are not tested here")));
    }

    @Test
    void setIsaRestores() {
        String before = Nn4j.isa();
        Isas.with("generic", () -> assertEquals("generic", Nn4j.isa()));
        assertEquals(before, Nn4j.isa());
    }
}
