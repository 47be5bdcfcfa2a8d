package org.nn4j.nn.losses;

import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.ops.Elementwise;
import org.nn4j.ops.nn.CrossEntropyOptions;
import org.nn4j.ops.nn.Losses;
import org.nn4j.ops.nn.Reduction;

/**
 * CURRICULUM L7 {@code sparse_categorical_crossentropy}: categorical cross-entropy on
 * oneHot(label) for int32/int64 labels of yPred's shape minus its last (class) axis ((N) for
 * (N, K) scores, (N, T) for (N, T, K) sequences, summed over T per K9). Probabilities are
 * clipped to [{@link #EPSILON}, 1 - EPSILON]; {@code fromLogits} uses the fused kernel.
 *
 * <p>{@code ignoreIndex}: positions with that label add nothing to the loss or the gradient; a
 * sample whose every position is ignored also leaves the MEAN normaliser (for (N) labels this is
 * PyTorch's ignore_index: the mean over the kept samples). Default: none.
 */
public final class SparseCategoricalCrossentropy extends BaseLoss<SparseCategoricalCrossentropy> {
    private boolean fromLogits;
    private Long ignoreIndex;

    public SparseCategoricalCrossentropy() {}

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    public SparseCategoricalCrossentropy fromLogits(boolean v) {
        this.fromLogits = v;
        return this;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    /** Label value to ignore (e.g. -1 or -100 for padding), or null for none. */
    public SparseCategoricalCrossentropy ignoreIndex(Long label) {
        this.ignoreIndex = label;
        return this;
    }

    public SparseCategoricalCrossentropy ignoreIndex(long label) {
        return ignoreIndex(Long.valueOf(label));
    }

    public Long ignoreIndex() {
        return ignoreIndex;
    }

    @Override
    protected Tensor target(Tensor yTrue, Tensor yPred) {
        return Targets.sparse(type(), yTrue, yPred);
    }

    @Override
    protected Tensor classIds(Tensor labels) {
        if (labels.rank() != 1) {
            throw new IllegalArgumentException(type() + ": class weights need one label per sample, (N), got labels "
                    + labels.shape());
        }
        return keptLabels(labels);
    }

    /** Ignored labels replaced by 0 so that lookups stay in range; their loss is masked out. */
    private Tensor keptLabels(Tensor labels) {
        return ignoreIndex == null ? labels : Elementwise.where(labels.ne(ignoreIndex), labels, 0.0);
    }

    private Tensor positionMask(Tensor labels, Tensor like) {
        return labels.ne(ignoreIndex).to(like.dtype());
    }

    @Override
    protected Tensor sampleMask(Tensor labels, Tensor yPred) {
        if (ignoreIndex == null) return null;
        Tensor kept = labels.ne(ignoreIndex);
        return (kept.rank() == 1 ? kept : kept.any(false, rangeFrom1(kept.rank()))).to(yPred.dtype());
    }

    private static int[] rangeFrom1(int rank) {
        int[] a = new int[rank - 1];
        for (int i = 1; i < rank; i++) a[i - 1] = i;
        return a;
    }

    @Override
    protected Tensor perSample(Tensor labels, Tensor yPred) {
        Tensor safe = keptLabels(labels);
        Tensor l;
        try {
            if (fromLogits) {
                long k = yPred.dim(-1), m = safe.numel();
                CrossEntropyOptions o = CrossEntropyOptions.builder().reduction(Reduction.NONE).build();
                l = Losses.softmaxCrossEntropy(yPred.reshape(m, k), safe.reshape(m), o).reshape(labels.dims());
            } else {
                l = yPred.gather(-1, safe.unsqueeze(-1)).squeeze(-1).clamp(EPSILON, 1 - EPSILON).log().neg();
            }
        } catch (IllegalArgumentException e) {
            throw badLabel(yPred, e);
        }
        if (ignoreIndex != null) l = l.mul(positionMask(labels, yPred));
        return sumPerSample(l);
    }

    @Override
    protected Tensor fusedReduction(Tensor labels, Tensor yPred, Reduction reduction) {
        if (!fromLogits || yPred.rank() != 2) return null;
        try {
            return Losses.softmaxCrossEntropy(yPred, labels, CrossEntropyOptions.builder().reduction(reduction).build());
        } catch (IllegalArgumentException e) {
            throw badLabel(yPred, e);
        }
    }

    private IllegalArgumentException badLabel(Tensor yPred, IllegalArgumentException e) {
        return new IllegalArgumentException(type() + ": labels must be class ids in [0, " + yPred.dim(-1) + ")"
                + (ignoreIndex == null ? "" : " or the ignoreIndex " + ignoreIndex) + " for yPred " + yPred.shape()
                + " (" + e.getMessage() + ")", e);
    }

    @Override
    protected String type() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    protected void addConfig(Config c) {
        c.put("fromLogits", fromLogits);
        if (ignoreIndex != null) c.put("ignoreIndex", ignoreIndex);
    }

    public static SparseCategoricalCrossentropy fromConfig(Config c) {
        return new SparseCategoricalCrossentropy(c.getBool("fromLogits", false))
                .ignoreIndex(c.has("ignoreIndex") ? c.getLong("ignoreIndex") : null).withBaseConfig(c);
    }
}
