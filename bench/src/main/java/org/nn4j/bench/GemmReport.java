package org.nn4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns GemmBench's JMH CSV files (-rf csv) into a GFLOP/s table with the share of the machine's
 * peak and the nn4j / oneDNN ratio.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.nn4j.bench.GemmReport PEAK_GFLOPS a.csv [b.csv ...]}
 * where PEAK_GFLOPS is the float32 FMA peak of all the machine's cores together.
 */
public final class GemmReport {

    private record Key(String shape, int threads) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: GemmReport PEAK_GFLOPS file.csv [file.csv ...]");
            System.exit(2);
        }
        double peak = Double.parseDouble(args[0]);
        // (shape, threads) -> library -> {microseconds per GEMM, JMH 99.9% error in microseconds}
        Map<Key, Map<String, double[]>> us = new LinkedHashMap<>();
        for (int f = 1; f < args.length; f++) read(Path.of(args[f]), us);

        List<Key> keys = new ArrayList<>(us.keySet());
        keys.sort((x, y) -> x.shape.equals(y.shape) ? Integer.compare(x.threads, y.threads) : order(x.shape) - order(y.shape));
        System.out.printf(Locale.ROOT, "peak = %.0f GFLOP/s (all cores); GFLOP/s = 2*M*N*K / time; err = JMH 99.9%% "
                + "interval / score; nn4j/dn = nn4j GFLOP/s / oneDNN GFLOP/s (> 1: nn4j faster)%n", peak);
        System.out.printf(Locale.ROOT, "%-16s %3s | %9s %5s %8s %6s | %9s %5s %8s %6s | %7s | %8s%n",
                "shape MxKxN", "thr", "nn4j us", "err", "GFLOP/s", "%peak",
                "oneDNN us", "err", "GFLOP/s", "%peak", "nn4j/dn", "java GF/s");
        for (Key key : keys) {
            GemmShape s = GemmShape.parse(key.shape);
            Map<String, double[]> r = us.get(key);
            double[] n = r.get("nn4j"), d = r.get("dnnl"), j = r.get("java");
            System.out.printf(Locale.ROOT, "%-16s %3d | %s | %s | %7s | %8s%n", key.shape, key.threads,
                    cell(n, s, peak), cell(d, s, peak),
                    n != null && d != null ? String.format(Locale.ROOT, "%.2f", d[0] / n[0]) : "-",
                    j != null ? String.format(Locale.ROOT, "%.2f", gflops(j[0], s)) : "-");
        }
    }

    private static int order(String shape) {
        return GemmBench.SHAPES.indexOf(shape);
    }

    /** Time, its relative 99.9% error, GFLOP/s and share of the peak. */
    private static String cell(double[] r, GemmShape s, double peak) {
        if (r == null) return String.format("%9s %5s %8s %6s", "-", "-", "-", "-");
        double g = gflops(r[0], s);
        return String.format(Locale.ROOT, "%9.1f %4.0f%% %8.1f %5.1f%%", r[0], 100 * r[1] / r[0], g, 100 * g / peak);
    }

    private static double gflops(double micros, GemmShape s) {
        return s.flops() / (micros * 1e3);
    }

    private static void read(Path file, Map<Key, Map<String, double[]>> out) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) return;
        List<String> head = split(lines.get(0));
        int bench = head.indexOf("Benchmark"), score = head.indexOf("Score"), unit = head.indexOf("Unit");
        int error = head.indexOf("Score Error (99.9%)");
        int shape = head.indexOf("Param: shape"), threads = head.indexOf("Param: threads");
        for (String line : lines.subList(1, lines.size())) {
            List<String> row = split(line);
            if (row.size() < head.size()) continue;
            String name = row.get(bench);
            if (!name.contains("GemmBench.")) continue;
            String lib = name.substring(name.lastIndexOf('.') + 1);
            double micros = Double.parseDouble(row.get(score)) * toMicros(row.get(unit));
            String e = error >= 0 ? row.get(error) : "NaN";
            double err = (e.isEmpty() ? Double.NaN : Double.parseDouble(e)) * toMicros(row.get(unit));
            int t = threads >= 0 && !row.get(threads).isEmpty() ? Integer.parseInt(row.get(threads)) : 1;
            out.computeIfAbsent(new Key(row.get(shape), t), k -> new TreeMap<>()).put(lib, new double[] {micros, err});
        }
    }

    private static double toMicros(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-3;
            case "us/op" -> 1;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit + " (use -bm avgt)");
        };
    }

    /** JMH's CSV quotes every text field and never embeds quotes or commas inside them here. */
    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        for (String c : line.split(",", -1)) cells.add(c.replace("\"", "").trim());
        return cells;
    }
}
