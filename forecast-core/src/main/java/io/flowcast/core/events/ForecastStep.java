package io.flowcast.core.events;

import java.util.Objects;

/** One horizon step of a {@link Forecast}: the point forecast and its quantiles for one future bucket. */
public class ForecastStep {
    /** 1 for the bucket right after the last closed one. */
    public int step;
    public long bucketStart;
    public double point;
    public double p10;
    public double p50;
    public double p90;

    public ForecastStep() {}

    public ForecastStep(int step, long bucketStart, double point, double p10, double p50, double p90) {
        this.step = step;
        this.bucketStart = bucketStart;
        this.point = point;
        this.p10 = p10;
        this.p50 = p50;
        this.p90 = p90;
    }

    /**
     * The contract of schemas/forecasts.schema.json: every number finite and >= 0, and
     * p10 <= p50 <= p90. The point is the mean, which for skewed demand may lie outside [p10, p90]
     * (e.g. a product selling 30 units one day in ten: p90 = 0, mean 3).
     */
    public boolean isConsistent() {
        return Double.isFinite(point) && Double.isFinite(p10) && Double.isFinite(p50) && Double.isFinite(p90)
                && point >= 0 && p10 >= 0 && p10 <= p50 && p50 <= p90;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ForecastStep)) {
            return false;
        }
        ForecastStep s = (ForecastStep) o;
        return step == s.step && bucketStart == s.bucketStart && Double.compare(point, s.point) == 0
                && Double.compare(p10, s.p10) == 0 && Double.compare(p50, s.p50) == 0
                && Double.compare(p90, s.p90) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, bucketStart, point);
    }

    @Override
    public String toString() {
        return "h" + step + "=" + point + " [" + p10 + ", " + p90 + "]";
    }
}
