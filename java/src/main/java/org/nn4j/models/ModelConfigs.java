package org.nn4j.models;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nn4j.DType;
import org.nn4j.nn.Config;
import org.nn4j.nn.Layer;
import org.nn4j.nn.LayerRegistry;
import org.nn4j.nn.Node;
import org.nn4j.nn.SymbolicTensor;

/**
 * Architecture configs of models (for the JSON of a saved model): a Sequential lists its
 * layers; a functional model lists its layers with, per call, the tensors it consumed, as
 * [layer name, node index within this model, output index]. Weights are not part of it.
 */
final class ModelConfigs {
    private ModelConfigs() {}

    static Config sequential(Sequential m, Config base, org.nn4j.Shape inputShape, DType dtype) {
        if (inputShape != null) base.put("input_shape", inputShape.toArray());
        base.put("input_dtype", dtype.name());
        List<Object> layers = new ArrayList<>();
        for (Layer l : m.layers()) layers.add(entry(l));
        base.put("layers", layers);
        return base;
    }

    static Sequential fromSequential(Config c) {
        Sequential s = new Sequential(c.getString("name", null));
        if (c.has("trainable")) s.setTrainable(c.getBool("trainable"));
        if (c.has("seed")) s.seed(c.getLong("seed"));
        DType dtype = DType.valueOf(c.getString("input_dtype", "FLOAT32"));
        if (c.has("input_shape")) s.inputShape(dtype, c.getLongArray("input_shape"));
        for (Config l : c.getConfigList("layers")) s.add(create(l));
        return s;
    }

    private static Config entry(Layer l) {
        return new Config().put("class_name", l.typeName()).put("config", l.config());
    }

    private static Layer create(Config entry) {
        return LayerRegistry.create(entry.getString("class_name"), entry.getConfig("config"));
    }

    static Config functional(Model m, Config base) {
        Graph g = m.graph();
        IdentityHashMap<Node, Integer> local = new IdentityHashMap<>();
        for (Map.Entry<Layer, List<Node>> e : g.nodesOf.entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) local.put(e.getValue().get(i), i);
        }
        List<Object> layers = new ArrayList<>();
        for (Layer l : g.layers) {
            Config e = entry(l);
            List<Object> nodes = new ArrayList<>();
            for (Node n : g.nodesOf.get(l)) {
                List<Object> ins = new ArrayList<>();
                for (SymbolicTensor t : n.inputs()) ins.add(ref(t, local));
                nodes.add(ins);
            }
            e.put("inbound_nodes", nodes);
            layers.add(e);
        }
        base.put("layers", layers);
        List<Object> in = new ArrayList<>();
        for (SymbolicTensor t : g.inputs) in.add(ref(t, local));
        List<Object> out = new ArrayList<>();
        for (SymbolicTensor t : g.outputs) out.add(ref(t, local));
        base.put("input_layers", in);
        base.put("output_layers", out);
        return base;
    }

    private static List<Object> ref(SymbolicTensor t, IdentityHashMap<Node, Integer> local) {
        List<Object> r = new ArrayList<>();
        r.add(t.layer().name());
        r.add((long) local.get(t.node()));
        r.add((long) t.index());
        return r;
    }

    /** Recreates the layers, then applies each layer's calls once the tensors they consume exist. */
    static Model fromFunctional(Config c) {
        List<Config> entries = c.getConfigList("layers");
        Map<String, List<SymbolicTensor[]>> made = new HashMap<>();
        List<Layer> layers = new ArrayList<>();
        List<List<?>> pending = new ArrayList<>();
        for (Config e : entries) {
            Layer l = create(e);
            layers.add(l);
            List<SymbolicTensor[]> outs = new ArrayList<>();
            if (l instanceof InputLayer) outs.add(new SymbolicTensor[] {((InputLayer) l).symbolic()});
            made.put(l.name(), outs);
            pending.add(l instanceof InputLayer ? List.of() : (List<?>) e.asMap().get("inbound_nodes"));
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < layers.size(); i++) {
                Layer l = layers.get(i);
                List<SymbolicTensor[]> outs = made.get(l.name());
                int done = l instanceof InputLayer ? 0 : outs.size();
                List<?> nodes = pending.get(i);
                while (done < nodes.size()) {
                    List<?> refs = (List<?>) nodes.get(done);
                    SymbolicTensor[] args = new SymbolicTensor[refs.size()];
                    boolean ready = true;
                    for (int k = 0; k < args.length && ready; k++) {
                        args[k] = lookup(made, (List<?>) refs.get(k));
                        ready = args[k] != null;
                    }
                    if (!ready) break;
                    outs.add(l.applyAll(args));
                    done++;
                    progress = true;
                }
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (!(l instanceof InputLayer) && made.get(l.name()).size() < pending.get(i).size()) {
                throw new IllegalArgumentException("model config '" + c.getString("name", "?") + "': the calls of layer '"
                        + l.name() + "' refer to tensors that are never made (a cycle or a missing layer)");
            }
        }
        List<SymbolicTensor> in = new ArrayList<>();
        for (Object r : (List<?>) c.asMap().get("input_layers")) in.add(need(made, (List<?>) r));
        List<SymbolicTensor> out = new ArrayList<>();
        for (Object r : (List<?>) c.asMap().get("output_layers")) out.add(need(made, (List<?>) r));
        Model m = new Model(in, out, c.getString("name", null));
        if (c.has("trainable")) m.setTrainable(c.getBool("trainable"));
        return m;
    }

    private static SymbolicTensor lookup(Map<String, List<SymbolicTensor[]>> made, List<?> ref) {
        List<SymbolicTensor[]> outs = made.get(String.valueOf(ref.get(0)));
        if (outs == null) throw new IllegalArgumentException("model config: unknown layer '" + ref.get(0) + "'");
        int node = ((Number) ref.get(1)).intValue();
        int index = ((Number) ref.get(2)).intValue();
        if (node >= outs.size()) return null;
        SymbolicTensor[] o = outs.get(node);
        if (index >= o.length) throw new IllegalArgumentException("model config: layer '" + ref.get(0) + "' has no output " + index);
        return o[index];
    }

    private static SymbolicTensor need(Map<String, List<SymbolicTensor[]>> made, List<?> ref) {
        SymbolicTensor t = lookup(made, ref);
        if (t == null) throw new IllegalArgumentException("model config: tensor " + ref + " is never made");
        return t;
    }
}
