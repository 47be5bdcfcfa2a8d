package org.nn4j.nn.layers;

import static org.nn4j.nn.layers.LayerCase.in;
import static org.nn4j.nn.layers.LayerCase.s;
import static org.nn4j.nn.layers.Refs.w;

import java.util.ArrayList;
import java.util.List;
import org.nn4j.Tensor;
import org.nn4j.nn.Layer;
import org.nn4j.ops.nn.Convolution;
import org.nn4j.ops.nn.Pooling;

/**
 * Every layer type of org.nn4j.nn.layers at odd configurations. Output shapes follow K5/K6 by
 * hand (e.g. "same": out = ceil(n / s), p_total = max((out - 1)s + d(k - 1) + 1 - n, 0), odd pad
 * at the end) and parameter counts the API9 formulas; the references use explicit pads, other
 * ops (split instead of slice, copy into a view instead of concat, per-channel loops instead of
 * groups) or plain Java.
 */
final class LayerCatalog {
    private LayerCatalog() {}

    private static Convolution.Options.Builder conv() {
        return Convolution.Options.builder();
    }

    static List<LayerCase> all() {
        List<LayerCase> c = new ArrayList<>();

        // ---- Dense: F_in·units + units (M1)
        c.add(new LayerCase("Dense relu", () -> new Dense(7, Activation.RELU), in(s(5)), s(7), 5 * 7 + 7, 0,
                (l, x) -> x[0].matmul(w(l, "kernel")).add(w(l, "bias")).relu()));
        c.add(new LayerCase("Dense rank 3 no bias tanh", () -> Dense.builder(4).useBias(false).activation("tanh").build(),
                in(s(3, 6)), s(3, 4), 6 * 4, 0,
                (l, x) -> x[0].matmul(w(l, "kernel").unsqueeze(0).expand(x[0].dim(0), 6, 4)).tanh()));

        // ---- Activation: every function by id, against Java formulas
        String[] ids = {"linear", "sigmoid", "tanh", "relu", "relu6", "leaky_relu", "elu", "softsign", "softmax", "log_softmax"};
        for (String id : ids) {
            // inputs in [-8, 8) reach relu6's upper kink and softmax's saturation
            c.add(new LayerCase("Activation " + id, () -> new Activation(id), in(s(2, 5)), s(2, 5), 0, 0,
                    (l, x) -> activation(id, x[0])).scaled(8));
        }
        c.add(new LayerCase("Activation leaky_relu(0.2)", () -> new Activation(ActivationFunction.leakyRelu(0.2)), in(s(7)),
                s(7), 0, 0, (l, x) -> Refs.map(x[0], v -> v > 0 ? v : 0.2 * v)));

        // ---- Dropout: identity in inference
        c.add(new LayerCase("Dropout", () -> new Dropout(0.3), in(s(4, 5)), s(4, 5), 0, 0, (l, x) -> x[0]));

        // ---- BatchNormalization: 4C, 2C non-trainable (R7); inference uses the moving statistics
        c.add(new LayerCase("BatchNormalization NCHW", BatchNormalization::new, in(s(3, 5, 4)), s(3, 5, 4), 4 * 3, 2 * 3,
                (l, x) -> bnRef(l, x[0], s(1, 3, 1, 1), true, true)));
        c.add(new LayerCase("BatchNormalization axis -1 no center", () -> BatchNormalization.builder().axis(-1).center(false)
                .epsilon(0.01).build(), in(s(4, 6)), s(4, 6), 3 * 6, 2 * 6, (l, x) -> bnRef(l, x[0], s(1, 1, 6), false, true)));
        c.add(new LayerCase("BatchNormalization middle axis no scale", () -> BatchNormalization.builder().axis(2).scale(false)
                .build(), in(s(3, 4, 5)), s(3, 4, 5), 3 * 4, 2 * 4, (l, x) -> bnRef(l, x[0], s(1, 1, 4, 1), true, false)));
        c.add(new LayerCase("BatchNormalization (N, F)", BatchNormalization::new, in(s(5)), s(5), 4 * 5, 2 * 5,
                (l, x) -> bnRef(l, x[0], s(1, 5), true, true)));

        // ---- LRN (R8)
        c.add(new LayerCase("LRN", () -> LRN.builder().size(3).alpha(0.5).beta(0.6).k(1.5).build(), in(s(6, 2, 3)),
                s(6, 2, 3), 0, 0, (l, x) -> Refs.lrn(x[0], 3, 0.5, 0.6, 1.5)));

        // ---- reshaping (K3, C7)
        c.add(new LayerCase("Flatten", Flatten::new, in(s(2, 3, 4)), s(24), 0, 0, (l, x) -> x[0].reshape(x[0].dim(0), 24)));
        c.add(new LayerCase("Reshape -1", () -> new Reshape(-1, 4), in(s(2, 3, 4)), s(6, 4), 0, 0,
                (l, x) -> x[0].reshape(x[0].dim(0), 6, 4)));
        c.add(new LayerCase("Permute", () -> new Permute(3, 1, 2), in(s(2, 3, 4)), s(4, 2, 3), 0, 0,
                (l, x) -> x[0].transpose(2, 3).transpose(1, 2)));

        // ---- ZeroPadding / Cropping ((t, b), (l, r))
        c.add(new LayerCase("ZeroPadding1D (1, 2)", () -> new ZeroPadding1D(1, 2), in(s(2, 5)), s(2, 8), 0, 0,
                (l, x) -> Refs.pad(x[0], s(1), s(2))));
        c.add(new LayerCase("ZeroPadding2D pairs", () -> new ZeroPadding2D(new long[][] {{1, 0}, {2, 3}}), in(s(3, 4, 5)),
                s(3, 5, 10), 0, 0, (l, x) -> Refs.pad(x[0], s(1, 2), s(0, 3))));
        c.add(new LayerCase("ZeroPadding3D 1", () -> new ZeroPadding3D(1), in(s(2, 2, 3, 2)), s(2, 4, 5, 4), 0, 0,
                (l, x) -> Refs.pad(x[0], s(1, 1, 1), s(1, 1, 1))));
        c.add(new LayerCase("Cropping1D (1, 2)", () -> new Cropping1D(1, 2), in(s(2, 7)), s(2, 4), 0, 0,
                (l, x) -> Refs.crop(x[0], s(1), s(2))));
        c.add(new LayerCase("Cropping2D pairs", () -> new Cropping2D(new long[][] {{1, 0}, {2, 1}}), in(s(3, 5, 6)),
                s(3, 4, 3), 0, 0, (l, x) -> Refs.crop(x[0], s(1, 2), s(0, 1))));
        c.add(new LayerCase("Cropping3D 1", () -> new Cropping3D(1), in(s(2, 4, 5, 3)), s(2, 2, 3, 1), 0, 0,
                (l, x) -> Refs.crop(x[0], s(1, 1, 1), s(1, 1, 1))));

        // ---- convolutions: prod(k)·C_in/g·C_out + C_out (C1)
        // causal, k 3, d 2: d(k - 1) = 4 zeros before; stride 2 -> ceil(11 / 2) = 6
        c.add(new LayerCase("Conv1D causal dilated strided", () -> Conv1D.builder(5, 3).padding("causal").dilation(2)
                .strides(2).activation("elu").build(), in(s(3, 11)), s(5, 6), 3 * 3 * 5 + 5, 0,
                (l, x) -> activation("elu", Convolution.conv1d(x[0], w(l, "kernel"), w(l, "bias"), conv().stride(2)
                        .dilation(2).padding(s(4), s(0)).build()))));
        // same, s (2, 1), d (1, 2), g 3 on (3, 9, 8): H 5, p_total 2; W 8, k_eff 3, p_total 2
        c.add(new LayerCase("Conv2D same strided dilated grouped", () -> Conv2D.builder(6, 3, 2).strides(2, 1).dilation(1, 2)
                .padding("same").groups(3).build(), in(s(3, 9, 8)), s(6, 5, 8), 3 * 2 * 1 * 6 + 6, 0,
                (l, x) -> Convolution.conv2d(x[0], w(l, "kernel"), w(l, "bias"), conv().stride(2, 1).dilation(1, 2)
                        .padding(s(1, 1), s(1, 1)).groups(3).build())));
        c.add(new LayerCase("Conv2D explicit asymmetric pads", () -> Conv2D.builder(4, 3).padding(s(1, 0), s(2, 1))
                .activation(Activation.SIGMOID).build(), in(s(2, 7, 6)), s(4, 8, 5), 9 * 2 * 4 + 4, 0,
                (l, x) -> Convolution.conv2d(x[0], w(l, "kernel"), w(l, "bias"), conv().padding(s(1, 0), s(2, 1)).build())
                        .sigmoid()));
        c.add(new LayerCase("Conv3D no bias", () -> Conv3D.builder(4, 2, 3, 2).strides(1, 2, 1).useBias(false).build(),
                in(s(2, 5, 6, 4)), s(4, 4, 2, 3), 12 * 2 * 4, 0,
                (l, x) -> Convolution.conv3d(x[0], w(l, "kernel"), null, conv().stride(1, 2, 1).build())));
        // transposed (C3): (n - 1)s - p + d(k - 1) + 1 + outputPadding; kH·kW·C_in·C_out/g + C_out
        c.add(new LayerCase("Conv2DTranspose output padding", () -> Conv2DTranspose.builder(5, 3).strides(2).outputPadding(1)
                .build(), in(s(4, 3, 4)), s(5, 8, 10), 9 * 4 * 5 + 5, 0,
                (l, x) -> Convolution.convTranspose2d(x[0], w(l, "kernel"), w(l, "bias"), conv().stride(2).outputPadding(1)
                        .build())));
        c.add(new LayerCase("Conv2DTranspose same grouped", () -> Conv2DTranspose.builder(6, 3).strides(2).padding("same")
                .groups(2).build(), in(s(4, 3, 5)), s(6, 6, 10), 9 * 4 * 6 / 2 + 6, 0,
                (l, x) -> Convolution.convTranspose2d(x[0], w(l, "kernel"), w(l, "bias"), conv().stride(2)
                        .padding(Convolution.Padding.SAME).groups(2).build())));
        // depthwise (C4): k²CM + CM; same s 2 on (7, 6): H 4 pads (1, 1), W 3 pads (0, 1)
        c.add(new LayerCase("DepthwiseConv2D multiplier 2", () -> DepthwiseConv2D.builder(3).depthMultiplier(2).strides(2)
                .padding("same").build(), in(s(3, 7, 6)), s(6, 4, 3), 9 * 3 * 2 + 3 * 2, 0, LayerCatalog::depthwiseRef));
        // separable (C4): k²CM + CM·C_out + C_out
        c.add(new LayerCase("SeparableConv2D", () -> SeparableConv2D.builder(5, 3).depthMultiplier(2).padding("same")
                .activation("relu").build(), in(s(3, 6, 5)), s(5, 6, 5), 9 * 3 * 2 + 3 * 2 * 5 + 5, 0,
                LayerCatalog::separableRef));

        // ---- pooling (C5): no parameters
        for (String kind : new String[] {"Max", "Average", "Min"}) {
            c.add(new LayerCase(kind + "Pooling1D 3 s2", () -> pool(kind, 1, s(3), 2, false),
                    in(s(2, 9)), s(2, 4), 0, 0, (l, x) -> poolRef(kind, x[0], Pooling.Options.builder(3).stride(2).build())));
            // same (3, 2) s 2 on (7, 5): H 4 pads (1, 1); W 3 pads (0, 1)
            c.add(new LayerCase(kind + "Pooling2D same", () -> pool(kind, 2, s(3, 2), 2, true),
                    in(s(3, 7, 5)), s(3, 4, 3), 0, 0, (l, x) -> poolRef(kind, x[0], Pooling.Options.builder(3, 2).stride(2)
                            .padding(s(1, 0), s(1, 1)).build())));
            c.add(new LayerCase(kind + "Pooling3D 2", () -> pool(kind, 3, s(2), 0, false),
                    in(s(2, 5, 4, 3)), s(2, 2, 2, 1), 0, 0, (l, x) -> poolRef(kind, x[0], Pooling.Options.builder(2).build())));
        }
        c.add(new LayerCase("GlobalAveragePooling1D", GlobalAveragePooling1D::new, in(s(4, 7)), s(4), 0, 0,
                (l, x) -> x[0].mean(false, 2)));
        c.add(new LayerCase("GlobalAveragePooling2D", GlobalAveragePooling2D::new, in(s(3, 4, 5)), s(3), 0, 0,
                (l, x) -> x[0].mean(false, 2, 3)));
        c.add(new LayerCase("GlobalAveragePooling3D keepDims", () -> GlobalAveragePooling3D.builder().keepDims(true).build(),
                in(s(2, 3, 2, 4)), s(2, 1, 1, 1), 0, 0, (l, x) -> x[0].mean(true, 2, 3, 4)));
        c.add(new LayerCase("GlobalMaxPooling1D", GlobalMaxPooling1D::new, in(s(4, 7)), s(4), 0, 0, (l, x) -> x[0].max(false, 2)));
        c.add(new LayerCase("GlobalMaxPooling2D keepDims", () -> GlobalMaxPooling2D.builder().keepDims(true).build(),
                in(s(3, 4, 5)), s(3, 1, 1), 0, 0, (l, x) -> x[0].max(true, 2, 3)));
        c.add(new LayerCase("GlobalMaxPooling3D", GlobalMaxPooling3D::new, in(s(2, 3, 2, 4)), s(2), 0, 0,
                (l, x) -> x[0].max(false, 2, 3, 4)));

        // ---- merges (API2): no parameters
        c.add(new LayerCase("Add 3", Add::new, in(s(2, 3), s(2, 3), s(2, 3)), s(2, 3), 0, 0, (l, x) -> Refs.fold(x, Double::sum)));
        c.add(new LayerCase("Subtract", Subtract::new, in(s(4), s(4)), s(4), 0, 0, (l, x) -> Refs.fold(x, (a, b) -> a - b)));
        c.add(new LayerCase("Multiply 3", Multiply::new, in(s(3, 2), s(3, 2), s(3, 2)), s(3, 2), 0, 0,
                (l, x) -> Refs.fold(x, (a, b) -> a * b)));
        c.add(new LayerCase("Average 3", Average::new, in(s(5), s(5), s(5)), s(5), 0, 0,
                (l, x) -> Refs.map(Refs.fold(x, Double::sum), v -> v / 3)));
        c.add(new LayerCase("Maximum 3", Maximum::new, in(s(2, 2), s(2, 2), s(2, 2)), s(2, 2), 0, 0,
                (l, x) -> Refs.fold(x, Math::max)));
        c.add(new LayerCase("Concatenate channels", () -> new Concatenate(1), in(s(2, 3, 4), s(5, 3, 4)), s(7, 3, 4), 0, 0,
                (l, x) -> concatRef(x, 1)));
        c.add(new LayerCase("Concatenate last", Concatenate::new, in(s(2, 3), s(2, 4), s(2, 1)), s(2, 8), 0, 0,
                (l, x) -> concatRef(x, 2)));
        c.add(new LayerCase("Dot vectors", () -> new Dot(1), in(s(5), s(5)), s(1), 0, 0,
                (l, x) -> dotRef(x[0], x[1], 1, 5, 1, false)));
        c.add(new LayerCase("Dot matrices (2, 1)", () -> new Dot(2, 1), in(s(3, 4), s(4, 2)), s(3, 2), 0, 0,
                (l, x) -> dotRef(x[0], x[1], 3, 4, 2, false)));
        c.add(new LayerCase("Dot normalized axis 1", () -> Dot.builder(1).normalize(true).build(), in(s(3, 4), s(3, 2)),
                s(4, 2), 0, 0, (l, x) -> dotRef(x[0].transpose(1, 2).contiguous(), x[1], 4, 3, 2, true)));
        return c;
    }

    // ---- references ---------------------------------------------------------------------------

    static Tensor activation(String id, Tensor x) {
        switch (id) {
            case "linear": return x;
            case "sigmoid": return Refs.map(x, v -> 1 / (1 + Math.exp(-v)));
            case "tanh": return Refs.map(x, Math::tanh);
            case "relu": return Refs.map(x, v -> Math.max(v, 0));
            case "relu6": return Refs.map(x, v -> Math.min(Math.max(v, 0), 6));
            case "leaky_relu": return Refs.map(x, v -> v > 0 ? v : 0.01 * v);
            case "elu": return Refs.map(x, v -> v > 0 ? v : Math.expm1(v));
            case "softsign": return Refs.map(x, v -> v / (1 + Math.abs(v)));
            case "softmax": return Refs.softmax(x, false);
            case "log_softmax": return Refs.softmax(x, true);
            default: throw new IllegalArgumentException(id);
        }
    }

    /** Inference BN by broadcasting the statistics to {@code statShape}. */
    static Tensor bnRef(Layer l, Tensor x, long[] statShape, boolean center, boolean scale) {
        double eps = ((BatchNormalization) l).config().getDouble("epsilon");
        Tensor y = x.sub(w(l, "moving_mean").reshape(statShape)).div(w(l, "moving_variance").reshape(statShape).add(eps).sqrt());
        if (scale) y = y.mul(w(l, "gamma").reshape(statShape));
        if (center) y = y.add(w(l, "beta").reshape(statShape));
        return y;
    }

    static Tensor depthwiseRef(Layer l, Tensor[] x) {
        Tensor k = w(l, "depthwise_kernel"), b = w(l, "bias");
        int cin = (int) x[0].dim(1), m = 2;
        Tensor[] parts = new Tensor[cin];
        for (int ch = 0; ch < cin; ch++) {
            parts[ch] = Convolution.conv2d(x[0].slice(1, ch, ch + 1), k.slice(0, ch * m, ch * m + m), b.slice(0, ch * m, ch * m + m),
                    conv().stride(2).padding(s(1, 0), s(1, 1)).build());
        }
        return Tensor.concat(1, parts);
    }

    static Tensor separableRef(Layer l, Tensor[] x) {
        Tensor d = Convolution.conv2d(x[0], w(l, "depthwise_kernel"), null, conv().padding(s(1, 1), s(1, 1)).groups(3).build());
        Tensor pw = w(l, "pointwise_kernel").reshape(5, 6);
        // 1x1 convolution as a matmul over channels: (N, H, W, 6) @ (6, 5)
        Tensor y = d.permute(0, 2, 3, 1).matmul(pw.t()).add(w(l, "bias")).permute(0, 3, 1, 2);
        return y.relu();
    }

    static BasePooling pool(String kind, int nsp, long[] size, long stride, boolean same) {
        BasePooling.Builder<? extends BasePooling> b;
        switch (kind + nsp) {
            case "Max1": b = MaxPooling1D.builder(); break;
            case "Max2": b = MaxPooling2D.builder(); break;
            case "Max3": b = MaxPooling3D.builder(); break;
            case "Average1": b = AveragePooling1D.builder(); break;
            case "Average2": b = AveragePooling2D.builder(); break;
            case "Average3": b = AveragePooling3D.builder(); break;
            case "Min1": b = MinPooling1D.builder(); break;
            case "Min2": b = MinPooling2D.builder(); break;
            default: b = MinPooling3D.builder();
        }
        b.poolSize(size);
        if (stride > 0) b.strides(stride);
        if (same) b.padding("same");
        return b.build();
    }

    static Tensor poolRef(String kind, Tensor x, Pooling.Options o) {
        switch (kind) {
            case "Max": return Pooling.maxPool(x, o);
            case "Average": return Pooling.avgPool(x, o);
            default: return Pooling.maxPool(x.neg(), o).neg();  // min = -max(-x) (C5)
        }
    }

    /** Concatenation by copying each input into its place of a zero tensor. */
    static Tensor concatRef(Tensor[] x, int axis) {
        long[] d = x[0].dims();
        long total = 0;
        for (Tensor t : x) total += t.dim(axis);
        d[axis] = total;
        Tensor out = Tensor.zeros(org.nn4j.DType.FLOAT64, d);
        long at = 0;
        for (Tensor t : x) {
            out.slice(axis, at, at + t.dim(axis)).copyFrom(t);
            at += t.dim(axis);
        }
        return out;
    }

    /** x (N, a, k) · y (N, k, b) in Java; normalized: each k-vector scaled to unit length first. */
    static Tensor dotRef(Tensor x, Tensor y, int a, int k, int b, boolean normalize) {
        int n = (int) x.dim(0);
        double[] xs = x.toDoubleArray(), ys = y.toDoubleArray();
        if (normalize) {
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < a; i++) {
                    double q = 0;
                    for (int j = 0; j < k; j++) q += xs[(s * a + i) * k + j] * xs[(s * a + i) * k + j];
                    for (int j = 0; j < k; j++) xs[(s * a + i) * k + j] /= Math.sqrt(q);
                }
                for (int i = 0; i < b; i++) {
                    double q = 0;
                    for (int j = 0; j < k; j++) q += ys[(s * k + j) * b + i] * ys[(s * k + j) * b + i];
                    for (int j = 0; j < k; j++) ys[(s * k + j) * b + i] /= Math.sqrt(q);
                }
            }
        }
        double[] out = Refs.batchDot(xs, ys, n, a, k, b);
        return a == 1 && b == 1 ? Tensor.of(out, n, 1) : Tensor.of(out, n, a, b);
    }
}
