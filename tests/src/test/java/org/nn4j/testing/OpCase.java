package org.nn4j.testing;

import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.nn4j.DType;
import org.nn4j.Device;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.GradCheck;
import org.nn4j.testing.Inputs.Layout;

/**
 * One op case per line (after tinygrad's helper_test_op): input shapes, the op on tensors, a
 * float64 reference on {@link Nd}s, and tolerances. {@link #run()} checks
 * <ul>
 *   <li>forward: for every dtype and every input layout (contiguous, transposed view, strided
 *       view with NaN in the gaps), the op against the reference evaluated on the same values;</li>
 *   <li>backward: the op's gradient against float64 central differences ({@link GradCheck}).</li>
 * </ul>
 * Cases are immutable: every setter returns a changed copy, so one base case can be run at
 * several shapes.
 */
public final class OpCase {
    private final String name;
    private final Function<Tensor[], Tensor> op;
    private final Function<Nd[], Nd> ref;
    private long[][] shapes = {{7, 13}};
    private double lo = -2, hi = 2;
    private int intLo, intHi;
    private boolean ints;
    private double[] kinks = {};
    private double gap = 1e-3;
    private Tol f32 = Tol.F32, f64 = Tol.F64;
    private boolean grad = true;
    private DType[] dtypes = {DType.FLOAT32, DType.FLOAT64};
    private DType returns;
    private Function<Nd[], Nd> scale;
    private Layout[] layouts = Layout.values();
    private int gradCoordinates = 64;

    private OpCase(String name, Function<Tensor[], Tensor> op, Function<Nd[], Nd> ref) {
        this.name = name;
        this.op = op;
        this.ref = ref;
    }

    public static OpCase of(String name, Function<Tensor[], Tensor> op, Function<Nd[], Nd> ref) {
        return new OpCase(name, op, ref);
    }

    public static OpCase unary(String name, UnaryOperator<Tensor> op, DoubleUnaryOperator ref) {
        return new OpCase(name, xs -> op.apply(xs[0]), xs -> xs[0].map(ref)).shapes(new long[] {7, 13});
    }

    public static OpCase binary(String name, BinaryOperator<Tensor> op, DoubleBinaryOperator ref) {
        return new OpCase(name, xs -> op.apply(xs[0], xs[1]), xs -> Nd.zip(xs[0], xs[1], ref))
                .shapes(new long[] {7, 13}, new long[] {7, 13});
    }

    private OpCase copy() {
        OpCase c = new OpCase(name, op, ref);
        c.shapes = shapes;
        c.lo = lo;
        c.hi = hi;
        c.intLo = intLo;
        c.intHi = intHi;
        c.ints = ints;
        c.kinks = kinks;
        c.gap = gap;
        c.f32 = f32;
        c.f64 = f64;
        c.grad = grad;
        c.dtypes = dtypes;
        c.returns = returns;
        c.scale = scale;
        c.layouts = layouts;
        c.gradCoordinates = gradCoordinates;
        return c;
    }

    /** A changed copy: cases are immutable, so that one base case can be varied many ways. */
    private OpCase with(Consumer<OpCase> change) {
        OpCase c = copy();
        change.accept(c);
        return c;
    }

    /** One shape per input. */
    public OpCase shapes(long[]... shapes) {
        return with(c -> c.shapes = shapes);
    }

    /** Every input at the same shape (as many inputs as the case has shapes: set shapes() first for more than one). */
    public OpCase at(long... shape) {
        long[][] s = new long[shapes.length][];
        Arrays.fill(s, shape);
        return shapes(s);
    }

    /** Inputs uniform in [lo, hi). */
    public OpCase domain(double lo, double hi) {
        return with(c -> {
            c.lo = lo;
            c.hi = hi;
            c.ints = false;
        });
    }

    /** Integer-valued inputs in [lo, hi], so that ties and equalities occur. */
    public OpCase ints(int lo, int hi) {
        return with(c -> {
            c.intLo = lo;
            c.intHi = hi;
            c.ints = true;
        });
    }

    /** Keeps inputs away from points where the op (or its derivative) is not smooth. */
    public OpCase awayFrom(double... kinks) {
        return with(c -> c.kinks = kinks);
    }

    /** Minimum distance from the kinks (default 1e-3). */
    public OpCase gap(double gap) {
        return with(c -> c.gap = gap);
    }

    public OpCase tol(Tol f32, Tol f64) {
        return with(c -> {
            c.f32 = f32;
            c.f64 = f64;
        });
    }

    /** Not differentiable (comparisons, integer results) or checked elsewhere. */
    public OpCase forwardOnly() {
        return with(c -> c.grad = false);
    }

    public OpCase dtypes(DType... dtypes) {
        return with(c -> c.dtypes = dtypes);
    }

    /** The dtype of the result (default: the inputs' dtype). */
    public OpCase returns(DType dtype) {
        return with(c -> c.returns = dtype);
    }

    /** The magnitude errors are measured against, e.g. |A| @ |B| for a matmul. */
    public OpCase scale(Function<Nd[], Nd> scale) {
        return with(c -> c.scale = scale);
    }

    public OpCase layouts(Layout... layouts) {
        return with(c -> c.layouts = layouts);
    }

    public void run() {
        runForward();
        if (grad) runGrad();
    }

    public void runForward() {
        for (DType d : dtypes) {
            Nd[] xs = inputs(d);
            Nd want = ref.apply(xs);
            Nd sc = scale == null ? null : scale.apply(xs);
            for (Layout layout : layouts) {
                try (Scope s = Scope.open()) {
                    Tensor[] ts = new Tensor[xs.length];
                    for (int i = 0; i < xs.length; i++) {
                        ts[i] = Inputs.tensor(xs[i], d, layout);
                        if (layout == Layout.STRIDED && xs[i].size() > 1 && ts[i].isContiguous())
                            throw new AssertionError(this + ": a strided view reports isContiguous() " + ts[i]);
                    }
                    Tensor got = op.apply(ts);
                    String what = this + " " + d + " " + layout;
                    DType expected = returns != null ? returns : d;
                    if (got.dtype() != expected)
                        throw new AssertionError(what + ": result dtype " + got.dtype() + ", expected " + expected);
                    Check.assertClose(what, want, sc, got, tolerance(expected));
                }
            }
        }
    }

    public void runGrad() {
        Nd[] xs = inputs(DType.FLOAT64);
        boolean big = Arrays.stream(xs).anyMatch(x -> x.size() > 2 * gradCoordinates);
        GradCheck.Builder b = GradCheck.builder();
        if (big) b = b.coordinates(gradCoordinates, seed());
        try (Scope s = Scope.open()) {
            Tensor[] ts = new Tensor[xs.length];
            for (int i = 0; i < xs.length; i++) ts[i] = Inputs.tensor(xs[i], DType.FLOAT64);
            b.assertPasses(op, ts);
        } catch (AssertionError e) {
            throw new AssertionError(this + " backward: " + e.getMessage(), e);
        }
    }

    /**
     * The same op on {@code device} and on the CPU, same inputs: forward results, and for
     * differentiable cases the input gradients for one random upstream gradient, must agree
     * within this case's tolerances (CURRICULUM "DEV": rel 1e-5 float32, 1e-12 float64).
     */
    public void runOnDevice(Device device) {
        for (DType d : dtypes) {
            Nd[] xs = inputs(d);
            for (Layout layout : new Layout[] {Layout.CONTIGUOUS, Layout.TRANSPOSED}) {
                try (Scope s = Scope.open()) {
                    String what = this + " " + d + " " + layout + " on " + device;
                    Tensor[] cpu = new Tensor[xs.length], dev = new Tensor[xs.length];
                    boolean diff = grad && d.isFloatingPoint();
                    for (int i = 0; i < xs.length; i++) {
                        cpu[i] = Inputs.tensor(xs[i], d, layout);
                        dev[i] = cpu[i].to(device);
                        if (diff) {
                            cpu[i].requiresGrad(true);
                            dev[i].requiresGrad(true);
                        }
                    }
                    Tensor yc = op.apply(cpu), yd = op.apply(dev);
                    if (yd.device() != device && !yd.device().equals(device))
                        throw new AssertionError(what + ": result on " + yd.device());
                    Nd want = Check.nd(yc);
                    Tol tol = tolerance(yc.dtype());
                    Check.assertClose(what + " forward", want, scale == null ? null : scale.apply(xs), yd.to(Device.CPU), tol);
                    if (!diff) continue;
                    Nd up = Inputs.roundTo(Inputs.uniform(seed() + 99, -1, 1, yc.dims()), d);
                    Tensor[] gc = org.nn4j.autograd.Autograd.grad(new Tensor[] {yc}, new Tensor[] {Inputs.tensor(up, d)}, cpu);
                    Tensor[] gd = org.nn4j.autograd.Autograd.grad(new Tensor[] {yd}, new Tensor[] {Inputs.tensor(up, d).to(device)}, dev);
                    for (int i = 0; i < xs.length; i++) {
                        Nd g = Check.nd(gc[i]);
                        Check.assertClose(what + " grad " + i, g, g.abs(), gd[i].to(Device.CPU), tol);
                    }
                }
            }
        }
    }

    private Tol tolerance(DType d) {
        return switch (d) {
            case FLOAT32 -> f32;
            case FLOAT64 -> f64;
            default -> Tol.EXACT;
        };
    }

    private Nd[] inputs(DType d) {
        Nd[] xs = new Nd[shapes.length];
        for (int i = 0; i < xs.length; i++) {
            long seed = seed() * 31 + i;
            Nd x = ints ? Inputs.ints(seed, intLo, intHi, shapes[i]) : Inputs.uniform(seed, lo, hi, kinks, gap, shapes[i]);
            xs[i] = Inputs.roundTo(x, d);
        }
        return xs;
    }

    private long seed() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return name + Arrays.stream(shapes).map(s -> Arrays.stream(s).mapToObj(Long::toString)
                .collect(Collectors.joining(", ", "(", ")"))).collect(Collectors.joining(" ", " ", ""));
    }
}
