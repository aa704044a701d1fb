package io.flowcast.core.events;

import java.util.Objects;

/**
 * One record on the {@code alerts} topic (key = product id): a demand spike, a sustained shift or a
 * drop of one product, as it opens, updates and resolves. Schema: {@code schemas/alerts.schema.json}.
 */
public class Alert {
    public static final int SCHEMA_VERSION = 1;

    /** What kind of anomaly. */
    public enum Kind { SPIKE, SHIFT_UP, SHIFT_DOWN, DROP }

    /** Where the alert is in its life: one OPEN, any number of UPDATEs, one RESOLVED. */
    public enum Status { OPEN, UPDATE, RESOLVED }

    /** How unlikely the observation was under the forecast. */
    public enum Severity { INFO, WARNING, CRITICAL }

    public int schemaVersion = SCHEMA_VERSION;
    public String productId;
    /** Start of the bucket this record is about (epoch millis, UTC). */
    public long bucketStart;
    public long bucketSizeMillis;
    public Kind kind;
    public Status status;
    /** Units sold in the bucket. */
    public double actual;
    /** Order lines in the bucket, -1 if the forecast did not carry them. */
    public long actualOrders = -1;
    /**
     * Order lines expected in the bucket: the forecast's own {@code expectedOrders}, else its point over
     * the product's recent units per line; null without line counts.
     */
    public Double expectedOrders;
    /** The point forecast made for the bucket one bucket earlier. */
    public double expected;
    /** The forecast interval (p10, p90) the actual was judged against. */
    public double intervalLow;
    public double intervalHigh;
    public Severity severity;
    /** Tail probability of the actual under the count model (spikes and drops); null for shifts. */
    public Double tailProbability;
    public String modelVersion;
    public String forecaster;
    /** For a person: what was seen against what was expected, and why that is an alert. */
    public String reason;
    /** Stable across the OPEN, UPDATE and RESOLVED records of one alert: product, kind and the bucket it opened in. */
    public String alertId;
    /** Start of the bucket the alert opened in. */
    public long openedAt;
    /** Wall-clock time it was made, epoch millis; the only field a replay does not reproduce. */
    public long producedAt;

    public Alert() {}

    public static String alertId(String productId, Kind kind, long openedAt) {
        return productId + ":" + kind + ":" + openedAt;
    }

    /** Equal in everything but {@link #producedAt}. */
    public boolean sameContent(Alert a) {
        return schemaVersion == a.schemaVersion && bucketStart == a.bucketStart
                && bucketSizeMillis == a.bucketSizeMillis && kind == a.kind && status == a.status
                && Double.compare(actual, a.actual) == 0 && actualOrders == a.actualOrders
                && Objects.equals(expectedOrders, a.expectedOrders)
                && Double.compare(expected, a.expected) == 0
                && Double.compare(intervalLow, a.intervalLow) == 0 && Double.compare(intervalHigh, a.intervalHigh) == 0
                && severity == a.severity && Objects.equals(tailProbability, a.tailProbability)
                && openedAt == a.openedAt && Objects.equals(productId, a.productId)
                && Objects.equals(modelVersion, a.modelVersion) && Objects.equals(forecaster, a.forecaster)
                && Objects.equals(reason, a.reason) && Objects.equals(alertId, a.alertId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Alert && sameContent((Alert) o) && producedAt == ((Alert) o).producedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(alertId, status, bucketStart);
    }

    @Override
    public String toString() {
        return "Alert{" + status + " " + kind + " " + productId + " @" + bucketStart + " actual=" + actual
                + " expected=" + expected + " [" + intervalLow + ", " + intervalHigh + "] " + severity + ": " + reason + "}";
    }
}
