package io.flowcast.trainer;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.features.FeatureSpec;

/**
 * Everything a training run needs besides the data. Plain fields with defaults that suit daily
 * buckets; the CLI maps its flags onto them.
 *
 * <p>Run the trainer with {@code OMP_NUM_THREADS=1} on small machines (on 2 cores the default made
 * DL4J 5-40x slower and erratic) and an explicit {@code -Xmx} (ND4J churns the heap).
 */
public class TrainerConfig {
    public String modelName = "flowcast-lstm"; // the job serves this name by default (--model-name)
    public BucketSize bucketSize = BucketSize.parse("1d");
    /** Buckets forecast per step: the network's output size. */
    public int horizon = 7;
    public int hidden = 32;
    public int maxEpochs = 20;
    public int batchSize = 64;
    public double learningRate = 3e-3;
    /** Element-wise gradient clip (absolute value); 0 = none. */
    public double gradientClip = 1.0;
    public long seed = 42;
    /**
     * Truncated back-propagation length: training runs over each whole series from its first bucket
     * (as the job carries (h, c)), gradients flow back this many buckets.
     */
    public int windowLength = 56;
    /**
     * Start of the validation window (epoch millis): no target at or after it is trained on. 0 means
     * the last {@link #validationBuckets} buckets of the data.
     */
    public long validationFrom;
    public int validationBuckets = 28;
    /** Epochs without a better validation loss before stopping. */
    public int patience = 3;
    /** Draw the per-epoch progress line on stderr. */
    public boolean progress = true;
    /**
     * Inputs to train on ({@code FeatureSpec.FEATURES_V*}). v2 by default: v3's inputs (selling-day
     * share, holidays) alone measured no better on the issue-11 hold-out; what made the recommended v3
     * model better was {@link #minSellingShare} (docs/lstm.md, session 10).
     */
    public String featureSet = FeatureSpec.FEATURES_V2;
    /**
     * Each labelled step's loss is weighted by scale^p (normalised to mean 1 over the training
     * steps): 0 weighs every series alike in scaled units; 1 weighs them by volume, as WAPE does.
     */
    public double lossWeightPower;
    /** Weight of the mean head's squared error against the quantile heads' pinball loss ({@code MeanQuantileLoss}). */
    public double meanLossWeight = 1.0;
    /**
     * Train only on series that sold on at least this share of their buckets before the validation
     * split (0 = all). With 0.5 the p50 head fits regular sellers (hold-out p50 WAPE 0.836 vs 0.910 on
     * all series), at the price of a model that never saw an intermittent product.
     */
    public double minSellingShare;

    public TrainerConfig() {}

    public TrainerConfig copy() {
        TrainerConfig c = new TrainerConfig();
        c.modelName = modelName;
        c.bucketSize = bucketSize;
        c.horizon = horizon;
        c.hidden = hidden;
        c.maxEpochs = maxEpochs;
        c.batchSize = batchSize;
        c.learningRate = learningRate;
        c.gradientClip = gradientClip;
        c.seed = seed;
        c.windowLength = windowLength;
        c.validationFrom = validationFrom;
        c.validationBuckets = validationBuckets;
        c.patience = patience;
        c.progress = progress;
        c.featureSet = featureSet;
        c.lossWeightPower = lossWeightPower;
        c.meanLossWeight = meanLossWeight;
        c.minSellingShare = minSellingShare;
        return c;
    }

    /** Refuses settings no training can use, before any data is read; the messages name the train options. */
    public TrainerConfig validate() {
        require(horizon >= 1, "--horizon must be at least 1, got " + horizon);
        require(hidden >= 1, "--hidden must be at least 1, got " + hidden);
        require(maxEpochs >= 1, "--epochs must be at least 1, got " + maxEpochs);
        require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(windowLength >= 1, "--window must be at least 1, got " + windowLength);
        require(learningRate > 0 && Double.isFinite(learningRate), "--learning-rate must be positive, got " + learningRate);
        require(gradientClip >= 0 && Double.isFinite(gradientClip), "--gradient-clip must be 0 or positive, got " + gradientClip);
        require(validationBuckets >= 1, "--validation-buckets must be at least 1, got " + validationBuckets);
        require(FeatureSpec.FEATURES_V2.equals(featureSet) || FeatureSpec.FEATURES_V3.equals(featureSet),
                "--feature-set must be " + FeatureSpec.FEATURES_V2 + " or " + FeatureSpec.FEATURES_V3 + ", got '" + featureSet + "'");
        require(Double.isFinite(lossWeightPower), "--loss-weight-power must be a number, got " + lossWeightPower);
        require(meanLossWeight > 0 && Double.isFinite(meanLossWeight),
                "--mean-loss-weight must be positive, got " + meanLossWeight);
        require(minSellingShare >= 0 && minSellingShare <= 1, "--min-selling-share must be in [0, 1], got " + minSellingShare);
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString() {
        return "TrainerConfig{bucket=" + bucketSize + " H=" + horizon + " hidden=" + hidden + " epochs<=" + maxEpochs
                + " batch=" + batchSize + " lr=" + learningRate + " clip=" + gradientClip + " seed=" + seed + " tbptt=" + windowLength
                + " validationBuckets=" + validationBuckets + " patience=" + patience + " features=" + featureSet
                + " lossWeightPower=" + lossWeightPower + " meanLossWeight=" + meanLossWeight + "}";
    }
}
