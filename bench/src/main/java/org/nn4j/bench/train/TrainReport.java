package org.nn4j.bench.train;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON line every peer prints for a training run (the same keys as
 * bench/peers/pytorch_train.py, read by bench/train-throughput.sh). Times per step in ms.
 */
public final class TrainReport {
    /** The issue-6 models and their batch sizes. */
    public static final Map<String, Integer> BATCH = Map.of("mlp", 64, "lenet5", 64, "lstm", 32);
    /** Distinct synthetic batches each peer cycles through. */
    public static final int POOL = 4;
    /** Plain SGD learning rate, the same in every peer. */
    public static final double LR = 0.01;

    private final Map<String, Object> fields = new LinkedHashMap<>();

    public TrainReport(String peer, String version, TrainArgs a) {
        fields.put("peer", peer);
        fields.put("version", version);
        fields.put("model", a.model);
        fields.put("threads", a.threads);
        fields.put("batch", a.batch());
    }

    /**
     * Throughput and phase split of the timed steps (wall and process CPU nanoseconds over them),
     * with the number of warm-up and timed steps that ran.
     */
    public TrainReport timing(int batch, int warmup, int steps, long wallNs, long cpuNs, PhaseClock clock) {
        fields.put("warmup", warmup);
        fields.put("steps", steps);
        double stepMs = wallNs * 1e-6 / steps;
        double f = clock.nanos(PhaseClock.FORWARD) * 1e-6 / steps;
        double b = clock.nanos(PhaseClock.BACKWARD) * 1e-6 / steps;
        double o = clock.nanos(PhaseClock.OPTIMIZER) * 1e-6 / steps;
        fields.put("examples_per_s", round((double) batch * steps / (wallNs * 1e-9), 1));
        fields.put("step_ms", round(stepMs, 4));
        fields.put("forward_ms", round(f, 4));
        fields.put("backward_ms", round(b, 4));
        fields.put("optimizer_ms", round(o, 4));
        fields.put("glue_ms", round(stepMs - f - b - o, 4));
        fields.put("cpu_per_wall", round((double) cpuNs / wallNs, 3));
        return this;
    }

    public TrainReport put(String key, Object value) {
        fields.put(key, value instanceof Double ? round((Double) value, 5) : value);
        return this;
    }

    /** Milliseconds the JIT has spent compiling so far (-1 when the JVM does not say). */
    public static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Collections and their total time so far, {count, millis}: the Java garbage a step leaves. */
    public static long[] gcCountAndMillis() {
        long n = 0, ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {n, ms};
    }

    /** CPU time of this process (all threads, JIT and GC included). */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double round(double v, int digits) {
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }

    public String json() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (sb.length() > 1) sb.append(", ");
            sb.append('"').append(e.getKey()).append("\": ");
            Object v = e.getValue();
            if (v instanceof Double && !Double.isFinite((Double) v)) {
                sb.append("null");  // JSON has no NaN; a diverged loss shows as null
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v instanceof Double ? String.format(Locale.ROOT, "%s", v) : v.toString());
            } else {
                sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }
}
