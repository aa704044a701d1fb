package io.flowcast.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams (actual, point, p10, p50, p90) one bucket at a time and reports the
 * {@link AccuracyMetrics} without keeping the pairs: for backtests over many products, and
 * mergeable, so per-product or per-subtask accumulators add up. A POJO of primitives, so it can
 * also be a Flink aggregate accumulator.
 *
 * <p>Point metrics (MAE, RMSE, MAPE, sMAPE, WAPE, MASE, R²) score {@code point}; the pinball losses
 * score p10/p50/p90 at 0.1/0.5/0.9 and coverage is the share of actuals in [p10, p90]. An
 * observation with a NaN actual or point is not counted. MASE needs each observation's scale
 * ({@link AccuracyMetrics#maseScale} of its product's training series): across products it is the
 * mean of scaled absolute errors, the usual multi-series MASE. Merged over products, R² is pooled
 * (against the variance of all actuals together), so it rewards getting the product mix right.
 */
public class ErrorAccumulator {
    public long count;
    public double sumAbsError;
    public double sumSquaredError;
    public double sumAbsActual;
    /** Running mean and sum of squared deviations of the actuals (Welford/Chan), for R². */
    public double meanActual;
    public double m2Actual;
    public double sumApe;
    public long countApe;
    public double sumSmape;
    public double sumScaledAbsError;
    public long countScaled;
    public double sumPinball10;
    public double sumPinball50;
    public double sumPinball90;
    /** Observations with p10/p90 present, and of those the ones inside [p10, p90]. */
    public long countInterval;
    public long countInside;
    /** |actual - p50| summed where p50 is present, for the median's WAPE. */
    public double sumAbsErrorP50;
    public double sumAbsActualP50;
    /** Sum of point forecasts and of actuals: total forecast against total sold (bias of the mean). */
    public double sumPoint;
    public double sumActual;

    public ErrorAccumulator() {}

    /** Adds one bucket without a MASE scale. Quantiles may be NaN when a forecaster gives none. */
    public void add(double actual, double point, double p10, double p50, double p90) {
        add(actual, point, p10, p50, p90, Double.NaN);
    }

    /** Adds one bucket; {@code maseScale} is its product's in-sample seasonal-naive MAE (NaN or 0: not in MASE). */
    public void add(double actual, double point, double p10, double p50, double p90, double maseScale) {
        if (Double.isNaN(actual) || Double.isNaN(point)) {
            return;
        }
        double e = actual - point;
        double absError = Math.abs(e);
        count++;
        sumAbsError += absError;
        sumSquaredError += e * e;
        sumAbsActual += Math.abs(actual);
        double delta = actual - meanActual;
        meanActual += delta / count;
        m2Actual += delta * (actual - meanActual);
        if (actual != 0) {
            sumApe += absError / Math.abs(actual);
            countApe++;
        }
        sumSmape += AccuracyMetrics.smapeTerm(actual, point);
        sumPoint += point;
        sumActual += actual;
        if (!Double.isNaN(p50)) {
            sumAbsErrorP50 += Math.abs(actual - p50);
            sumAbsActualP50 += Math.abs(actual);
        }
        if (maseScale > 0) {
            sumScaledAbsError += absError / maseScale;
            countScaled++;
        }
        // quantile sums count only with all three quantiles, so the three losses share one denominator
        if (!Double.isNaN(p10) && !Double.isNaN(p50) && !Double.isNaN(p90)) {
            sumPinball10 += AccuracyMetrics.pinballTerm(actual, p10, 0.1);
            sumPinball50 += AccuracyMetrics.pinballTerm(actual, p50, 0.5);
            sumPinball90 += AccuracyMetrics.pinballTerm(actual, p90, 0.9);
            countInterval++;
            if (actual >= p10 && actual <= p90) {
                countInside++;
            }
        }
    }

    /** Adds everything {@code other} has seen; {@code other} is unchanged. */
    public ErrorAccumulator merge(ErrorAccumulator other) {
        if (other.count > 0) {
            long n = count + other.count;
            double delta = other.meanActual - meanActual;
            // Chan et al.: combine two partial variances without revisiting the data
            m2Actual += other.m2Actual + delta * delta * count * other.count / n;
            meanActual += delta * other.count / n;
            count = n;
        }
        sumAbsError += other.sumAbsError;
        sumSquaredError += other.sumSquaredError;
        sumAbsActual += other.sumAbsActual;
        sumApe += other.sumApe;
        countApe += other.countApe;
        sumSmape += other.sumSmape;
        sumScaledAbsError += other.sumScaledAbsError;
        countScaled += other.countScaled;
        sumPinball10 += other.sumPinball10;
        sumPinball50 += other.sumPinball50;
        sumPinball90 += other.sumPinball90;
        countInterval += other.countInterval;
        countInside += other.countInside;
        sumAbsErrorP50 += other.sumAbsErrorP50;
        sumAbsActualP50 += other.sumAbsActualP50;
        sumPoint += other.sumPoint;
        sumActual += other.sumActual;
        return this;
    }

    public long count() {
        return count;
    }

    public double mae() {
        return ratio(sumAbsError, count);
    }

    public double rmse() {
        return Math.sqrt(ratio(sumSquaredError, count));
    }

    public double mape() {
        return ratio(sumApe, countApe);
    }

    public double smape() {
        return ratio(sumSmape, count);
    }

    public double wape() {
        return sumAbsActual == 0 ? Double.NaN : sumAbsError / sumAbsActual;
    }

    /** WAPE of the p50 (the median forecast) instead of the point. */
    public double wapeP50() {
        return sumAbsActualP50 == 0 ? Double.NaN : sumAbsErrorP50 / sumAbsActualP50;
    }

    /** Total point forecast over total actual: 1 for an unbiased mean forecast. */
    public double totalRatio() {
        return sumActual == 0 ? Double.NaN : sumPoint / sumActual;
    }

    public double mase() {
        return ratio(sumScaledAbsError, countScaled);
    }

    public double r2() {
        return count == 0 || m2Actual == 0 ? Double.NaN : 1 - sumSquaredError / m2Actual;
    }

    public double pinball10() {
        return ratio(sumPinball10, countInterval);
    }

    public double pinball50() {
        return ratio(sumPinball50, countInterval);
    }

    public double pinball90() {
        return ratio(sumPinball90, countInterval);
    }

    /** Mean of the three pinball losses: one number for the quantile forecast. */
    public double meanPinball() {
        return ratio(sumPinball10 + sumPinball50 + sumPinball90, 3 * countInterval);
    }

    /** Share of actuals in [p10, p90]; 0.8 when the quantiles are calibrated. */
    public double coverage() {
        return ratio(countInside, countInterval);
    }

    /** Every metric by name, in a stable order, for reports and JSON. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("count", (double) count);
        m.put("mae", mae());
        m.put("rmse", rmse());
        m.put("mape", mape());
        m.put("smape", smape());
        m.put("wape", wape());
        m.put("wape_p50", wapeP50());
        m.put("total_ratio", totalRatio());
        m.put("mase", mase());
        m.put("r2", r2());
        m.put("pinball10", pinball10());
        m.put("pinball50", pinball50());
        m.put("pinball90", pinball90());
        m.put("coverage80", coverage());
        return m;
    }

    private static double ratio(double sum, long n) {
        return n == 0 ? Double.NaN : sum / n;
    }

    @Override
    public String toString() {
        return "ErrorAccumulator" + asMap();
    }
}
