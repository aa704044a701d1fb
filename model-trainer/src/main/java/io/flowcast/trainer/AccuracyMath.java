package io.flowcast.trainer;

/**
 * WAPE and MASE accumulated over many series and forecast origins.
 * TODO(lead): switch to io.flowcast.core.metrics.AccuracyMetrics once it is on this branch; this is
 * the minimal local version so champion/challenger works now.
 *
 * <p>WAPE = sum |error| / sum |actual| over everything added. MASE = mean over series of
 * (series MAE / series in-sample seasonal-naive MAE); series whose in-sample naive MAE is 0 are
 * left out of MASE (their error still counts in WAPE).
 */
public final class AccuracyMath {
    private double absErr;
    private double absActual;
    private double maseSum;
    private int maseSeries;
    private double seriesAbsErr;
    private int seriesCount;

    /** Adds one forecast/actual pair of the current series. */
    public void add(double forecast, double actual) {
        double e = Math.abs(forecast - actual);
        absErr += e;
        absActual += Math.abs(actual);
        seriesAbsErr += e;
        seriesCount++;
    }

    /** Closes the current series; {@code naiveScale} is its in-sample seasonal-naive MAE. */
    public void endSeries(double naiveScale) {
        if (seriesCount > 0 && naiveScale > 0 && Double.isFinite(naiveScale)) {
            maseSum += seriesAbsErr / seriesCount / naiveScale;
            maseSeries++;
        }
        seriesAbsErr = 0;
        seriesCount = 0;
    }

    public double wape() {
        return absActual > 0 ? absErr / absActual : Double.NaN;
    }

    public double mase() {
        return maseSeries > 0 ? maseSum / maseSeries : Double.NaN;
    }

    /** In-sample seasonal-naive MAE of units[0 .. end) with season m (1 = naive). */
    public static double naiveScale(double[] units, int end, int m) {
        double sum = 0;
        int n = 0;
        for (int t = m; t < end; t++) {
            sum += Math.abs(units[t] - units[t - m]);
            n++;
        }
        return n > 0 ? sum / n : Double.NaN;
    }
}
