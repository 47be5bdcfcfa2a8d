package org.nn4j.nn.layers;

import org.nn4j.nn.LayerRegistry;

/**
 * Registers the sequence layers (Embedding, SimpleRNN, GRU, LSTM, Bidirectional,
 * TimeDistributed) with the {@link LayerRegistry}, which calls {@link #registerAll()}
 * reflectively before its first lookup.
 */
public final class BuiltinRecurrentLayers {
    private BuiltinRecurrentLayers() {}

    public static void registerAll() {
        LayerRegistry.register("Embedding", Embedding::fromConfig);
        LayerRegistry.register("SimpleRNN", SimpleRNN::fromConfig);
        LayerRegistry.register("GRU", GRU::fromConfig);
        LayerRegistry.register("LSTM", LSTM::fromConfig);
        LayerRegistry.register("Bidirectional", Bidirectional::fromConfig);
        LayerRegistry.register("TimeDistributed", TimeDistributed::fromConfig);
    }
}
