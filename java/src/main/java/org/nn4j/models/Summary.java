package org.nn4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Node;
import org.nn4j.nn.SymbolicTensor;
import org.nn4j.nn.Variable;

/**
 * The Keras-style summary table (API8, K15): one row per layer (a shared layer once, with all
 * its connections), its output shape with the batch written None, its parameter count, and
 * for functional models the tensors it is connected to; then Total = Trainable + Non-trainable,
 * each weight counted once (frozen layers and non-trainable variables count as non-trainable).
 */
final class Summary {
    private Summary() {}

    static String of(Model model) {
        Graph g = model.graph();
        boolean connections = model.showsConnections();
        List<String[]> rows = new ArrayList<>();   // name (type), shape, params, connections (joined by \n)
        for (Layer l : model.layers()) {
            List<Node> nodes = g.nodesOf.get(l);
            String shape = nodes == null ? "?" : shapeOf(nodes);
            List<String> conn = new ArrayList<>();
            if (nodes != null) for (Node n : nodes) for (SymbolicTensor t : n.inputs()) conn.add(t.ref());
            rows.add(new String[] {l.name() + " (" + l.typeName() + ")", shape, String.valueOf(l.countParams()),
                    connections ? (conn.isEmpty() ? "[]" : String.join("\n", conn)) : ""});
        }
        String[] head = connections ? new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"}
                : new String[] {"Layer (type)", "Output Shape", "Param #"};
        int[] w = new int[head.length];
        int[] min = {28, 22, 10, 24};
        for (int c = 0; c < w.length; c++) {
            w[c] = Math.max(min[c], head[c].length());
            for (String[] r : rows) for (String part : r[c].split("\n")) w[c] = Math.max(w[c], part.length());
            w[c] += 3;
        }
        int width = 1;
        for (int x : w) width += x;
        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(model.name()).append("\"\n");
        b.append("_".repeat(width)).append('\n');
        line(b, head, w);
        b.append("=".repeat(width)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            String[] conn = r[3].split("\n");
            line(b, new String[] {r[0], r[1], r[2], conn[0]}, w);
            for (int k = 1; k < conn.length; k++) line(b, new String[] {"", "", "", conn[k]}, w);
            if (i + 1 < rows.size()) b.append(connections ? "\n" : "");
        }
        b.append("=".repeat(width)).append('\n');
        long total = 0, trainable = 0;
        for (Variable v : model.weights()) {
            total += v.numel();
            if (v.trainable()) trainable += v.numel();
        }
        b.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        b.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        b.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
        b.append("_".repeat(width)).append('\n');
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder(" ");
        for (int c = 0; c < w.length; c++) {
            String s = c < cells.length ? cells[c] : "";
            l.append(s).append(" ".repeat(Math.max(1, w[c] - s.length())));
        }
        b.append(l.toString().replaceAll("\\s+$", "")).append('\n');
    }

    /** "(None, 4)", "[(None, 4), (None, 3)]" for several outputs, "multiple" when calls differ. */
    private static String shapeOf(List<Node> nodes) {
        String first = null;
        for (Node n : nodes) {
            List<String> s = new ArrayList<>();
            for (SymbolicTensor t : n.outputs()) s.add(t.batchShapeString());
            String one = s.size() == 1 ? s.get(0) : "[" + String.join(", ", s) + "]";
            if (first == null) first = one;
            else if (!first.equals(one)) return "multiple";
        }
        return first;
    }
}
