package org.nn4j.internal;

import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.autograd.GradFn;

/**
 * The bridge through which the internal, ops and autograd packages reach a tensor's state
 * (storage, offset, shape and stride arrays, autograd links) without widening Tensor's public
 * API. {@link Tensor} installs the only implementation in its static initializer. Arrays
 * returned here are the tensor's own: never modify them.
 */
public abstract class TensorAccess {
    private static volatile TensorAccess instance;

    /** Called once by Tensor's static initializer. */
    public static void install(TensorAccess access) {
        if (instance != null) throw new IllegalStateException("TensorAccess already installed");
        instance = access;
    }

    /** The installed bridge (initializes Tensor if needed). */
    public static TensorAccess get() {
        TensorAccess a = instance;
        if (a == null) {
            try {
                Class.forName("org.nn4j.Tensor", true, TensorAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = instance;
        }
        return a;
    }

    /** A tensor over {@code storage} taking over one reference to it; registered in the current scope. */
    public abstract Tensor create(Storage storage, long offset, long[] shape, long[] strides, DType dtype);

    /** Like {@link #create} but in no scope (autograd's saved tensors, leaf grads). */
    public abstract Tensor createUntracked(Storage storage, long offset, long[] shape, long[] strides, DType dtype);

    public abstract Storage storage(Tensor t);
    public abstract long offset(Tensor t);
    public abstract long[] shape(Tensor t);
    public abstract long[] strides(Tensor t);

    /** Throws IllegalStateException naming the op when t was closed. */
    public abstract void checkOpen(Tensor t, String op);

    // ---- autograd links
    public abstract GradFn gradFn(Tensor t);
    public abstract int outputIndex(Tensor t);
    public abstract void setGradFn(Tensor t, GradFn fn, int outputIndex);
    /** The leaf flag set by requiresGrad(true). */
    public abstract boolean leafRequiresGrad(Tensor t);
    public abstract Tensor gradField(Tensor t);
    public abstract void setGradField(Tensor t, Tensor grad);

    /** The scope object that would close t, or null. */
    public abstract Object scopeOf(Tensor t);

    /** A new view of t's storage (one more reference), registered in the current scope. */
    public final Tensor view(Tensor t, long offset, long[] shape, long[] strides) {
        Storage s = storage(t);
        s.retain();
        return create(s, offset, shape, strides, t.dtype());
    }

    /** A same-shape view of t in no scope: autograd keeps these for backward. */
    public final Tensor aliasUntracked(Tensor t) {
        Storage s = storage(t);
        s.retain();
        return createUntracked(s, offset(t), shape(t), strides(t), t.dtype());
    }

    // ---- scopes
    /** Removes t from the scope that would close it (the caller now owns it). */
    public abstract void untrack(Tensor t);
    /** Registers an untracked t in the current scope, if any. */
    public abstract void track(Tensor t);
}
