package io.flowcast.core.features;

import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.calendar.HolidayCalendar;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one feature code for train and serve: turns a product's closed bucket into the LSTM input
 * for that step. Stateless and thread-safe; the running statistics live in {@link FeatureState}.
 *
 * <p>Features, in {@link FeatureSpec#featureNames} order: scaled demand ({@code max(units,0) / scale}
 * with {@code scale = 1 + mean units of all buckets so far, this one included}), hour of day as
 * sin/cos (buckets shorter than a day only), day of week (UTC, Monday = 0) as sin/cos, price relative to
 * the product's usual price (running mean of bucket mean prices, this one included; 1.0 when the
 * bucket had no sale), the promotion flag (1 if any order line was on promotion), and (features-v2)
 * ln(scale), so the shared weights can tell a fast mover from a slow one. Which of them depends on
 * the model's feature set: a job serving a v1 model encodes v1 inputs for it. features-v3 adds the
 * selling-day share (buckets with a priced sale / buckets so far: {@link FeatureState} already
 * counts both, so the job's state is unchanged) and a public-holiday flag for the bucket's UTC day.
 * Negative units (returns in the online-retail data) count as 0: the net forecasts demand.
 */
public final class FeatureEncoder {
    static final long DAY_MILLIS = 86_400_000L;
    private static final double TWO_PI = 2 * Math.PI;

    private final FeatureSpec spec;
    private final boolean hourOfDay;
    private final boolean logScale;
    private final boolean sellingShare;
    /** Null unless the spec has the holiday input. */
    private final HolidayCalendar holidays;
    /** Calendars by name: building one walks every day 1970-2199, and backtests build encoders per call. */
    private static final Map<String, HolidayCalendar> CALENDARS = new ConcurrentHashMap<>();

    public FeatureEncoder(FeatureSpec spec) {
        this.spec = spec;
        this.hourOfDay = FeatureSpec.hasHourOfDay(spec.bucketSizeMillis);
        this.logScale = spec.featureNames != null && spec.featureNames.contains(FeatureSpec.LOG_SCALE);
        this.sellingShare = spec.featureNames != null && spec.featureNames.contains(FeatureSpec.SELLING_SHARE);
        this.holidays = spec.featureNames != null && spec.featureNames.contains(FeatureSpec.HOLIDAY)
                ? CALENDARS.computeIfAbsent(spec.holidays, HolidayCalendar::parse)
                : null;
    }

    public FeatureSpec spec() {
        return spec;
    }

    public int nIn() {
        return spec.nIn;
    }

    /** A network output (scaled demand) back in units, never negative: the inverse of the demand feature. */
    public static double toUnits(float output, double scale) {
        return Math.max(0.0, output * scale);
    }

    /**
     * Advances {@code state} by one closed bucket and writes that step's input into {@code x}
     * (length nIn). Allocation-free. Returns the scale to multiply the network's outputs by.
     *
     * @param meanPrice revenue per unit in the bucket, NaN (or not positive) when nothing sold
     */
    public double step(FeatureState state, long bucketStart, double units, double meanPrice, boolean promotion,
            float[] x) {
        double u = units > 0 ? units : 0;
        boolean priced = observe(state, bucketStart, units, meanPrice);
        double scale = state.scale();
        int k = 0;
        x[k++] = (float) (u / scale);
        if (hourOfDay) {
            double hod = (double) Math.floorMod(bucketStart, DAY_MILLIS) / DAY_MILLIS;
            x[k++] = (float) Math.sin(TWO_PI * hod);
            x[k++] = (float) Math.cos(TWO_PI * hod);
        }
        // epoch day 0 (1970-01-01) was a Thursday: +3 makes Monday 0
        long dow = Math.floorMod(Math.floorDiv(bucketStart, DAY_MILLIS) + 3, 7L);
        x[k++] = (float) Math.sin(TWO_PI * dow / 7.0);
        x[k++] = (float) Math.cos(TWO_PI * dow / 7.0);
        x[k++] = priced ? (float) (meanPrice / state.usualPrice()) : 1.0f;
        x[k++] = promotion ? 1.0f : 0.0f;
        if (logScale) {
            x[k++] = (float) Math.log(scale);
        }
        if (sellingShare) {
            x[k++] = (float) ((double) state.pricedBuckets / state.buckets);
        }
        if (holidays != null) {
            x[k] = holidays.isHoliday(bucketStart) ? 1.0f : 0.0f;
        }
        return scale;
    }

    /**
     * Advances only {@code state}'s statistics by bucket {@code i} of a series, as {@link #step} does,
     * without the step's input: all a close needs while no model is served (the input's sines,
     * cosines and holiday lookup would be thrown away).
     */
    public void observe(FeatureState state, DemandSeries series, int i) {
        observe(state, series.bucketStart(i), series.units(i), series.meanPrice(i));
    }

    /** Returns whether the bucket was priced (sold, with a usable mean price). */
    private static boolean observe(FeatureState state, long bucketStart, double units, double meanPrice) {
        state.buckets++;
        state.unitsSum += units > 0 ? units : 0;
        boolean priced = meanPrice > 0 && units > 0 && Double.isFinite(meanPrice);
        if (priced) {
            state.priceSum += meanPrice;
            state.pricedBuckets++;
        }
        state.lastBucketStart = bucketStart;
        return priced;
    }

    /** {@link #step} for bucket {@code i} of a series (e.g. a job's {@code BucketHistory}). */
    public double step(FeatureState state, DemandSeries series, int i, float[] x) {
        return step(state, series.bucketStart(i), series.units(i), series.meanPrice(i), series.promotion(i), x);
    }

    /**
     * The state as it was just before bucket {@code from} of {@code series}, given {@code current}
     * has already stepped through the end of the series. The job calls this to re-warm the LSTM over
     * its ring buffer after a model swap or restart without losing the long-run statistics.
     */
    public FeatureState rewind(FeatureState current, DemandSeries series, int from) {
        FeatureState s = current.copy();
        for (int i = series.length() - 1; i >= from; i--) {
            double units = series.units(i);
            double price = series.meanPrice(i);
            s.buckets--;
            s.unitsSum -= units > 0 ? units : 0;
            if (price > 0 && units > 0 && Double.isFinite(price)) {
                s.priceSum -= price;
                s.pricedBuckets--;
            }
        }
        if (s.buckets < 0 || s.pricedBuckets < 0) {
            throw new IllegalArgumentException("state has seen fewer buckets than the series holds");
        }
        // exact zero instead of rounding residue when rewinding to the very start
        if (s.buckets == 0) {
            s.unitsSum = 0;
        }
        if (s.pricedBuckets == 0) {
            s.priceSum = 0;
        }
        s.lastBucketStart = from > 0 ? series.bucketStart(from - 1) : Long.MIN_VALUE;
        return s;
    }

    /**
     * Inputs and scales for a whole series from a fresh state: {@code x[t]} is step t's input,
     * {@code scales[t]} its scale. What the trainer feeds the network.
     */
    public Encoded encodeSeries(DemandSeries series) {
        int n = series.length();
        Encoded e = new Encoded(n, spec.nIn);
        FeatureState state = new FeatureState();
        for (int t = 0; t < n; t++) {
            e.scales[t] = step(state, series, t, e.x[t]);
        }
        return e;
    }

    /** A series' inputs and scales, oldest first. */
    public static final class Encoded {
        public final float[][] x;
        public final double[] scales;

        Encoded(int n, int nIn) {
            x = new float[n][nIn];
            scales = new double[n];
        }
    }
}
