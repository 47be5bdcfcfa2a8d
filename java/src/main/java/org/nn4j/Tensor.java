package org.nn4j;

import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.GradFn;
import org.nn4j.internal.Storage;
import org.nn4j.internal.Strides;
import org.nn4j.internal.TensorAccess;
import org.nn4j.internal.TensorFormat;
import org.nn4j.ops.Comparisons;
import org.nn4j.ops.Conversion;
import org.nn4j.ops.Creation;
import org.nn4j.ops.Elementwise;
import org.nn4j.ops.InPlace;
import org.nn4j.ops.Indexing;
import org.nn4j.ops.Linalg;
import org.nn4j.ops.Reductions;
import org.nn4j.ops.ShapeOps;
import org.nn4j.ops.UnaryMath;

/**
 * An n-dimensional array on a {@link Device}, with an optional autograd history.
 *
 * <p>A tensor is a view: (storage, element offset, shape, strides in elements, dtype). The
 * storage is native memory shared, reference-counted, by every view of it and freed when the
 * last view is {@link #close() closed} (or, as a safety net only, when all views became
 * unreachable). {@link Scope} closes every tensor created inside it.
 *
 * <p><b>Views</b> (share storage, no copy): {@link #reshape} when the strides allow it,
 * {@link #flatten}, {@link #squeeze}, {@link #unsqueeze}, {@link #permute}, {@link #transpose},
 * {@link #t}, {@link #expand}, {@link #slice}, {@link #select}, {@link #split}, {@link #chunk},
 * {@link #detach}. Writing through a view ({@link #copyFrom}, {@link #fill}, ...) changes every
 * view of that storage. <b>Copies</b>: every math op, {@link #reshape} of a layout that cannot be
 * viewed, {@link #clone}, {@link #concat}, {@link #stack}, {@link #gather}, {@link #scatterAdd},
 * {@link #to(DType)} / {@link #to(Device)} to another dtype/device. {@link #contiguous()},
 * {@link #to(DType)} and {@link #to(Device)} return this tensor itself when there is nothing to
 * do.
 *
 * <p><b>Autograd</b>: ops on tensors that require grad record a {@link GradFn}; {@link #backward()}
 * accumulates gradients into the leaves' {@link #grad()}. Kinks: relu'(0) = 0, abs'(0) = 0;
 * maximum/minimum ties send the gradient to the first operand; max/min reductions send it to
 * the first extreme element (argmax order).
 *
 * <p>Tensor is not thread-safe; distinct tensors may be used on distinct threads.
 */
public final class Tensor implements AutoCloseable {
    static {
        TensorAccess.install(new Access());
    }

    private final Storage storage;
    private final long offset;
    private final long[] shape;
    private final long[] strides;
    private final DType dtype;
    private boolean closed;
    private Shape shapeObj;

    // autograd
    private boolean requiresGrad;
    private Tensor grad;
    private GradFn gradFn;
    private int outputIndex;

    // scope bookkeeping (see Scope)
    Scope scope;
    int scopeIndex;

    private Tensor(Storage storage, long offset, long[] shape, long[] strides, DType dtype) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.dtype = dtype;
    }

    // =============================================================================== creation

    /** Float32 zeros. */
    public static Tensor zeros(long... shape) { return Creation.full(0, DType.FLOAT32, shape); }
    public static Tensor zeros(DType dtype, long... shape) { return Creation.full(0, dtype, shape); }
    /** Float32 ones. */
    public static Tensor ones(long... shape) { return Creation.full(1, DType.FLOAT32, shape); }
    public static Tensor ones(DType dtype, long... shape) { return Creation.full(1, dtype, shape); }
    public static Tensor full(double value, DType dtype, long... shape) { return Creation.full(value, dtype, shape); }
    /** Float32 [0, 1, ..., n-1]. */
    public static Tensor arange(long n) { return Creation.arange(0, n, 1, DType.FLOAT32); }
    public static Tensor arange(long n, DType dtype) { return Creation.arange(0, n, 1, dtype); }
    /** [start, start + step, ...) up to end (exclusive). */
    public static Tensor arange(double start, double end, double step, DType dtype) { return Creation.arange(start, end, step, dtype); }
    /** Float32: n points from a to b inclusive. */
    public static Tensor linspace(double a, double b, long n) { return Creation.linspace(a, b, n, DType.FLOAT32); }
    /** Float32 identity matrix. */
    public static Tensor eye(long n) { return Creation.eye(n, DType.FLOAT32); }
    public static Tensor eye(long n, DType dtype) { return Creation.eye(n, dtype); }
    /** A float32 0-d tensor. */
    public static Tensor scalar(double value) { return Creation.full(value, DType.FLOAT32); }
    public static Tensor scalar(double value, DType dtype) { return Creation.full(value, dtype); }
    /** Float32 from values in row-major order; no shape means (data.length). */
    public static Tensor of(float[] data, long... shape) { return Creation.of(data, shape); }
    public static Tensor of(double[] data, long... shape) { return Creation.of(data, shape); }
    public static Tensor of(int[] data, long... shape) { return Creation.of(data, shape); }
    public static Tensor of(long[] data, long... shape) { return Creation.of(data, shape); }
    public static Tensor of(boolean[] data, long... shape) { return Creation.of(data, shape); }
    /** A 2-D float32 tensor from rows of equal length. */
    public static Tensor of(float[][] rows) { return Creation.of(rows); }
    public static Tensor of(double[][] rows) { return Creation.of(rows); }
    /** Float32 U[0, 1) from a seed (a fresh {@link Generator}). */
    public static Tensor rand(long seed, long... shape) { return Generator.seed(seed).uniform(DType.FLOAT32, 0, 1, shape); }
    /** Float32 N(0, 1) from a seed. */
    public static Tensor randn(long seed, long... shape) { return Generator.seed(seed).normal(DType.FLOAT32, 0, 1, shape); }
    /** Float32 1 with probability p, else 0, from a seed. */
    public static Tensor bernoulli(long seed, double p, long... shape) { return Generator.seed(seed).bernoulli(DType.FLOAT32, p, shape); }
    /** Zeros with this tensor's shape, dtype and device. */
    public Tensor zerosLike() { return Creation.fullLike(this, 0); }
    public Tensor onesLike() { return Creation.fullLike(this, 1); }
    public Tensor fullLike(double value) { return Creation.fullLike(this, value); }

    // ============================================================================= properties

    public Shape shape() {
        Shape s = shapeObj;
        if (s == null) shapeObj = s = Shape.wrap(shape);
        return s;
    }

    /** A copy of the dims. */
    public long[] dims() { return shape.clone(); }
    public int rank() { return shape.length; }
    /** Size of axis i (negative counts from the end). */
    public long dim(int i) { return shape[Strides.axis("dim", i, shape)]; }
    public long numel() { return Strides.numel(shape); }
    public DType dtype() { return dtype; }
    public Device device() { return storage.device == 0 ? Device.CPU : Device.fromNativeCode(storage.device); }
    public boolean isContiguous() { return Strides.isContiguous(shape, strides); }
    /** A copy of the strides, in elements. */
    public long[] strides() { return strides.clone(); }

    // ======================================================================== shapes and views

    /** View when the strides allow it, else a copy; one dim may be -1. */
    public Tensor reshape(long... shape) { return ShapeOps.reshape(this, shape); }
    /** reshape(-1). */
    public Tensor flatten() { return ShapeOps.reshape(this, -1); }
    /** Removes every size-1 axis (view). */
    public Tensor squeeze() { return ShapeOps.squeeze(this); }
    /** Removes axis (which must have size 1) (view). */
    public Tensor squeeze(int axis) { return ShapeOps.squeeze(this, axis); }
    /** Inserts a size-1 axis at position axis of the result (view). */
    public Tensor unsqueeze(int axis) { return ShapeOps.unsqueeze(this, axis); }
    public Tensor permute(int... axes) { return ShapeOps.permute(this, axes); }
    public Tensor transpose(int a, int b) { return ShapeOps.transpose(this, a, b); }
    /** Transpose of a 2-D tensor (view). */
    public Tensor t() { return ShapeOps.t(this); }
    /** Broadcast view to shape (stride 0 on stretched axes); -1 keeps an axis. */
    public Tensor expand(long... shape) { return ShapeOps.expand(this, shape); }
    /** Elements start..end (exclusive) along axis; negative indices count from the end; end clamps. */
    public Tensor slice(int axis, long start, long end) { return ShapeOps.slice(this, axis, start, end, 1); }
    /** Python-style slice with a step (negative steps walk backwards: start defaults are not implied). */
    public Tensor slice(int axis, long start, long end, long step) { return ShapeOps.slice(this, axis, start, end, step); }
    /** The sub-tensor at index along axis, dropping the axis (view). */
    public Tensor select(int axis, long index) { return ShapeOps.select(this, axis, index); }
    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() { return ShapeOps.contiguous(this); }
    /** A contiguous copy (recorded by autograd). */
    @Override
    public Tensor clone() { return ShapeOps.cloneTensor(this); }
    /** A view sharing storage that does not require grad and has no history. */
    public Tensor detach() { return ShapeOps.detach(this); }
    public static Tensor concat(int axis, Tensor... ts) { return ShapeOps.concat(axis, ts); }
    public static Tensor stack(int axis, Tensor... ts) { return ShapeOps.stack(axis, ts); }
    /** Views of consecutive pieces of the given sizes along axis (they must sum to its size). */
    public Tensor[] split(int axis, long... sizes) { return ShapeOps.split(this, axis, sizes); }
    /** n nearly equal views along axis (the last may be smaller, like torch.chunk). */
    public Tensor[] chunk(int axis, int n) { return ShapeOps.chunk(this, axis, n); }
    /** torch.gather: out[..i..] = this[..index[..i..]..] along axis; index is INT64 of this rank. */
    public Tensor gather(int axis, Tensor index) { return Indexing.gather(this, axis, index); }
    /** A copy of this with src added at index along axis; repeated indices accumulate. */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) { return Indexing.scatterAdd(this, axis, index, src); }

    // ========================================================================== element-wise

    public Tensor add(Tensor o) { return Elementwise.add(this, o); }
    public Tensor add(double v) { return Elementwise.add(this, v); }
    public Tensor sub(Tensor o) { return Elementwise.sub(this, o); }
    public Tensor sub(double v) { return Elementwise.sub(this, v); }
    /** Element-wise (Hadamard) product; see {@link #matmul} for the matrix product. */
    public Tensor mul(Tensor o) { return Elementwise.mul(this, o); }
    public Tensor mul(double v) { return Elementwise.mul(this, v); }
    public Tensor div(Tensor o) { return Elementwise.div(this, o); }
    public Tensor div(double v) { return Elementwise.div(this, v); }
    public Tensor pow(Tensor o) { return Elementwise.pow(this, o); }
    public Tensor pow(double p) { return UnaryMath.pow(this, p); }
    /** Element-wise max; on ties the gradient goes to this (the first operand). */
    public Tensor maximum(Tensor o) { return Elementwise.maximum(this, o); }
    public Tensor maximum(double v) { return Elementwise.maximum(this, v); }
    /** Element-wise min; on ties the gradient goes to this (the first operand). */
    public Tensor minimum(Tensor o) { return Elementwise.minimum(this, o); }
    public Tensor minimum(double v) { return Elementwise.minimum(this, v); }
    /** cond ? a : b with broadcasting; cond is BOOL. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Elementwise.where(cond, a, b); }

    public Tensor neg() { return UnaryMath.neg(this); }
    public Tensor abs() { return UnaryMath.abs(this); }
    /** -1, 0 or 1 (sign(0) = 0). */
    public Tensor sign() { return UnaryMath.sign(this); }
    public Tensor exp() { return UnaryMath.exp(this); }
    public Tensor log() { return UnaryMath.log(this); }
    public Tensor log1p() { return UnaryMath.log1p(this); }
    public Tensor expm1() { return UnaryMath.expm1(this); }
    public Tensor sqrt() { return UnaryMath.sqrt(this); }
    public Tensor rsqrt() { return UnaryMath.rsqrt(this); }
    public Tensor square() { return UnaryMath.square(this); }
    public Tensor reciprocal() { return UnaryMath.reciprocal(this); }
    public Tensor sin() { return UnaryMath.sin(this); }
    public Tensor cos() { return UnaryMath.cos(this); }
    public Tensor tanh() { return UnaryMath.tanh(this); }
    public Tensor sigmoid() { return UnaryMath.sigmoid(this); }
    /** max(x, 0); relu'(0) = 0. */
    public Tensor relu() { return org.nn4j.ops.nn.Activations.relu(this); }
    public Tensor floor() { return UnaryMath.floor(this); }
    public Tensor ceil() { return UnaryMath.ceil(this); }
    public Tensor round() { return UnaryMath.round(this); }
    /** min(max(x, lo), hi); the gradient passes where lo <= x <= hi. */
    public Tensor clamp(double lo, double hi) { return UnaryMath.clamp(this, lo, hi); }

    public Tensor eq(Tensor o) { return Comparisons.compare(this, o, Comparisons.EQ); }
    public Tensor eq(double v) { return Comparisons.compare(this, v, Comparisons.EQ); }
    public Tensor ne(Tensor o) { return Comparisons.compare(this, o, Comparisons.NE); }
    public Tensor ne(double v) { return Comparisons.compare(this, v, Comparisons.NE); }
    public Tensor lt(Tensor o) { return Comparisons.compare(this, o, Comparisons.LT); }
    public Tensor lt(double v) { return Comparisons.compare(this, v, Comparisons.LT); }
    public Tensor le(Tensor o) { return Comparisons.compare(this, o, Comparisons.LE); }
    public Tensor le(double v) { return Comparisons.compare(this, v, Comparisons.LE); }
    public Tensor gt(Tensor o) { return Comparisons.compare(this, o, Comparisons.GT); }
    public Tensor gt(double v) { return Comparisons.compare(this, v, Comparisons.GT); }
    public Tensor ge(Tensor o) { return Comparisons.compare(this, o, Comparisons.GE); }
    public Tensor ge(double v) { return Comparisons.compare(this, v, Comparisons.GE); }
    public Tensor logicalAnd(Tensor o) { return Comparisons.logical(this, o, Comparisons.AND); }
    public Tensor logicalOr(Tensor o) { return Comparisons.logical(this, o, Comparisons.OR); }
    public Tensor logicalXor(Tensor o) { return Comparisons.logical(this, o, Comparisons.XOR); }
    public Tensor logicalNot() { return Comparisons.logicalNot(this); }
    public Tensor isNan() { return Comparisons.isNan(this); }
    public Tensor isFinite() { return Comparisons.isFinite(this); }

    // ============================================================= in place (never recorded)

    /** this += o (o broadcast to this shape). Not recorded by autograd. */
    public Tensor addInPlace(Tensor o) { return InPlace.add(this, o, 1); }
    /** this += alpha * o. Not recorded by autograd. */
    public Tensor addInPlace(Tensor o, double alpha) { return InPlace.add(this, o, alpha); }
    /** this *= v. Not recorded by autograd. */
    public Tensor mulInPlace(double v) { return InPlace.mul(this, v); }
    /** this = src (broadcast to this shape, converted to this dtype, any device). */
    public Tensor copyFrom(Tensor src) { return InPlace.copyFrom(this, src); }
    /** Sets every element to value. */
    public Tensor fill(double value) { return InPlace.fill(this, value); }

    // ============================================================================= reductions

    public Tensor sum() { return Reductions.sum(this, false); }
    public Tensor sum(boolean keepDims, int... axes) { return Reductions.sum(this, keepDims, axes); }
    public Tensor mean() { return Reductions.mean(this, false); }
    public Tensor mean(boolean keepDims, int... axes) { return Reductions.mean(this, keepDims, axes); }
    public Tensor max() { return Reductions.max(this, false); }
    public Tensor max(boolean keepDims, int... axes) { return Reductions.max(this, keepDims, axes); }
    public Tensor min() { return Reductions.min(this, false); }
    public Tensor min(boolean keepDims, int... axes) { return Reductions.min(this, keepDims, axes); }
    public Tensor prod() { return Reductions.prod(this, false); }
    public Tensor prod(boolean keepDims, int... axes) { return Reductions.prod(this, keepDims, axes); }
    public Tensor logsumexp() { return Reductions.logsumexp(this, false); }
    public Tensor logsumexp(boolean keepDims, int... axes) { return Reductions.logsumexp(this, keepDims, axes); }
    /** sqrt(sum x^2). */
    public Tensor norm2() { return Reductions.norm2(this, false); }
    public Tensor norm2(boolean keepDims, int... axes) { return Reductions.norm2(this, keepDims, axes); }
    /** Variance with ddof (0 = population). */
    public Tensor var(int ddof, boolean keepDims, int... axes) { return Reductions.var(this, ddof, keepDims, axes); }
    public Tensor std(int ddof, boolean keepDims, int... axes) { return Reductions.std(this, ddof, keepDims, axes); }
    /** INT64 index of the first maximum along axis. */
    public Tensor argmax(int axis, boolean keepDims) { return Reductions.argmax(this, axis, keepDims); }
    /** INT64 0-d index of the first maximum in row-major order. */
    public Tensor argmax() { return Reductions.argmax(this); }
    public Tensor argmin(int axis, boolean keepDims) { return Reductions.argmin(this, axis, keepDims); }
    public Tensor argmin() { return Reductions.argmin(this); }
    /** BOOL: every element non-zero. */
    public Tensor all() { return Reductions.all(this, false); }
    public Tensor all(boolean keepDims, int... axes) { return Reductions.all(this, keepDims, axes); }
    public Tensor any() { return Reductions.any(this, false); }
    public Tensor any(boolean keepDims, int... axes) { return Reductions.any(this, keepDims, axes); }

    // ======================================================================== linear algebra

    /** Matrix product, batched over broadcast leading dims; 1-D operands as in NumPy. */
    public Tensor matmul(Tensor o) { return Linalg.matmul(this, o); }
    /** Inner product of two 1-D tensors (0-d result). */
    public Tensor dot(Tensor o) { return Linalg.dot(this, o); }
    /** Outer product of two 1-D tensors. */
    public Tensor outer(Tensor o) { return Linalg.outer(this, o); }

    // ============================================================================ conversion

    /** A copy with another dtype (this tensor when it already has it). */
    public Tensor to(DType dtype) { return Conversion.to(this, dtype); }
    /** A copy on another device (this tensor when it is already there). */
    public Tensor to(Device device) { return Conversion.to(this, device); }
    public float[] toFloatArray() { return Conversion.toFloatArray(this); }
    public double[] toDoubleArray() { return Conversion.toDoubleArray(this); }
    public int[] toIntArray() { return Conversion.toIntArray(this); }
    public long[] toLongArray() { return Conversion.toLongArray(this); }
    public boolean[] toBooleanArray() { return Conversion.toBooleanArray(this); }
    /** The single element as a double (numel must be 1). */
    public double item() { return Conversion.item(this); }
    /** Throws ArithmeticException naming {@code what}, the count and the first index of NaN/Inf values. */
    public Tensor checkFinite(String what) { return Conversion.checkFinite(this, what); }

    // ============================================================================== autograd

    /** Marks a floating-point leaf as a parameter whose gradient backward() accumulates. */
    public Tensor requiresGrad(boolean flag) {
        checkOpen("requiresGrad");
        if (gradFn != null) {
            if (flag) return this;  // already requires grad
            throw new IllegalStateException("requiresGrad: only leaf tensors can change it; this one was made by "
                    + gradFn.name() + " (use detach() for a new leaf)");
        }
        if (flag && !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("requiresGrad: only float32/float64 tensors can require grad, not " + dtype);
        }
        requiresGrad = flag;
        return this;
    }

    /** True for a leaf marked requiresGrad(true) and for results of recorded ops. */
    public boolean requiresGrad() { return requiresGrad || gradFn != null; }
    /** The accumulated gradient of a leaf, or null (non-leaves get none: use Autograd.grad). */
    public Tensor grad() { return grad; }
    /** Zeroes the accumulated gradient in place (it keeps its identity); no-op when there is none. */
    public void zeroGrad() {
        if (grad != null && !grad.closed) InPlace.fillUnchecked(grad, 0);
    }
    /** True when no recorded op made this tensor. */
    public boolean isLeaf() { return gradFn == null; }
    /** The node that made this tensor, or null for a leaf. */
    public GradFn gradFn() { return gradFn; }
    /** Back-propagates from this scalar (upstream grad 1). */
    public void backward() { Autograd.backward(this, null, false); }
    /** Back-propagates with an upstream gradient of this tensor's shape. */
    public void backward(Tensor upstream) { Autograd.backward(this, upstream, false); }
    /** Like {@link #backward(Tensor)}; with retainGraph the graph can be back-propagated again. */
    public void backward(Tensor upstream, boolean retainGraph) { Autograd.backward(this, upstream, retainGraph); }

    // ================================================================================ memory

    /** Releases this view (idempotent); the storage is freed when its last view is closed. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (scope != null) scope.forget(this);
        storage.release();
        GradFn fn = gradFn;
        if (fn != null) {
            gradFn = null;
            fn.releaseRef();
        }
        Tensor g = grad;
        if (g != null) {
            grad = null;
            g.close();
        }
    }

    public boolean isClosed() { return closed; }

    void checkOpen(String op) {
        if (closed) {
            throw new IllegalStateException(op + ": tensor " + Shape.format(shape) + " " + dtype
                    + " was closed (by close() or its Scope); use Scope.keep(t) to use a tensor after its scope");
        }
    }

    /** "Tensor(shape=(2, 3), dtype=float32, device=cpu)" and a NumPy-like preview of the values. */
    @Override
    public String toString() {
        return TensorFormat.format(this, closed);
    }

    // ================================================================ bridge for internals

    private static final class Access extends TensorAccess {
        @Override
        public Tensor create(Storage storage, long offset, long[] shape, long[] strides, DType dtype) {
            Tensor t = new Tensor(storage, offset, shape, strides, dtype);
            Scope.register(t);
            return t;
        }

        @Override
        public Tensor createUntracked(Storage storage, long offset, long[] shape, long[] strides, DType dtype) {
            return new Tensor(storage, offset, shape, strides, dtype);
        }

        @Override public Storage storage(Tensor t) { return t.storage; }
        @Override public long offset(Tensor t) { return t.offset; }
        @Override public long[] shape(Tensor t) { return t.shape; }
        @Override public long[] strides(Tensor t) { return t.strides; }
        @Override public void checkOpen(Tensor t, String op) { t.checkOpen(op); }
        @Override public GradFn gradFn(Tensor t) { return t.gradFn; }
        @Override public int outputIndex(Tensor t) { return t.outputIndex; }

        @Override
        public void setGradFn(Tensor t, GradFn fn, int outputIndex) {
            t.gradFn = fn;
            t.outputIndex = outputIndex;
        }

        @Override public boolean leafRequiresGrad(Tensor t) { return t.requiresGrad; }
        @Override public Tensor gradField(Tensor t) { return t.grad; }
        @Override public void setGradField(Tensor t, Tensor grad) { t.grad = grad; }
        @Override public Object scopeOf(Tensor t) { return t.scope; }
        @Override public void untrack(Tensor t) { if (t.scope != null) t.scope.forget(t); }
        @Override public void track(Tensor t) { if (t.scope == null && !t.closed) Scope.register(t); }
    }
}
