package org.nn4j.nn.layers;

import org.nn4j.nn.LayerRegistry;

/** Registers every layer of this package under its type name ({@link LayerRegistry} calls this reflectively). */
public final class BuiltinLayers {
    private BuiltinLayers() {}

    public static void registerAll() {
        LayerRegistry.register("Dense", Dense::fromConfig);
        LayerRegistry.register("Activation", Activation::fromConfig);
        LayerRegistry.register("Dropout", Dropout::fromConfig);
        LayerRegistry.register("BatchNormalization", BatchNormalization::fromConfig);
        LayerRegistry.register("LRN", LRN::fromConfig);
        LayerRegistry.register("Flatten", Flatten::fromConfig);
        LayerRegistry.register("Reshape", Reshape::fromConfig);
        LayerRegistry.register("Permute", Permute::fromConfig);
        LayerRegistry.register("ZeroPadding1D", ZeroPadding1D::fromConfig);
        LayerRegistry.register("ZeroPadding2D", ZeroPadding2D::fromConfig);
        LayerRegistry.register("ZeroPadding3D", ZeroPadding3D::fromConfig);
        LayerRegistry.register("Cropping1D", Cropping1D::fromConfig);
        LayerRegistry.register("Cropping2D", Cropping2D::fromConfig);
        LayerRegistry.register("Cropping3D", Cropping3D::fromConfig);
        LayerRegistry.register("Conv1D", Conv1D::fromConfig);
        LayerRegistry.register("Conv2D", Conv2D::fromConfig);
        LayerRegistry.register("Conv3D", Conv3D::fromConfig);
        LayerRegistry.register("Conv2DTranspose", Conv2DTranspose::fromConfig);
        LayerRegistry.register("DepthwiseConv2D", DepthwiseConv2D::fromConfig);
        LayerRegistry.register("SeparableConv2D", SeparableConv2D::fromConfig);
        LayerRegistry.register("MaxPooling1D", MaxPooling1D::fromConfig);
        LayerRegistry.register("MaxPooling2D", MaxPooling2D::fromConfig);
        LayerRegistry.register("MaxPooling3D", MaxPooling3D::fromConfig);
        LayerRegistry.register("AveragePooling1D", AveragePooling1D::fromConfig);
        LayerRegistry.register("AveragePooling2D", AveragePooling2D::fromConfig);
        LayerRegistry.register("AveragePooling3D", AveragePooling3D::fromConfig);
        LayerRegistry.register("MinPooling1D", MinPooling1D::fromConfig);
        LayerRegistry.register("MinPooling2D", MinPooling2D::fromConfig);
        LayerRegistry.register("MinPooling3D", MinPooling3D::fromConfig);
        LayerRegistry.register("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig);
        LayerRegistry.register("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
        LayerRegistry.register("GlobalAveragePooling3D", GlobalAveragePooling3D::fromConfig);
        LayerRegistry.register("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
        LayerRegistry.register("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig);
        LayerRegistry.register("GlobalMaxPooling3D", GlobalMaxPooling3D::fromConfig);
        LayerRegistry.register("Add", Add::fromConfig);
        LayerRegistry.register("Subtract", Subtract::fromConfig);
        LayerRegistry.register("Multiply", Multiply::fromConfig);
        LayerRegistry.register("Average", Average::fromConfig);
        LayerRegistry.register("Maximum", Maximum::fromConfig);
        LayerRegistry.register("Concatenate", Concatenate::fromConfig);
        LayerRegistry.register("Dot", Dot::fromConfig);
    }
}
