package io.flowcast.core.events;

import java.util.Arrays;
import java.util.Objects;

/**
 * One product's H-step forecast on the {@code forecasts} topic, made when a bucket closed.
 * A late correction of that bucket re-emits it with a higher {@link #revision}.
 */
public class Forecast {
    public static final int SCHEMA_VERSION = 1;

    public int schemaVersion = SCHEMA_VERSION;
    public String productId;
    /** Start of the last closed bucket (epoch millis, UTC); step h covers bucketStart + h * bucketSizeMillis. */
    public long bucketStart;
    public long bucketSizeMillis;
    /** Units sold in the last closed bucket. */
    public double actual;
    /**
     * Order lines in the last closed bucket, -1 if unknown (a producer before this field). Units come
     * in lines of several items; the alert rules test the line count, which is close to Poisson.
     */
    public long actualOrders = -1;
    /**
     * Order lines expected in step 1's bucket, -1 if unknown: a statistical baseline run on the
     * product's order-line counts. The alerts test the next actual line count against it.
     */
    public double expectedOrders = -1;
    public ForecastStep[] steps;
    /** Which forecaster made it, e.g. {@code tsb} or {@code lstm}. */
    public String forecaster;
    /** The model version for the LSTM, {@code baseline} for the statistical forecasters. */
    public String modelVersion;
    /** 0 for the first forecast of a bucket, +1 for each late correction. */
    public int revision;
    /** Wall-clock time it was made, epoch millis; the only field a replay does not reproduce. */
    public long producedAt;

    public Forecast() {}

    /** Equal in everything but {@link #producedAt}: what a deterministic replay must reproduce. */
    public boolean sameContent(Forecast f) {
        return schemaVersion == f.schemaVersion && bucketStart == f.bucketStart
                && bucketSizeMillis == f.bucketSizeMillis && Double.compare(actual, f.actual) == 0
                && actualOrders == f.actualOrders && Double.compare(expectedOrders, f.expectedOrders) == 0
                && revision == f.revision && Objects.equals(productId, f.productId)
                && Arrays.equals(steps, f.steps) && Objects.equals(forecaster, f.forecaster)
                && Objects.equals(modelVersion, f.modelVersion);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Forecast && sameContent((Forecast) o) && producedAt == ((Forecast) o).producedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(productId, bucketStart, revision);
    }

    @Override
    public String toString() {
        return "Forecast{" + productId + " @" + bucketStart + " actual=" + actual + " " + forecaster + "/"
                + modelVersion + " rev" + revision + " " + Arrays.toString(steps) + "}";
    }
}
