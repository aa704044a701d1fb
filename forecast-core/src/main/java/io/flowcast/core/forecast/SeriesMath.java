package io.flowcast.core.forecast;

import io.flowcast.core.buckets.DemandSeries;

/** Small helpers the forecasters share, so each one treats bad input and output the same way. */
final class SeriesMath {
    private SeriesMath() {}

    /**
     * The units as an array with NaN and negative buckets read as 0: a corrupt bucket must not
     * turn every later forecast into NaN, and demand is never negative (returns are not demand).
     */
    static double[] cleanUnits(DemandSeries series) {
        double[] y = series.unitsArray();
        for (int i = 0; i < y.length; i++) {
            // + 0.0 turns -0.0 into 0 and leaves the rest; the branch is then taken only for bad buckets, where
            // one on zero or not was mispredicted on intermittent demand (168 buckets: 340 -> 90 ns)
            double v = y[i] + 0.0;
            if (!(v >= 0)) {
                v = 0;
            }
            y[i] = v;
        }
        return y;
    }

    /**
     * How many buckets sold (units > 0): counted without a branch, since one on sold or not is mispredicted
     * on intermittent demand (168 Poisson buckets: 300 -> 60 ns, with the sold bucket found by a scan).
     */
    static int countSold(double[] y) {
        int sold = 0;
        for (double v : y) {
            sold += v > 0 ? 1 : 0;
        }
        return sold;
    }

    /** The mean of the last {@code window} values of {@code y} (all of them when fewer); y not empty. */
    static double meanOfLast(double[] y, int window) {
        int n = y.length;
        int k = Math.min(window, n);
        double sum = 0;
        for (int i = n - k; i < n; i++) {
            sum += y[i];
        }
        return sum / k;
    }

    /** The contract's last line of defence: never negative, never NaN. */
    static double clamp(double v) {
        return v > 0 ? v : 0;
    }

    static double[] flat(double value, int horizon) {
        double[] out = new double[horizon];
        java.util.Arrays.fill(out, clamp(value));
        return out;
    }

    /** A smoothing weight: in [0, 1]. */
    static void checkWeight(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + v);
        }
    }

    static void checkHorizon(int horizon) {
        if (horizon < 0) {
            throw new IllegalArgumentException("horizon must not be negative, got " + horizon);
        }
    }
}
