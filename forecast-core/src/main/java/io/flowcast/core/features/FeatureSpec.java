package io.flowcast.core.features;

import io.flowcast.core.buckets.BucketSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a model was trained on: feature names in input order, bucket size, horizon and network
 * shape. Serialised with every model; the job refuses a model whose spec does not match its own.
 */
public class FeatureSpec {
    /** Bumped whenever {@link FeatureEncoder} changes what a feature means. */
    public static final String CURRENT_FEATURE_SET = "features-v1";

    public static final String DEMAND = "demand_scaled";
    public static final String HOUR_SIN = "hour_of_day_sin";
    public static final String HOUR_COS = "hour_of_day_cos";
    public static final String DOW_SIN = "day_of_week_sin";
    public static final String DOW_COS = "day_of_week_cos";
    public static final String PRICE_REL = "price_relative";
    public static final String PROMO = "promotion";

    public String featureSet = CURRENT_FEATURE_SET;
    /** Input order of the features; {@code nIn == featureNames.size()}. */
    public List<String> featureNames = new ArrayList<>();
    public long bucketSizeMillis;
    /** Buckets predicted per step: the network's output size. */
    public int horizon;
    public int hidden;
    public int nIn;

    public FeatureSpec() {}

    /** The features for this bucket size: hour of day only for buckets shorter than a day. */
    public static FeatureSpec of(BucketSize bucketSize, int horizon, int hidden) {
        if (horizon < 1 || hidden < 1) {
            throw new IllegalArgumentException("horizon and hidden must be positive");
        }
        FeatureSpec s = new FeatureSpec();
        s.bucketSizeMillis = bucketSize.millis();
        s.horizon = horizon;
        s.hidden = hidden;
        s.featureNames = hasHourOfDay(bucketSize.millis())
                ? new ArrayList<>(Arrays.asList(DEMAND, HOUR_SIN, HOUR_COS, DOW_SIN, DOW_COS, PRICE_REL, PROMO))
                : new ArrayList<>(Arrays.asList(DEMAND, DOW_SIN, DOW_COS, PRICE_REL, PROMO));
        s.nIn = s.featureNames.size();
        return s;
    }

    static boolean hasHourOfDay(long bucketSizeMillis) {
        return bucketSizeMillis < FeatureEncoder.DAY_MILLIS;
    }

    public BucketSize bucketSize() {
        return BucketSize.ofMillis(bucketSizeMillis);
    }

    /** Why a model with this spec cannot serve a job expecting {@code expected}; empty if it can. */
    public List<String> incompatibilities(FeatureSpec expected) {
        List<String> why = new ArrayList<>();
        if (!Objects.equals(featureSet, expected.featureSet)) {
            why.add("feature set " + featureSet + " != " + expected.featureSet);
        }
        if (!Objects.equals(featureNames, expected.featureNames)) {
            why.add("features " + featureNames + " != " + expected.featureNames);
        }
        if (bucketSizeMillis != expected.bucketSizeMillis) {
            why.add("bucket size " + bucketSizeMillis + " ms != " + expected.bucketSizeMillis + " ms");
        }
        if (horizon != expected.horizon) {
            why.add("horizon " + horizon + " != " + expected.horizon);
        }
        return why;
    }

    /** Internal consistency: names, nIn and the encoder agree. */
    public List<String> problems() {
        List<String> why = new ArrayList<>();
        if (!CURRENT_FEATURE_SET.equals(featureSet)) {
            why.add("unknown feature set " + featureSet);
        }
        if (featureNames == null || featureNames.size() != nIn) {
            why.add("nIn " + nIn + " != number of feature names " + (featureNames == null ? 0 : featureNames.size()));
        }
        if (bucketSizeMillis < 1000) {
            why.add("bad bucket size " + bucketSizeMillis);
        } else if (featureNames != null
                && !featureNames.equals(of(bucketSize(), Math.max(1, horizon), Math.max(1, hidden)).featureNames)) {
            why.add("features " + featureNames + " are not what " + FeatureEncoder.class.getSimpleName()
                    + " builds for bucket size " + bucketSize());
        }
        if (horizon < 1 || hidden < 1) {
            why.add("horizon " + horizon + " and hidden " + hidden + " must be positive");
        }
        return why;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FeatureSpec)) {
            return false;
        }
        FeatureSpec s = (FeatureSpec) o;
        return bucketSizeMillis == s.bucketSizeMillis && horizon == s.horizon && hidden == s.hidden && nIn == s.nIn
                && Objects.equals(featureSet, s.featureSet) && Objects.equals(featureNames, s.featureNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(featureSet, featureNames, bucketSizeMillis, horizon, hidden, nIn);
    }

    @Override
    public String toString() {
        return "FeatureSpec{" + featureSet + " " + featureNames + " bucket=" + bucketSizeMillis + "ms H=" + horizon
                + " hidden=" + hidden + "}";
    }
}
