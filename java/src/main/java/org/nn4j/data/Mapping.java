package org.nn4j.data;

import java.util.function.Function;
import org.nn4j.Scope;
import org.nn4j.Tensor;

/** How a map stage runs its function without leaking: the ownership rules of {@link Dataset#map}. */
final class Mapping {
    private Mapping() {}

    /**
     * out = fn(in) in a scope of its own, so fn's temporaries are closed; out's tensors are kept;
     * in's tensors are closed unless out reuses them. On failure in is closed too.
     */
    static Batch apply(Function<Batch, Batch> fn, Batch in) {
        Batch out;
        try (Scope s = Scope.open()) {
            out = fn.apply(in);
            if (out == null) throw new IllegalStateException("map: the function returned null for " + in);
            s.keep(out.x());
            if (out.y() != null) s.keep(out.y());
        } catch (RuntimeException | Error e) {
            in.close();
            throw e;
        }
        closeUnlessReused(in.x(), out);
        closeUnlessReused(in.y(), out);
        return out;
    }

    private static void closeUnlessReused(Tensor t, Batch out) {
        if (t != null && t != out.x() && t != out.y()) t.close();
    }
}
