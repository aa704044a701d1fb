package io.flowcast.core.forecast;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.buckets.DemandSeries;
import java.util.List;

/**
 * Picks one statistical forecaster per product from its history (Syntetos-Boylan classification):
 * <ol>
 *   <li>ADI >= 1.32 (intermittent or lumpy, or never sold): TSB;</li>
 *   <li>else at least two seasons of history: Holt-Winters ({@link ExponentialSmoothingForecaster});</li>
 *   <li>else at least one season: seasonal naive;</li>
 *   <li>else: moving average over the whole short history (window = one season).</li>
 * </ol>
 * Sub-daily buckets (a daily cycle, e.g. 24 one-hour buckets) take {@link RobustSeasonalForecaster}
 * for steps 2 and 3 instead, once they have a season of history: single wholesale lines and a cycle
 * from a third to nearly twice the mean are what hourly demand looks like, and it measured better
 * there (hourly step-1 WAPE 0.753 against Holt-Winters 0.935 and TSB 0.856, docs/alerts.md).
 * With no season (period 0) steps 2 and 3 become one: damped Holt once there are
 * {@link #NO_SEASON_MIN_HISTORY} buckets, else the moving average. Stateless and thread-safe; the
 * forecasters are built once and shared.
 */
public final class ForecasterSelector {
    /** Moving-average window when the bucket size has no season. */
    public static final int DEFAULT_WINDOW = 7;
    /** History a trend needs before Holt beats a moving average when there is no season. */
    public static final int NO_SEASON_MIN_HISTORY = 2 * DEFAULT_WINDOW;

    private final int period;
    private final CrostonTsbForecaster tsb;
    private final ExponentialSmoothingForecaster smoothing;
    private final SeasonalNaiveForecaster seasonalNaive;
    private final MovingAverageForecaster movingAverage;
    /** For sub-daily buckets, else null. */
    private final RobustSeasonalForecaster robustSeasonal;

    /** {@code period} is the season in buckets, usually {@link BucketSize#seasonPeriod()}; 0 for none. */
    public ForecasterSelector(int period) {
        this(period, false);
    }

    /** With {@code dailyCycle} the season is a day of sub-daily buckets and {@link RobustSeasonalForecaster} models it. */
    public ForecasterSelector(int period, boolean dailyCycle) {
        if (period < 0) {
            throw new IllegalArgumentException("period must not be negative, got " + period);
        }
        this.period = period;
        this.tsb = new CrostonTsbForecaster();
        this.smoothing = new ExponentialSmoothingForecaster(period);
        this.seasonalNaive = new SeasonalNaiveForecaster(period);
        this.movingAverage = new MovingAverageForecaster(period > 0 ? period : DEFAULT_WINDOW);
        this.robustSeasonal = dailyCycle && period > 0 ? new RobustSeasonalForecaster(period) : null;
    }

    public static ForecasterSelector forBuckets(BucketSize size) {
        return new ForecasterSelector(size.seasonPeriod(), hasDailyCycle(size));
    }

    /** True for buckets shorter than a day that divide it: their season is the day. */
    public static boolean hasDailyCycle(BucketSize size) {
        return size.seasonPeriod() > 0 && size.millis() < 86_400_000L;
    }

    public int period() {
        return period;
    }

    /** The forecaster for this product's history; reads the history once. */
    public Forecaster choose(DemandSeries series) {
        double[] y = CleanSeries.cleanUnits(series); // clean or raw: sold (> 0) or not is the same
        if (Intermittency.isIntermittent(y)) {
            return tsb;
        }
        int n = y.length;
        if (period == 0) {
            return n >= NO_SEASON_MIN_HISTORY ? smoothing : movingAverage;
        }
        if (robustSeasonal != null && n >= period) {
            return robustSeasonal;
        }
        if (n >= 2 * period) {
            return smoothing;
        }
        if (n >= period) {
            return seasonalNaive;
        }
        return movingAverage;
    }

    /** All of them, in a fixed order, for backtests that run them side by side. */
    public List<Forecaster> baselines() {
        return robustSeasonal == null ? List.of(seasonalNaive, movingAverage, smoothing, tsb)
                : List.of(seasonalNaive, movingAverage, smoothing, tsb, robustSeasonal);
    }

    /** The rule as a forecaster named {@code auto}; the job should call {@link #choose} to record the real name. */
    public Forecaster asForecaster() {
        return new Forecaster() {
            @Override
            public String name() {
                return Forecasters.AUTO;
            }

            @Override
            public double[] forecast(DemandSeries series, int horizon) {
                return choose(series).forecast(series, horizon);
            }

            @Override
            public String toString() {
                return Forecasters.AUTO + "(" + period + ")";
            }
        };
    }
}
