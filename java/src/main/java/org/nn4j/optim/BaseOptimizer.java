package org.nn4j.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Tensor;
import org.nn4j.autograd.Autograd;
import org.nn4j.autograd.NoGradScope;
import org.nn4j.nn.Config;
import org.nn4j.nn.Variable;
import org.nn4j.ops.nn.OptimizerUpdates.GradPrep;

/**
 * What every optimizer here shares: the learning rate (a number or a {@link LearningRateSchedule}),
 * gradient clipping, coupled weight decay, the step counter and the per-variable state tensors
 * ("slots"). A step validates every (variable, gradient) pair first, so a bad pair leaves the
 * optimizer and all variables untouched; then it calls one fused kernel per variable.
 *
 * <p>Slots are created on a variable's first update, zero-filled (or {@link #slotInitialValue}),
 * with the variable's shape, dtype and device, outside any {@link Scope}: the optimizer owns them
 * until {@link #close()}.
 */
public abstract class BaseOptimizer implements Optimizer {
    private final LearningRateSchedule schedule;  // null: constant lr
    private double lr;
    private final GradientClipping clipping;
    private final double weightDecay;
    private long iterations;
    private boolean closed;
    // Variable has identity equality; insertion order keeps state() deterministic.
    private final Map<Variable, Tensor[]> slots = new LinkedHashMap<>();

    protected BaseOptimizer(Builder<?> b) {
        this.schedule = b.schedule;
        this.lr = b.lr;
        this.clipping = b.clipping;
        this.weightDecay = b.weightDecay;
    }

    // ---- what a subclass provides --------------------------------------------------------------

    /** The registry name ("adam"), also the "name" of {@link #config()}. */
    public abstract String name();

    /** Names of the per-variable state tensors, in the order {@link #update} receives them. */
    protected abstract String[] slotNames();

    /** Initial value of slot i (0 unless overridden, e.g. Adagrad's initial accumulator). */
    protected double slotInitialValue(int slot) {
        return 0;
    }

    /** Applies update t (≥ 1) to one variable with the fused kernel. */
    protected abstract void update(Tensor param, Tensor grad, Tensor[] slots, double lr, long t, GradPrep prep);

    /** Called before the updates of step t (Nadam computes its momentum schedule here). */
    protected void beginStep(long t) {}

    /** Called after every update of step t succeeded. */
    protected void endStep(long t) {}

    /** Called after {@link #loadState} set the step counter. */
    protected void restoredIterations(long iterations) {}

    /** The subclass's hyper-parameters, added to {@link #config()}. */
    protected abstract void putConfig(Config c);

    /** The coupled L2 coefficient folded into the gradient (AdamW decouples it instead). */
    protected double coupledWeightDecay() {
        return weightDecay;
    }

    public final double weightDecay() {
        return weightDecay;
    }

    public final GradientClipping clipping() {
        return clipping;
    }

    /** The schedule, or null when the learning rate is a constant. */
    public final LearningRateSchedule schedule() {
        return schedule;
    }

    // ---- Optimizer ------------------------------------------------------------------------------

    @Override
    public void apply(List<Variable> vars, List<Tensor> grads) {
        if (closed) throw new IllegalStateException(name() + ": the optimizer was closed");
        if (vars.size() != grads.size()) {
            throw new IllegalArgumentException(name() + ": " + vars.size() + " variables but " + grads.size()
                    + " gradients; pass one gradient (or null) per variable");
        }
        List<Variable> vs = new ArrayList<>();
        List<Tensor> gs = new ArrayList<>();
        java.util.Set<Variable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            Tensor g = grads.get(i);
            if (v == null) throw new NullPointerException(name() + ": variable " + i + " is null");
            if (!seen.add(v)) {
                throw new IllegalArgumentException(name() + ": variable " + v.path() + " appears twice in one step");
            }
            if (g == null || !v.trainable()) continue;
            check(v, g);
            vs.add(v);
            gs.add(g);
        }
        if (vs.isEmpty()) return;  // nothing to update: the step does not count (Keras)
        final long t = iterations + 1;
        final double rate = lrAt(t);
        final double[] scales = clipping.scales(gs);
        final double clip = clipping.elementClip();
        beginStep(t);
        try (NoGradScope ng = Autograd.noGrad()) {
            for (int i = 0; i < vs.size(); i++) {
                Variable v = vs.get(i);
                update(v.value(), gs.get(i), slotsOf(v), rate, t, new GradPrep(coupledWeightDecay(), scales[i], clip));
            }
        }
        endStep(t);
        iterations = t;
    }

    @Override
    public void step(List<Variable> vars) {
        List<Tensor> grads = new ArrayList<>(vars.size());
        for (Variable v : vars) grads.add(v.value().grad());
        apply(vars, grads);
    }

    @Override
    public long iterations() {
        return iterations;
    }

    @Override
    public double learningRate() {
        return lrAt(iterations + 1);
    }

    private double lrAt(long t) {
        return schedule != null ? schedule.lr(t) : lr;
    }

    @Override
    public void setLearningRate(double lr) {
        if (schedule != null) {
            throw new IllegalStateException(name() + ": the learning rate comes from " + schedule
                    + "; build the optimizer with a number to change it from outside (ReduceLROnPlateau)");
        }
        this.lr = Builder.checkLr(name(), lr);
    }

    /**
     * Copies of the state: "iterations" (int64 scalar), "learning_rate" (float64 scalar, when it is
     * a number rather than a schedule) and one tensor per slot of every variable updated so far,
     * keyed "variablePath/slotName". The copies belong to the caller (and to its open Scope).
     */
    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("iterations", Tensor.full(iterations, DType.INT64));
        if (schedule == null) out.put("learning_rate", Tensor.scalar(lr, DType.FLOAT64));
        String[] names = slotNames();
        try (NoGradScope ng = Autograd.noGrad()) {
            for (Map.Entry<Variable, Tensor[]> e : slots.entrySet()) {
                String path = e.getKey().path();
                for (int i = 0; i < names.length; i++) {
                    String key = path + "/" + names[i];
                    if (out.containsKey(key)) {
                        throw new IllegalStateException(name() + ": two variables share the path '" + path
                                + "'; state keys must be unique (give the layers distinct names)");
                    }
                    out.put(key, e.getValue()[i].clone());
                }
            }
        }
        return out;
    }

    /**
     * Replaces the whole state by {@code state} (from {@link #state()}): variables of {@code vars}
     * without entries get fresh slots on their next update. Everything is validated before anything
     * changes: unknown keys, missing slots, or shapes that differ from the variables are errors.
     */
    @Override
    public void loadState(Map<String, Tensor> state, List<Variable> vars) {
        Map<String, Variable> byPath = new HashMap<>();
        for (Variable v : vars) {
            if (byPath.put(v.path(), v) != null) {
                throw new IllegalArgumentException(name() + ".loadState: two variables share the path '" + v.path() + "'");
            }
        }
        Tensor it = state.get("iterations");
        if (it == null) {
            throw new IllegalArgumentException(name() + ".loadState: no 'iterations' entry; was this saved by state()?");
        }
        long iters = integer("iterations", it);
        Double savedLr = null;
        List<String> names = Arrays.asList(slotNames());
        Map<Variable, Tensor[]> loaded = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals("iterations")) continue;
            if (key.equals("learning_rate")) {
                if (schedule != null) {
                    throw new IllegalArgumentException(name() + ".loadState: the state holds a learning_rate but this "
                            + "optimizer takes its rate from " + schedule + "; remove the entry or build it with a number");
                }
                savedLr = Builder.checkLr(name(), scalar("learning_rate", e.getValue()));
                continue;
            }
            int cut = key.lastIndexOf('/');
            String path = cut < 0 ? "" : key.substring(0, cut);
            int slot = names.indexOf(key.substring(cut + 1));
            if (cut < 0 || slot < 0) {
                throw new IllegalArgumentException(name() + ".loadState: unexpected entry '" + key + "'; this optimizer's"
                        + " slots are " + names + " (was the state saved by another optimizer or configuration?)");
            }
            Variable v = byPath.get(path);
            if (v == null) {
                throw new IllegalArgumentException(name() + ".loadState: entry '" + key + "' names no variable of the"
                        + " list (paths: " + byPath.keySet() + ")");
            }
            Tensor t = e.getValue();
            if (!Arrays.equals(t.dims(), v.shape())) {
                throw new IllegalArgumentException(name() + ".loadState: '" + key + "' has shape " + t.shape()
                        + " but variable " + path + " has " + v.value().shape());
            }
            loaded.computeIfAbsent(v, k -> new Tensor[names.size()])[slot] = t;
        }
        for (Map.Entry<Variable, Tensor[]> e : loaded.entrySet()) {
            for (int i = 0; i < names.size(); i++) {
                if (e.getValue()[i] == null) {
                    throw new IllegalArgumentException(name() + ".loadState: variable " + e.getKey().path()
                            + " has state entries but lacks '" + e.getKey().path() + "/" + names.get(i) + "'");
                }
            }
        }
        // validated: now replace
        clearSlots();
        for (Map.Entry<Variable, Tensor[]> e : loaded.entrySet()) {
            Tensor[] s = newSlots(e.getKey().value(), names.size());
            try (NoGradScope ng = Autograd.noGrad()) {
                for (int i = 0; i < s.length; i++) s[i].copyFrom(e.getValue()[i]);
            }
            slots.put(e.getKey(), s);
        }
        if (savedLr != null) lr = savedLr;
        iterations = iters;
        restoredIterations(iters);
    }

    @Override
    public Config config() {
        Config c = new Config().put("name", name());
        if (schedule != null) c.put("learning_rate", schedule.config());
        else c.put("learning_rate", lr);
        if (weightDecay != 0 || defaultWeightDecay() != 0) c.put("weight_decay", weightDecay);
        clipping.putConfig(c);
        putConfig(c);
        return c;
    }

    /** The builder's default weight decay (AdamW's is not 0, so its value is always written). */
    protected double defaultWeightDecay() {
        return 0;
    }

    /** Releases every slot tensor; further steps throw. Idempotent. */
    @Override
    public void close() {
        closed = true;
        clearSlots();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + config().asMap();
    }

    // ---- internals ------------------------------------------------------------------------------

    private void check(Variable v, Tensor g) {
        Tensor p = v.value();
        if (g.isClosed() || p.isClosed()) {
            throw new IllegalStateException(name() + ": variable " + v.path() + " or its gradient was closed");
        }
        if (!Arrays.equals(g.dims(), p.dims())) {
            throw new IllegalArgumentException(name() + ": gradient " + g.shape() + " does not match variable "
                    + v.path() + " " + p.shape());
        }
        if (g.dtype() != p.dtype()) {
            throw new IllegalArgumentException(name() + ": gradient of " + v.path() + " is " + g.dtype()
                    + " but the variable is " + p.dtype() + "; cast it with to(DType)");
        }
        if (g.device() != p.device()) {
            throw new IllegalArgumentException(name() + ": gradient of " + v.path() + " is on " + g.device()
                    + " but the variable is on " + p.device());
        }
        if (!p.isContiguous()) {
            throw new IllegalArgumentException(name() + ": variable " + v.path() + " is not contiguous; optimizers"
                    + " update variables in place");
        }
    }

    private Tensor[] slotsOf(Variable v) {
        Tensor[] s = slots.get(v);
        if (s == null) {
            s = newSlots(v.value(), slotNames().length);
            slots.put(v, s);
        }
        return s;
    }

    private Tensor[] newSlots(Tensor param, int count) {
        return Scope.outside(() -> {
            Tensor[] s = new Tensor[count];
            for (int i = 0; i < count; i++) s[i] = param.fullLike(slotInitialValue(i));
            return s;
        });
    }

    private void clearSlots() {
        for (Tensor[] s : slots.values()) for (Tensor t : s) t.close();
        slots.clear();
    }

    private String label() {
        return name() + ".loadState";
    }

    private long integer(String key, Tensor t) {
        double d = scalar(key, t);
        if (d < 0 || d != Math.rint(d) || d > (1L << 53)) {
            throw new IllegalArgumentException(label() + ": '" + key + "' = " + d + " is not a step count");
        }
        return (long) d;
    }

    private double scalar(String key, Tensor t) {
        if (t.numel() != 1) {
            throw new IllegalArgumentException(label() + ": '" + key + "' must hold one number, got shape " + t.shape());
        }
        return t.item();
    }

    // ---- builder --------------------------------------------------------------------------------

    /**
     * Options every optimizer takes: learning rate (number or schedule), at most one clipping mode
     * (O10; off by default), and weight decay (coupled L2 added to the gradient, g += λθ, except in
     * AdamW where it is decoupled).
     */
    public abstract static class Builder<B extends Builder<B>> {
        private double lr;
        private LearningRateSchedule schedule;
        private GradientClipping clipping = GradientClipping.NONE;
        private double weightDecay;

        protected Builder(double defaultLr, double defaultWeightDecay) {
            this.lr = defaultLr;
            this.weightDecay = defaultWeightDecay;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        public B learningRate(double lr) {
            this.lr = checkLr("learningRate", lr);
            this.schedule = null;
            return self();
        }

        public B learningRate(LearningRateSchedule schedule) {
            if (schedule == null) throw new NullPointerException("learningRate: schedule is null");
            this.schedule = schedule;
            return self();
        }

        public B weightDecay(double weightDecay) {
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weightDecay = " + weightDecay + " must be finite and >= 0");
            }
            this.weightDecay = weightDecay;
            return self();
        }

        /** Clamps every gradient element to [−c, c]. */
        public B clipValue(double c) {
            return clipping(GradientClipping.byValue(c));
        }

        /** Clip by value with the default threshold 5 (O10). */
        public B clipValue() {
            return clipValue(GradientClipping.DEFAULT_THRESHOLD);
        }

        /** Scales each gradient tensor to norm at most c. */
        public B clipNorm(double c) {
            return clipping(GradientClipping.byNorm(c));
        }

        public B clipNorm() {
            return clipNorm(GradientClipping.DEFAULT_THRESHOLD);
        }

        /** Scales all gradients together so that their global norm is at most c. */
        public B globalClipNorm(double c) {
            return clipping(GradientClipping.byGlobalNorm(c));
        }

        public B globalClipNorm() {
            return globalClipNorm(GradientClipping.DEFAULT_THRESHOLD);
        }

        public B clipping(GradientClipping clipping) {
            if (clipping == null) throw new NullPointerException("clipping is null");
            if (this.clipping.mode() != GradientClipping.Mode.NONE && clipping.mode() != GradientClipping.Mode.NONE) {
                throw new IllegalArgumentException("only one of clipValue, clipNorm and globalClipNorm can be set; "
                        + "already " + this.clipping);
            }
            this.clipping = clipping;
            return self();
        }

        /** Reads the shared keys of {@link BaseOptimizer#config()}. */
        protected B baseFromConfig(Config c) {
            if (c.has("learning_rate")) {
                Object lrValue = c.asMap().get("learning_rate");
                if (lrValue instanceof Number) learningRate(((Number) lrValue).doubleValue());
                else learningRate(LearningRateSchedule.fromConfig(c.getConfig("learning_rate")));
            }
            if (c.has("weight_decay")) weightDecay(c.getDouble("weight_decay"));
            clipping = GradientClipping.NONE;
            clipping(GradientClipping.fromConfig(c));
            return self();
        }

        static double checkLr(String what, double lr) {
            if (!(lr >= 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException(what + ": learning rate " + lr + " must be finite and >= 0");
            }
            return lr;
        }

        static double unit(String what, double v) {
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(what + " = " + v + " is outside [0, 1]");
            return v;
        }

        static double beta(String what, double v) {
            if (!(v >= 0 && v < 1)) throw new IllegalArgumentException(what + " = " + v + " is outside [0, 1)");
            return v;
        }

        static double eps(String what, double v, boolean strictlyPositive) {
            if (!(v >= 0) || Double.isInfinite(v) || (strictlyPositive && v == 0)) {
                throw new IllegalArgumentException(what + " = " + v + " must be finite and " + (strictlyPositive ? ">" : ">=")
                        + " 0");
            }
            return v;
        }
    }
}
