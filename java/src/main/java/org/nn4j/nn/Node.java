package org.nn4j.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nn4j.DType;
import org.nn4j.Shape;

/**
 * One call of a layer in a functional graph: the symbolic tensors it consumed and those it
 * produced. A layer applied twice (a shared layer) has two nodes and one set of weights.
 */
public final class Node {
    private final Layer layer;
    private final int index;
    private final List<SymbolicTensor> inputs;
    private final List<SymbolicTensor> outputs;

    Node(Layer layer, int index, SymbolicTensor[] inputs, Shape[] outputShapes, DType dtype) {
        this.layer = layer;
        this.index = index;
        this.inputs = Collections.unmodifiableList(Arrays.asList(inputs.clone()));
        SymbolicTensor[] outs = new SymbolicTensor[outputShapes.length];
        for (int i = 0; i < outs.length; i++) outs[i] = new SymbolicTensor(outputShapes[i], dtype, this, i);
        this.outputs = Collections.unmodifiableList(Arrays.asList(outs));
    }

    public Layer layer() {
        return layer;
    }

    /** Position among the layer's nodes (0 for its first call). */
    public int index() {
        return index;
    }

    /** Empty for an input node. */
    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    public List<SymbolicTensor> outputs() {
        return outputs;
    }

    @Override
    public String toString() {
        return "Node(" + layer.name() + "[" + index + "], " + inputs.size() + " in, " + outputs.size() + " out)";
    }
}
