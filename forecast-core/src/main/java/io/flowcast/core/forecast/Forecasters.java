package io.flowcast.core.forecast;

import io.flowcast.core.buckets.BucketSize;
import java.util.List;
import java.util.Locale;

/** Builds a statistical forecaster from its {@link Forecaster#name()}, so CLI flags and configs can name one. */
public final class Forecasters {
    /** The selector rule ({@link ForecasterSelector}) as one forecaster. */
    public static final String AUTO = "auto";

    private Forecasters() {}

    /** Every name {@link #byName} accepts, for help texts and validation. */
    public static List<String> names() {
        return List.of(SeasonalNaiveForecaster.NAME, MovingAverageForecaster.NAME,
                ExponentialSmoothingForecaster.NAME, CrostonTsbForecaster.NAME, RobustSeasonalForecaster.NAME, MedianForecaster.NAME, MedianForecaster.SEASONAL_NAME, AUTO);
    }

    /**
     * The forecaster called {@code name} (case-insensitive) with the defaults for this bucket size:
     * the season is {@link BucketSize#seasonPeriod()}, the moving-average window one season (7 if none).
     */
    public static Forecaster byName(String name, BucketSize size) {
        int period = size.seasonPeriod();
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case SeasonalNaiveForecaster.NAME:
                return new SeasonalNaiveForecaster(period);
            case MovingAverageForecaster.NAME:
                return new MovingAverageForecaster(period > 0 ? period : ForecasterSelector.DEFAULT_WINDOW);
            case ExponentialSmoothingForecaster.NAME:
                return new ExponentialSmoothingForecaster(period);
            case CrostonTsbForecaster.NAME:
                return new CrostonTsbForecaster();
            case RobustSeasonalForecaster.NAME:
                return new RobustSeasonalForecaster(Math.max(1, period)); // period 1: no season, a robust level
            case MedianForecaster.NAME:
                return new MedianForecaster(4 * (period > 0 ? period : ForecasterSelector.DEFAULT_WINDOW), 1);
            case MedianForecaster.SEASONAL_NAME:
                return new MedianForecaster(12, Math.max(1, period));
            case AUTO:
                return ForecasterSelector.forBuckets(size).asForecaster();
            default:
                throw new IllegalArgumentException("unknown forecaster '" + name + "', use one of " + names());
        }
    }
}
