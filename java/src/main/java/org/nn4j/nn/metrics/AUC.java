package org.nn4j.nn.metrics;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import org.nn4j.DType;
import org.nn4j.Tensor;
import org.nn4j.nn.Config;
import org.nn4j.nn.losses.Targets;
import org.nn4j.ops.Creation;

/**
 * Area under the ROC curve of binary scores (every element of yPred against yTrue &gt; 0.5,
 * weighted by its sample's weight), streaming over batches.
 *
 * <p>Default, as Keras: {@code numThresholds} = 200 thresholds t_0 = -1e-7, t_j = j / (n - 1),
 * t_{n-1} = 1 + 1e-7; at each, TPR and FPR of "score &gt; t_j"; the area is the trapezoidal sum
 * over those n points (Keras's summation "interpolation", which for ROC is the trapezoid). State:
 * 2 (n + 1) weighted histogram counts. Scores must be probabilities in [0, 1].
 *
 * <p>{@link #exact()}: keeps every (score, label, weight) and integrates the ROC curve through
 * every distinct score (tied scores make one diagonal step: the Mann-Whitney statistic with ties
 * counted 1/2); any real scores (logits too); memory grows with the data.
 *
 * <p>With no positive or no negative sample the area is undefined: 0 and one warning per reset.
 */
public final class AUC extends BaseMetric<AUC> {
    private static final System.Logger LOG = System.getLogger(AUC.class.getName());
    private static final double EDGE = 1e-7;
    /** Rows compared with all thresholds at once: bounds the (rows x thresholds) temporary. */
    private static final long CHUNK_ELEMENTS = 1 << 22;

    private final int numThresholds;
    private final boolean exact;
    private double[] thresholds;
    private double[] posHist, negHist;
    private double[] scores = new double[0], labels = new double[0], weights = new double[0];
    private int size;
    private boolean warned;

    public AUC() {
        this(200);
    }

    public AUC(int numThresholds) {
        this(numThresholds, false);
    }

    private AUC(int numThresholds, boolean exact) {
        if (!exact && numThresholds < 2) {
            throw new IllegalArgumentException("auc: numThresholds = " + numThresholds + " must be >= 2");
        }
        this.numThresholds = numThresholds;
        this.exact = exact;
        if (!exact) {
            thresholds = new double[numThresholds];
            for (int j = 1; j < numThresholds - 1; j++) thresholds[j] = (double) j / (numThresholds - 1);
            thresholds[0] = -EDGE;
            thresholds[numThresholds - 1] = 1 + EDGE;
        }
        reset();
    }

    /** Exact ROC AUC over every score seen. */
    public static AUC exact() {
        return new AUC(0, true);
    }

    public boolean isExact() {
        return exact;
    }

    public int numThresholds() {
        return numThresholds;
    }

    @Override
    protected void accumulate(Tensor yTrue, Tensor yPred, Tensor w) {
        String op = name();
        Tensor t = Targets.dense(op, yTrue, yPred, "yTrue of yPred's shape with labels 0/1");
        long n = yPred.numel();
        Tensor score = yPred.to(DType.FLOAT64).reshape(n);
        Tensor pos = t.gt(0.5).reshape(n).to(DType.FLOAT64);
        Tensor weight = perElement(w, yPred);
        if (exact) {
            append(score.toDoubleArray(), pos.toDoubleArray(), weight.toDoubleArray());
            return;
        }
        double[] range = read(score.min(), score.max());
        if (n > 0 && !(range[0] >= 0 && range[1] <= 1)) {
            throw new IllegalArgumentException(op + ": scores must be probabilities in [0, 1] for the threshold AUC, got "
                    + "values in [" + range[0] + ", " + range[1] + "]; apply a sigmoid, or use AUC.exact() for raw scores");
        }
        // bucket b = #{j : t_j < score}: the score counts as positive at thresholds 0 .. b - 1
        Tensor th = Tensor.of(thresholds, thresholds.length).to(yPred.device());
        long rows = Math.max(1, CHUNK_ELEMENTS / thresholds.length);
        Tensor hist = Creation.zeros(DType.FLOAT64, yPred.device(), 2L * (numThresholds + 1));
        for (long start = 0; start < n; start += rows) {
            long end = Math.min(n, start + rows);
            Tensor s = score.slice(0, start, end);
            Tensor bucket = s.unsqueeze(1).gt(th).sum(false, 1);
            // negatives fill slots 0..n, positives n+1..2n+1
            Tensor slot = bucket.add(pos.slice(0, start, end).mul(numThresholds + 1).to(DType.INT64));
            hist = hist.scatterAdd(0, slot, weight.slice(0, start, end));
        }
        double[] h = hist.toDoubleArray();
        for (int b = 0; b <= numThresholds; b++) {
            negHist[b] += h[b];
            posHist[b] += h[numThresholds + 1 + b];
        }
    }

    private void append(double[] s, double[] l, double[] w) {
        if (size + s.length > scores.length) {
            int cap = Math.max(size + s.length, 2 * scores.length);
            scores = Arrays.copyOf(scores, cap);
            labels = Arrays.copyOf(labels, cap);
            weights = Arrays.copyOf(weights, cap);
        }
        System.arraycopy(s, 0, scores, size, s.length);
        System.arraycopy(l, 0, labels, size, l.length);
        System.arraycopy(w, 0, weights, size, w.length);
        size += s.length;
    }

    @Override
    public double result() {
        return exact ? exactResult() : thresholdResult();
    }

    private double undefined() {
        if (!warned) {
            warned = true;
            LOG.log(Level.WARNING, name() + ": the ROC AUC needs positive and negative samples; counted as 0");
        }
        return 0;
    }

    private double thresholdResult() {
        int n = numThresholds;
        // positives / negatives above threshold j: the mass in buckets j + 1 .. n
        double[] tp = new double[n], fp = new double[n];
        double p = 0, q = 0;
        for (int b = n; b >= 1; b--) {
            p += posHist[b];
            q += negHist[b];
            tp[b - 1] = p;
            fp[b - 1] = q;
        }
        double totalP = p + posHist[0], totalN = q + negHist[0];
        if (totalP == 0 || totalN == 0) return undefined();
        double area = 0;
        for (int j = 0; j < n - 1; j++) {
            area += (fp[j] - fp[j + 1]) / totalN * (tp[j] + tp[j + 1]) / totalP / 2;
        }
        return area;
    }

    private double exactResult() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        double totalP = 0, totalN = 0;
        for (int i = 0; i < size; i++) {
            if (labels[i] > 0) totalP += weights[i];
            else totalN += weights[i];
        }
        if (totalP == 0 || totalN == 0) return undefined();
        double area = 0, tp = 0;
        for (int i = 0; i < size; ) {
            double groupP = 0, groupN = 0, s = scores[order[i]];
            for (; i < size && scores[order[i]] == s; i++) {
                if (labels[order[i]] > 0) groupP += weights[order[i]];
                else groupN += weights[order[i]];
            }
            area += groupN * (tp + groupP / 2);
            tp += groupP;
        }
        return area / (totalP * totalN);
    }

    @Override
    public void reset() {
        if (!exact) {
            posHist = new double[numThresholds + 1];
            negHist = new double[numThresholds + 1];
        }
        size = 0;
        scores = new double[0];
        labels = new double[0];
        weights = new double[0];
        warned = false;
    }

    @Override
    protected String defaultName() {
        return "auc";
    }

    @Override
    protected String type() {
        return "auc";
    }

    @Override
    protected void addConfig(Config c) {
        c.put("exact", exact);
        if (!exact) c.put("numThresholds", numThresholds);
    }

    public static AUC fromConfig(Config c) {
        AUC a = c.getBool("exact", false) ? exact() : new AUC(c.getInt("numThresholds", 200));
        return a.withBaseConfig(c);
    }
}
