package org.nn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nn4j.DType;
import org.nn4j.Scope;
import org.nn4j.Shape;
import org.nn4j.Tensor;
import org.nn4j.nn.CallContext;

/** Augmentation keeps shapes and labels, is off in inference, and is seeded. */
class AugmentationTest {
    private static Augmentation.Builder all(long seed) {
        return Augmentation.builder().seed(seed).horizontalFlip().verticalFlip().rotation(20).zoom(0.2)
                .shift(0.1, 0.15).crop(2).brightness(0.1).contrast(0.3);
    }

    @Test
    void keepsShapesAndLabelsInTrainingAndIsTheIdentityInInference() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.rand(1, 6, 3, 9, 11);
            Tensor y = Tensor.arange(6, DType.INT64);
            Augmentation aug = all(5).build();
            Tensor t = aug.apply(x, true);
            assertEquals(x.shape(), t.shape());
            assertFalse(Arrays.equals(x.toFloatArray(), t.toFloatArray()), "training changes the batch");
            assertSame(x, aug.apply(x, false), "inference returns the batch itself");
            assertSame(x, aug.apply(x, CallContext.inference()));
            try (Batch b = aug.train(new Batch(x.clone(), y.clone()))) {
                assertEquals(x.shape(), b.x().shape());
                assertArrayEquals(y.toLongArray(), b.y().toLongArray(), "labels untouched");
            }
            Tensor f64 = aug.apply(x.to(DType.FLOAT64), true);
            assertEquals(DType.FLOAT64, f64.dtype());
            Tensor cropped = Augmentation.builder().seed(1).crop(5, 4, 1).build().apply(x, true);
            assertEquals(Shape.of(6, 3, 5, 4), cropped.shape(), "an explicit crop size");
            assertThrows(IllegalArgumentException.class, () -> aug.apply(Tensor.zeros(3, 4, 4), true));
        }
    }

    @Test
    void seededDrawsAreReproducibleAndDifferBetweenSeeds() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.rand(2, 4, 1, 8, 8);
            Augmentation a = all(7).build(), b = all(7).build(), c = all(8).build();
            float[] a1 = a.apply(x, true).toFloatArray(), a2 = a.apply(x, true).toFloatArray();
            assertArrayEquals(a1, b.apply(x, true).toFloatArray(), "same seed, same first call");
            assertArrayEquals(a2, b.apply(x, true).toFloatArray(), "same seed, same second call");
            assertFalse(Arrays.equals(a1, a2), "each call draws anew");
            assertFalse(Arrays.equals(a1, c.apply(x, true).toFloatArray()), "another seed differs");
            CallContext step3 = CallContext.training(3);
            assertArrayEquals(a.apply(x, step3).toFloatArray(), all(7).build().apply(x, step3).toFloatArray(),
                    "the step seeds the draws, not the number of earlier calls");
            assertFalse(Arrays.equals(a.apply(x, step3).toFloatArray(), a.apply(x, CallContext.training(4)).toFloatArray()));
        }
    }

    @Test
    void flipsAndCropsMoveValuesExactly() {
        try (Scope s = Scope.open()) {
            int n = 16, h = 5, w = 6;
            Tensor x = Tensor.rand(4, n, 2, h, w);
            float[] in = x.toFloatArray();
            float[] out = Augmentation.builder().seed(1).horizontalFlip().build().apply(x, true).toFloatArray();
            int flipped = 0;
            for (int i = 0; i < n; i++) {
                boolean same = true, mirror = true;
                for (int k = 0; k < 2 * h * w; k++) {
                    int c = k / (h * w), y = k / w % h, xx = k % w, at = i * 2 * h * w;
                    same &= out[at + k] == in[at + k];
                    mirror &= out[at + k] == in[at + (c * h + y) * w + (w - 1 - xx)];
                }
                assertTrue(same || mirror, "example " + i + " is either unchanged or mirrored exactly");
                if (mirror && !same) flipped++;
            }
            assertTrue(flipped > 0 && flipped < n, flipped + " of " + n + " flipped (probability 1/2 each)");
            // a crop with padding p is a whole-pixel shift by at most p with zeros coming in
            float[] cr = Augmentation.builder().seed(2).crop(1).build().apply(x, true).toFloatArray();
            for (int i = 0; i < n; i++) {
                boolean found = false;
                for (int dy = -1; dy <= 1 && !found; dy++) {
                    for (int dx = -1; dx <= 1 && !found; dx++) {
                        boolean ok = true;
                        for (int k = 0; k < 2 * h * w && ok; k++) {
                            int c = k / (h * w), y = k / w % h + dy, xx = k % w + dx, at = i * 2 * h * w;
                            float want = y < 0 || y >= h || xx < 0 || xx >= w ? 0 : in[at + (c * h + y) * w + xx];
                            ok = cr[at + k] == want;
                        }
                        found = ok;
                    }
                }
                assertTrue(found, "example " + i + " is a shifted copy");
            }
        }
    }

    @Test
    void geometryAndPhotometryBehave() {
        try (Scope s = Scope.open()) {
            Tensor constant = Tensor.full(0.25, DType.FLOAT32, 3, 2, 7, 7);
            // NEAREST fill: rotating, zooming and shifting a constant image leaves it constant
            Tensor g = Augmentation.builder().seed(3).rotation(45).zoom(0.3).shift(0.2, 0.2)
                    .fill(Augmentation.FillMode.NEAREST, 0).build().apply(constant, true);
            assertEquals(0.25, g.min().item(), 1e-6);
            assertEquals(0.25, g.max().item(), 1e-6);
            Tensor x = Tensor.rand(9, 8, 1, 6, 6);
            // contrast keeps each example's channel mean; brightness shifts it by at most the delta
            Tensor c = Augmentation.builder().seed(4).contrast(0.5).build().apply(x, true);
            assertArrayEquals(x.mean(false, 2, 3).toFloatArray(), c.mean(false, 2, 3).toFloatArray(), 1e-5f);
            assertFalse(Arrays.equals(x.toFloatArray(), c.toFloatArray()));
            Tensor d = Augmentation.builder().seed(4).brightness(0.1).build().apply(x, true).sub(x);
            float[] delta = d.toFloatArray();
            for (int i = 0; i < 8; i++) {
                float first = delta[i * 36];
                assertTrue(Math.abs(first) <= 0.1 + 1e-6, "delta " + first);
                for (int k = 1; k < 36; k++) assertEquals(first, delta[i * 36 + k], 1e-6, "one delta per example");
            }
            Tensor clipped = Augmentation.builder().seed(4).brightness(0.5).clip(0, 1).build().apply(x, true);
            assertTrue(clipped.min().item() >= 0 && clipped.max().item() <= 1);
            assertThrows(IllegalArgumentException.class, () -> Augmentation.builder().zoom(1));
            assertThrows(IllegalArgumentException.class, () -> Augmentation.builder().rotation(-1));
        }
    }
}
