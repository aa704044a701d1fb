package io.flowcast.core.metrics;

/**
 * Forecast accuracy over paired arrays, the one implementation the job, the trainer and the
 * backtests report. Percentage-style metrics (MAPE, sMAPE, WAPE) are fractions (0.25 = 25%), not
 * percent. A pair where the actual or the forecast is NaN (a bucket without a forecast) is
 * skipped by every metric; a metric with nothing to average is NaN.
 */
public final class AccuracyMetrics {
    private AccuracyMetrics() {}

    /** Mean absolute error. */
    public static double mae(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (usable(actual[i], forecast[i])) {
                sum += Math.abs(actual[i] - forecast[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Root mean squared error. */
    public static double rmse(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (usable(actual[i], forecast[i])) {
                double e = actual[i] - forecast[i];
                sum += e * e;
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    /** Mean of |e| / |actual| over nonzero actuals only (undefined at zero); NaN if every actual is zero. */
    public static double mape(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (usable(actual[i], forecast[i]) && actual[i] != 0) {
                sum += Math.abs(actual[i] - forecast[i]) / Math.abs(actual[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Mean of 2|e| / (|actual| + |forecast|), in [0, 2]; a zero forecast of a zero actual counts as 0. */
    public static double smape(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (usable(actual[i], forecast[i])) {
                sum += smapeTerm(actual[i], forecast[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** sum |e| / sum |actual|: MAPE weighted by volume, defined for intermittent demand; NaN if nothing sold. */
    public static double wape(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sumErr = 0;
        double sumActual = 0;
        for (int i = 0; i < actual.length; i++) {
            if (usable(actual[i], forecast[i])) {
                sumErr += Math.abs(actual[i] - forecast[i]);
                sumActual += Math.abs(actual[i]);
            }
        }
        return sumActual == 0 ? Double.NaN : sumErr / sumActual;
    }

    /**
     * MAE divided by {@link #maseScale} of {@code training} (Hyndman and Koehler 2006): below 1
     * beats the in-sample seasonal naive forecast. NaN if the scale is 0 or undefined.
     */
    public static double mase(double[] actual, double[] forecast, double[] training, int period) {
        double scale = maseScale(training, period);
        double mae = mae(actual, forecast);
        return scale > 0 ? mae / scale : Double.NaN;
    }

    /**
     * In-sample MAE of the seasonal naive forecast with {@code period} (0 or less means 1, the plain
     * naive): mean of |y[t] - y[t - period]|; NaN if the training series is not longer than the period.
     */
    public static double maseScale(double[] training, int period) {
        int m = Math.max(period, 1);
        double sum = 0;
        int n = 0;
        for (int t = m; t < training.length; t++) {
            if (!Double.isNaN(training[t]) && !Double.isNaN(training[t - m])) {
                sum += Math.abs(training[t] - training[t - m]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * {@link #maseScale} of every prefix: {@code scales[i]} is the scale of {@code series[0..i]}, the
     * history a forecast made at bucket i has seen. For rolling-origin backtests, where each forecast
     * is scaled by the in-sample seasonal naive error of its own past only; one pass, O(n).
     */
    public static double[] maseScales(double[] series, int period) {
        int m = Math.max(period, 1);
        double[] scales = new double[series.length];
        double sum = 0;
        int n = 0;
        for (int t = 0; t < series.length; t++) {
            if (t >= m && !Double.isNaN(series[t]) && !Double.isNaN(series[t - m])) {
                sum += Math.abs(series[t] - series[t - m]);
                n++;
            }
            scales[t] = n == 0 ? Double.NaN : sum / n;
        }
        return scales;
    }

    /** Coefficient of determination 1 - SS_res / SS_tot; NaN when the actuals are constant (SS_tot = 0). */
    public static double r2(double[] actual, double[] forecast) {
        check(actual, forecast);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (usable(actual[i], forecast[i])) {
                sum += actual[i];
                n++;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        double mean = sum / n;
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < actual.length; i++) {
            if (usable(actual[i], forecast[i])) {
                double e = actual[i] - forecast[i];
                double d = actual[i] - mean;
                ssRes += e * e;
                ssTot += d * d;
            }
        }
        return ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
    }

    /** Mean pinball (quantile) loss of {@code quantileForecast} as the q-quantile: max(q e, (q - 1) e), e = actual - forecast. */
    public static double pinball(double[] actual, double[] quantileForecast, double q) {
        check(actual, quantileForecast);
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1), got " + q);
        }
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (usable(actual[i], quantileForecast[i])) {
                sum += pinballTerm(actual[i], quantileForecast[i], q);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Share of actuals inside [lo, hi], bounds included; for p10/p90 a well-calibrated value is 0.8. */
    public static double coverage(double[] actual, double[] lo, double[] hi) {
        check(actual, lo);
        check(actual, hi);
        int inside = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (usable(actual[i], lo[i]) && !Double.isNaN(hi[i])) {
                n++;
                if (actual[i] >= lo[i] && actual[i] <= hi[i]) {
                    inside++;
                }
            }
        }
        return n == 0 ? Double.NaN : (double) inside / n;
    }

    static double smapeTerm(double actual, double forecast) {
        double denominator = Math.abs(actual) + Math.abs(forecast);
        return denominator == 0 ? 0 : 2 * Math.abs(actual - forecast) / denominator;
    }

    static double pinballTerm(double actual, double forecast, double q) {
        double e = actual - forecast;
        return e >= 0 ? q * e : (q - 1) * e;
    }

    private static boolean usable(double actual, double forecast) {
        return !Double.isNaN(actual) && !Double.isNaN(forecast);
    }

    private static void check(double[] actual, double[] forecast) {
        if (actual.length != forecast.length) {
            throw new IllegalArgumentException("lengths differ: " + actual.length + " actuals, " + forecast.length + " forecasts");
        }
    }
}
