package org.nn4j.bench.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the JSON lines of bench/train-throughput.sh (one per training process, any peer) into
 * its table: per peer, model and thread count the medians over the rounds of examples/s, of
 * each phase's ms per step, of process CPU time / wall time (below the thread count when other
 * work shares the machine), of the threads that computed ({@link BusyThreads}) and of the JIT's
 * compile time inside the timed steps (JVM peers; large means the warm-up was too short); then each peer's best thread count per model; then the cold start
 * (lines with {@code cold_start_ms}); and last, one machine-readable line per peer,
 * {@code nn4j-vs-<peer> mlp=<r> lenet5=<r> lstm=<r>} with r = nn4j's best examples/s over the
 * peer's best (or n/a when either side has no result).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.nn4j.bench.train.TrainTable results.jsonl}
 */
public final class TrainTable {
    static final List<String> MODELS = List.of("mlp", "lenet5", "lstm");
    static final List<String> PEERS = List.of("pytorch", "dl4j");
    static final String[] PHASES = {"step_ms", "forward_ms", "backward_ms", "optimizer_ms", "glue_ms", "cpu_per_wall",
        "busy_threads", "jit_ms_in_timing"};

    private TrainTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TrainTable <results.jsonl>");
            System.exit(2);
        }
        List<JsonObject> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            line = line.trim();
            if (line.startsWith("{")) rows.add(JsonParser.parseString(line).getAsJsonObject());
        }
        System.out.print(render(rows));
    }

    static String render(List<JsonObject> rows) {
        StringBuilder out = new StringBuilder();
        // (peer, model, threads) -> runs, in first-seen order of peers
        Map<String, List<JsonObject>> runs = new LinkedHashMap<>();
        List<Double> cold = new ArrayList<>();
        List<JsonObject> coldRows = new ArrayList<>();
        TreeSet<Integer> threadCounts = new TreeSet<>();
        for (JsonObject r : rows) {
            if (r.has("cold_start_ms")) {
                cold.add(r.get("cold_start_ms").getAsDouble());
                coldRows.add(r);
                continue;
            }
            if (!r.has("examples_per_s")) continue;
            int t = r.get("threads").getAsInt();
            threadCounts.add(t);
            runs.computeIfAbsent(key(r.get("peer").getAsString(), r.get("model").getAsString(), t),
                    k -> new ArrayList<>()).add(r);
        }

        out.append(String.format(Locale.ROOT, "%-7s %-8s %3s %11s %9s %9s %9s %9s %9s %8s %4s %6s %4s%n",
                "model", "peer", "thr", "examples/s", "step ms", "fwd ms", "bwd ms", "opt ms", "glue ms",
                "cpu/wall", "busy", "jit ms", "runs"));
        List<String> peers = new ArrayList<>(List.of("nn4j"));
        peers.addAll(PEERS);
        Map<String, Double> best = new LinkedHashMap<>();  // "peer/model" -> best median examples/s
        for (String model : MODELS) {
            for (String peer : peers) {
                for (int t : threadCounts) {
                    List<JsonObject> rs = runs.get(key(peer, model, t));
                    if (rs == null) continue;
                    double eps = median(rs, "examples_per_s");
                    best.merge(peer + "/" + model, eps, Math::max);
                    out.append(String.format(Locale.ROOT, "%-7s %-8s %3d %11.1f", model, peer, t, eps));
                    for (String p : PHASES) {
                        double v = median(rs, p);
                        int width = p.equals("cpu_per_wall") ? 8 : p.equals("busy_threads") ? 4 : p.startsWith("jit") ? 6 : 9;
                        String f = p.equals("cpu_per_wall") ? "%.2f" : p.equals("busy_threads") || p.startsWith("jit") ? "%.0f" : "%.3f";
                        String cell = Double.isNaN(v) ? "-" : String.format(Locale.ROOT, f, v);  // "-": not reported by this peer
                        out.append(String.format(Locale.ROOT, " %" + width + "s", cell));
                    }
                    out.append(String.format(Locale.ROOT, " %4d%n", rs.size()));
                }
            }
        }
        out.append(String.format(Locale.ROOT, "%nbest of %s threads (median examples/s):%n", threadCounts));
        out.append(String.format(Locale.ROOT, "%-7s %11s %11s %11s %13s %11s%n",
                "model", "nn4j", "pytorch", "dl4j", "nn4j/pytorch", "nn4j/dl4j"));
        for (String model : MODELS) {
            out.append(String.format(Locale.ROOT, "%-7s %11s %11s %11s %13s %11s%n", model,
                    fmt(best.get("nn4j/" + model)), fmt(best.get("pytorch/" + model)), fmt(best.get("dl4j/" + model)),
                    ratio(best, "pytorch", model), ratio(best, "dl4j", model)));
        }
        if (!cold.isEmpty()) {
            double[] c = cold.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.append(String.format(Locale.ROOT,
                    "%ncold start (nn4j, JVM launch to the end of the first MLP training batch): median %.0f ms of %d runs %s%n",
                    median(c), c.length, Arrays.toString(Arrays.stream(c).mapToLong(Math::round).toArray())));
            if (coldRows.get(0).has("native_load_ms")) {
                out.append(String.format(Locale.ROOT,
                        "  medians: launch to main() %.0f ms, native libraries %.0f ms, model + data + first step %.0f ms%n",
                        median(coldRows, "to_main_ms"), median(coldRows, "native_load_ms"),
                        median(coldRows, "first_step_ms")));
            }
        }
        out.append('\n');
        for (String peer : PEERS) {
            out.append("nn4j-vs-").append(peer);
            for (String model : MODELS) out.append(' ').append(model).append('=').append(ratio(best, peer, model));
            out.append('\n');
        }
        return out.toString();
    }

    private static String key(String peer, String model, int threads) {
        return peer + "/" + model + "/" + threads;
    }

    static String ratio(Map<String, Double> best, String peer, String model) {
        Double a = best.get("nn4j/" + model), b = best.get(peer + "/" + model);
        return a == null || b == null || b <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double median(List<JsonObject> rs, String field) {
        return median(rs.stream().filter(r -> r.has(field) && !r.get(field).isJsonNull())
                .mapToDouble(r -> r.get(field).getAsDouble()).sorted().toArray());
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) return Double.NaN;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
