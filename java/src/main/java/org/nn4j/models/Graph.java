package org.nn4j.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;
import org.nn4j.nn.Layer;
import org.nn4j.nn.Node;
import org.nn4j.nn.SymbolicTensor;

/**
 * The executable form of a functional model: the nodes between its inputs and outputs in
 * topological order (found by a depth-first walk back from the outputs), the distinct layers,
 * and the per-sample shape of every symbolic tensor. Immutable once made.
 */
final class Graph {
    final List<SymbolicTensor> inputs;
    final List<SymbolicTensor> outputs;
    /** Input nodes first (in the order of {@link #inputs}), then every other node after its producers. */
    final List<Node> nodes;
    /** Distinct layers in the order of their first node, input layers included. */
    final List<Layer> layers;
    /** Each layer's nodes inside this graph, in order (a shared layer has several). */
    final Map<Layer, List<Node>> nodesOf;

    private Graph(List<SymbolicTensor> inputs, List<SymbolicTensor> outputs, List<Node> nodes) {
        this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
        this.outputs = Collections.unmodifiableList(new ArrayList<>(outputs));
        this.nodes = Collections.unmodifiableList(nodes);
        Map<Layer, List<Node>> by = new IdentityHashMap<>();
        List<Layer> ls = new ArrayList<>();
        for (Node n : nodes) {
            List<Node> l = by.get(n.layer());
            if (l == null) {
                by.put(n.layer(), l = new ArrayList<>());
                ls.add(n.layer());
            }
            l.add(n);
        }
        this.layers = Collections.unmodifiableList(ls);
        this.nodesOf = by;
    }

    static Graph of(String model, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        if (inputs == null || inputs.isEmpty()) throw new IllegalArgumentException("Model '" + model + "': no inputs");
        if (outputs == null || outputs.isEmpty()) throw new IllegalArgumentException("Model '" + model + "': no outputs");
        IdentityHashMap<Node, Integer> inputNodes = new IdentityHashMap<>();
        List<Node> order = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            SymbolicTensor t = inputs.get(i);
            if (t == null) throw new IllegalArgumentException("Model '" + model + "': input " + i + " is null");
            if (!(t.layer() instanceof InputLayer)) {
                throw new IllegalArgumentException("Model '" + model + "': input " + i + " (" + t.ref() + ") is the output of "
                        + t.layer() + "; model inputs must come from Input.of(...)");
            }
            if (inputNodes.put(t.node(), i) != null) {
                throw new IllegalArgumentException("Model '" + model + "': input " + t.ref() + " is listed twice");
            }
            order.add(t.node());
        }
        // 0 = unvisited, 1 = on the current path, 2 = done
        IdentityHashMap<Node, Integer> state = new IdentityHashMap<>();
        for (Node n : order) state.put(n, 2);
        for (int i = 0; i < outputs.size(); i++) {
            SymbolicTensor t = outputs.get(i);
            if (t == null) throw new IllegalArgumentException("Model '" + model + "': output " + i + " is null");
            visit(model, t.node(), state, order, inputs);
        }
        checkUniqueNames(model, order);
        return new Graph(inputs, outputs, order);
    }

    private static void visit(String model, Node n, IdentityHashMap<Node, Integer> state, List<Node> order,
                              List<SymbolicTensor> inputs) {
        Integer s = state.get(n);
        if (s != null && s == 2) return;
        if (s != null) {
            throw new IllegalArgumentException("Model '" + model + "': the graph has a cycle through " + n.layer());
        }
        if (n.layer() instanceof InputLayer) {
            List<String> given = new ArrayList<>();
            for (SymbolicTensor t : inputs) given.add(t.layer().name());
            throw new IllegalArgumentException("Model '" + model + "': graph disconnected: an output depends on input '"
                    + n.layer().name() + "', which is not among the model's inputs " + given);
        }
        state.put(n, 1);
        for (SymbolicTensor in : n.inputs()) visit(model, in.node(), state, order, inputs);
        state.put(n, 2);
        order.add(n);
    }

    private static void checkUniqueNames(String model, List<Node> nodes) {
        Map<String, Layer> seen = new HashMap<>();
        for (Node n : nodes) {
            Layer prev = seen.put(n.layer().name(), n.layer());
            if (prev != null && prev != n.layer()) {
                throw new IllegalArgumentException("Model '" + model + "': two different layers are named '"
                        + n.layer().name() + "' (" + prev + " and " + n.layer() + "); layer names must be unique");
            }
        }
    }

    List<Shape> inputShapes() {
        List<Shape> out = new ArrayList<>();
        for (SymbolicTensor t : inputs) out.add(t.shape());
        return out;
    }

    /** Output shapes for these per-sample input shapes; names the input layer on a mismatch. */
    Shape[] outputShapes(String model, Shape... inputShapes) {
        if (inputShapes.length != inputs.size()) {
            throw new IllegalArgumentException("Model '" + model + "' takes " + inputs.size() + " input(s), got "
                    + inputShapes.length);
        }
        IdentityHashMap<SymbolicTensor, Shape> shapes = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            InputLayer il = (InputLayer) inputs.get(i).layer();
            il.outputShapes(inputShapes[i]);  // throws naming the input layer and both shapes
            shapes.put(inputs.get(i), inputShapes[i]);
        }
        for (Node n : nodes) {
            if (n.inputs().isEmpty()) continue;
            Shape[] in = new Shape[n.inputs().size()];
            for (int i = 0; i < in.length; i++) in[i] = shapes.get(n.inputs().get(i));
            Shape[] out = n.layer().outputShapes(in);
            for (int i = 0; i < out.length && i < n.outputs().size(); i++) shapes.put(n.outputs().get(i), out[i]);
        }
        Shape[] res = new Shape[outputs.size()];
        for (int i = 0; i < res.length; i++) res[i] = shapes.get(outputs.get(i));
        return res;
    }

    /** Runs every node through {@link Layer#call} and returns the model outputs. */
    Tensor[] run(CallContext ctx, Tensor... xs) {
        IdentityHashMap<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) values.put(inputs.get(i), xs[i]);
        for (Node n : nodes) {
            if (n.inputs().isEmpty()) continue;
            Tensor[] in = new Tensor[n.inputs().size()];
            for (int i = 0; i < in.length; i++) in[i] = values.get(n.inputs().get(i));
            Tensor[] out = n.layer().call(ctx, in);
            if (out.length != n.outputs().size()) {
                throw new IllegalStateException(n.layer() + " returned " + out.length + " outputs but its output shapes say "
                        + n.outputs().size());
            }
            for (int i = 0; i < out.length; i++) values.put(n.outputs().get(i), out[i]);
        }
        Tensor[] res = new Tensor[outputs.size()];
        for (int i = 0; i < res.length; i++) res[i] = values.get(outputs.get(i));
        return res;
    }

    /** Names of the outputs for logs and compile: the producing layer's name, made unique. */
    List<String> outputNames() {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (SymbolicTensor t : outputs) count.merge(t.layer().name(), 1, Integer::sum);
        List<String> names = new ArrayList<>();
        for (SymbolicTensor t : outputs) {
            String n = t.layer().name();
            names.add(count.get(n) > 1 ? n + "_" + t.index() : n);
        }
        return names;
    }
}
