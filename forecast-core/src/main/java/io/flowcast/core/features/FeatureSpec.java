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
    /**
     * Bumped whenever {@link FeatureEncoder} changes what a feature means. v1: one point head
     * (trained with L1, a median). v2: adds the product's own scale as an input and outputs the mean
     * plus p10/p50/p90 per step. v3: adds the product's selling-day share and a public-holiday flag
     * (calendar in {@link #holidays}). The job still serves v1 and v2 models (the encoder follows the
     * model's set).
     */
    public static final String FEATURES_V1 = "features-v1";
    public static final String FEATURES_V2 = "features-v2";
    public static final String FEATURES_V3 = "features-v3";
    public static final String CURRENT_FEATURE_SET = FEATURES_V3;

    public static final String DEMAND = "demand_scaled";
    public static final String HOUR_SIN = "hour_of_day_sin";
    public static final String HOUR_COS = "hour_of_day_cos";
    public static final String DOW_SIN = "day_of_week_sin";
    public static final String DOW_COS = "day_of_week_cos";
    public static final String PRICE_REL = "price_relative";
    public static final String PROMO = "promotion";
    /** ln of the product's demand scale: how big a mover it is, which the scaled inputs hide. */
    public static final String LOG_SCALE = "log_scale";
    /**
     * Share of the buckets so far with a sale: tells a regular seller (its median is not 0) from an
     * intermittent one, which the scaled demand alone hides from the p50 head.
     */
    public static final String SELLING_SHARE = "selling_share";
    /** 1 when the bucket's day is a public holiday in {@link #holidays}. */
    public static final String HOLIDAY = "holiday";

    /** v1's single output block: a point forecast. */
    public static final String POINT = "point";
    /** v2's output blocks, {@code horizon} columns each: the mean, then the quantiles. */
    public static final List<String> MEAN_AND_QUANTILES = List.of("mean", "p10", "p50", "p90");
    public static final double[] QUANTILE_LEVELS = {0.1, 0.5, 0.9};

    public String featureSet = CURRENT_FEATURE_SET;
    /** Input order of the features; {@code nIn == featureNames.size()}. */
    public List<String> featureNames = new ArrayList<>();
    public long bucketSizeMillis;
    /** Buckets predicted per step: the network's output size. */
    public int horizon;
    public int hidden;
    public int nIn;
    /** Output blocks of {@code horizon} columns each; absent (v1 records) means one point block. */
    public List<String> outputs;
    /** The holiday calendar of the {@link #HOLIDAY} input ({@code HolidayCalendar.parse}); v3 only. */
    public String holidays;

    public FeatureSpec() {}

    /**
     * A point model on the v1 inputs (hour of day only for buckets shorter than a day): what v1
     * records carry, and the simplest spec a test can build weights for ({@code nOut == horizon}).
     */
    public static FeatureSpec of(BucketSize bucketSize, int horizon, int hidden) {
        return build(FEATURES_V1, bucketSize, horizon, hidden);
    }

    /** The newest feature set: v3 inputs (UK holidays), mean and p10/p50/p90 outputs. */
    public static FeatureSpec current(BucketSize bucketSize, int horizon, int hidden) {
        return build(CURRENT_FEATURE_SET, bucketSize, horizon, hidden);
    }

    /** A model on a named feature set (v1, v2 or v3). */
    public static FeatureSpec of(String featureSet, BucketSize bucketSize, int horizon, int hidden) {
        if (namesFor(featureSet, bucketSize.millis()) == null) {
            throw new IllegalArgumentException("unknown feature set " + featureSet + " (known: " + FEATURES_V1 + ", "
                    + FEATURES_V2 + ", " + FEATURES_V3 + ")");
        }
        return build(featureSet, bucketSize, horizon, hidden);
    }

    private static FeatureSpec build(String featureSet, BucketSize bucketSize, int horizon, int hidden) {
        if (horizon < 1 || hidden < 1) {
            throw new IllegalArgumentException("horizon and hidden must be positive");
        }
        FeatureSpec s = new FeatureSpec();
        s.featureSet = featureSet;
        s.bucketSizeMillis = bucketSize.millis();
        s.horizon = horizon;
        s.hidden = hidden;
        s.featureNames = namesFor(featureSet, bucketSize.millis());
        s.nIn = s.featureNames.size();
        s.outputs = FEATURES_V1.equals(featureSet) ? null : new ArrayList<>(MEAN_AND_QUANTILES);
        s.holidays = FEATURES_V3.equals(featureSet) ? "uk" : null;
        return s;
    }

    /** The inputs {@link FeatureEncoder} builds for a feature set and bucket size; null for an unknown set. */
    static List<String> namesFor(String featureSet, long bucketSizeMillis) {
        List<String> names = hasHourOfDay(bucketSizeMillis)
                ? new ArrayList<>(Arrays.asList(DEMAND, HOUR_SIN, HOUR_COS, DOW_SIN, DOW_COS, PRICE_REL, PROMO))
                : new ArrayList<>(Arrays.asList(DEMAND, DOW_SIN, DOW_COS, PRICE_REL, PROMO));
        if (FEATURES_V1.equals(featureSet)) {
            return names;
        }
        if (FEATURES_V2.equals(featureSet)) {
            names.add(LOG_SCALE);
            return names;
        }
        if (FEATURES_V3.equals(featureSet)) {
            names.addAll(List.of(LOG_SCALE, SELLING_SHARE, HOLIDAY));
            return names;
        }
        return null;
    }

    /** The output blocks: {@link #outputs}, or one point block for v1 records. */
    public List<String> outputBlocks() {
        return outputs == null || outputs.isEmpty() ? List.of(POINT) : outputs;
    }

    /** The network's output size: horizon times the output blocks. */
    public int nOut() {
        return horizon * outputBlocks().size();
    }

    /** True when the model outputs the mean and p10/p50/p90 (v2), not only a point. */
    public boolean hasQuantiles() {
        return outputBlocks().equals(MEAN_AND_QUANTILES);
    }

    static boolean hasHourOfDay(long bucketSizeMillis) {
        return bucketSizeMillis < FeatureEncoder.DAY_MILLIS;
    }

    public BucketSize bucketSize() {
        return BucketSize.ofMillis(bucketSizeMillis);
    }

    /** Why a model with this spec cannot serve a job expecting {@code expected}; empty if it can. */
    public List<String> incompatibilities(FeatureSpec expected) {
        // any feature set this encoder knows can serve: the job encodes with the model's own set
        List<String> why = new ArrayList<>();
        if (namesFor(featureSet, bucketSizeMillis) == null) {
            why.add("feature set " + featureSet + " is unknown to this job (it knows " + FEATURES_V1 + ", "
                    + FEATURES_V2 + ", " + FEATURES_V3 + ")");
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
        List<String> known = namesFor(featureSet, bucketSizeMillis);
        if (known == null) {
            why.add("unknown feature set " + featureSet);
        }
        if (featureNames == null || featureNames.size() != nIn) {
            why.add("nIn " + nIn + " != number of feature names " + (featureNames == null ? 0 : featureNames.size()));
        }
        if (bucketSizeMillis < 1000) {
            why.add("bad bucket size " + bucketSizeMillis);
        } else if (featureNames != null && known != null && !featureNames.equals(known)) {
            why.add("features " + featureNames + " are not what " + FeatureEncoder.class.getSimpleName()
                    + " builds for bucket size " + bucketSize());
        }
        if (horizon < 1 || hidden < 1) {
            why.add("horizon " + horizon + " and hidden " + hidden + " must be positive");
        }
        if (FEATURES_V3.equals(featureSet) && (holidays == null || holidays.isBlank())) {
            why.add("a " + FEATURES_V3 + " spec needs its holiday calendar");
        }
        if (outputs != null && !outputs.isEmpty() && !outputs.equals(MEAN_AND_QUANTILES)) {
            why.add("outputs " + outputs + " are neither a point nor " + MEAN_AND_QUANTILES);
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
                && Objects.equals(featureSet, s.featureSet) && Objects.equals(featureNames, s.featureNames)
                && outputBlocks().equals(s.outputBlocks()) && Objects.equals(holidays, s.holidays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(featureSet, featureNames, bucketSizeMillis, horizon, hidden, nIn, outputBlocks(), holidays);
    }

    @Override
    public String toString() {
        return "FeatureSpec{" + featureSet + " " + featureNames + " bucket=" + bucketSizeMillis + "ms H=" + horizon
                + " hidden=" + hidden + " outputs=" + outputBlocks() + (holidays == null ? "" : " holidays=" + holidays) + "}";
    }
}
