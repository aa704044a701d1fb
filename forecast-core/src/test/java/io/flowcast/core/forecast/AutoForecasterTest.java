package io.flowcast.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.calendar.ClosedDays;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoForecasterTest {
    private static final BucketSize DAILY = BucketSize.parse("1d");
    private static final long DAY = DAILY.millis();
    /** 2011-06-06, a Monday. */
    private static final long MONDAY = 15_131 * DAY;

    /** A forecaster that always says {@code value}. */
    private record Constant(String name, double value, boolean forecastsMedian) implements Forecaster {
        @Override
        public double[] forecast(DemandSeries series, int horizon) {
            double[] out = new double[horizon];
            Arrays.fill(out, value);
            return out;
        }
    }

    /** Closes {@code buckets} daily buckets selling 6 each, scoring and forecasting as the job does. */
    private static AutoForecaster.Result replay(AutoForecaster auto, SelectorState st, int buckets) {
        double[] y = new double[buckets];
        AutoForecaster.Result r = null;
        for (int i = 0; i < buckets; i++) {
            y[i] = 6;
            auto.recordActual(st, MONDAY + i * DAY, 6, false);
            r = auto.forecast(st, ArraySeries.of(DAILY, MONDAY, Arrays.copyOf(y, i + 1)), ClosedDays.never(), null);
        }
        return r;
    }

    /** The pool before robust-seasonal joined the point: every candidate that does not forecast a median. */
    private static final AutoForecaster.Weighting MEANS_ONLY =
            new AutoForecaster.Weighting(AutoForecaster.DECAY, 0, f -> !f.forecastsMedian());

    private static AutoForecaster fourCandidates(boolean combine) {
        return fourCandidates(combine, MEANS_ONLY);
    }

    private static AutoForecaster fourCandidates(boolean combine, AutoForecaster.Weighting weighting) {
        // against actuals of 6: errors -4, 2, 1, -2; squared 16, 4, 1, 4; absolute 4, 2, 1, 2
        return new AutoForecaster(List.of(new Constant("a", 10, false), new Constant("b", 4, false),
                new Constant("c", 5, true), new Constant("d", 8, true)), ForecasterSelector.forBuckets(DAILY), 1, combine,
                weighting);
    }

    @Test
    void shouldPoolTheSeasonalMeansAndTheTsbsForThePointByDefault() {
        // a, b: other mean forecasters (as the flat means, Holt-Winters), c: a median-kind one (as robust-seasonal),
        // all out of the default point's pool; on a flat 6 the seasonal mean and TSB forecast 6 exactly
        AutoForecaster auto = new AutoForecaster(List.of(new Constant("a", 10, false), new Constant("b", 4, false),
                new Constant("c", 5, true), new SeasonalMeanForecaster(7, 28), new CrostonTsbForecaster()),
                ForecasterSelector.forBuckets(DAILY), 1, true);
        SelectorState st = auto.newState();
        AutoForecaster.Result r = replay(auto, st, 40);
        assertThat(st.mse(3)).isCloseTo(0, within(1e-12));
        // a, b, c are scored (squared errors 16, 4, 1) but out of the pool: the exact pair takes all the weight
        assertThat(st.mse(0)).isCloseTo(16, within(1e-9));
        assertThat(r.point()[0]).isCloseTo(6.0, within(1e-9));
        assertThat(r.name()).isIn(SeasonalMeanForecaster.NAME, CrostonTsbForecaster.NAME);
        // the p50 from c alone, the only median-kind candidate
        assertThat(r.p50()[0]).isCloseTo(5.0, within(1e-9));
        assertThat(AutoForecaster.candidatesFor(DAILY).stream().filter(AutoForecaster.Weighting.DEFAULT.point()))
                .extracting(Forecaster::toString)
                .containsExactly("tsb(alpha=0.1, beta=0.1)", "tsb(alpha=0.05, beta=0.05)", "seasonal-mean(7 x 28)",
                        "seasonal-mean(7 x 56)", "seasonal-mean(7 x 84)", "seasonal-mean(7 x 168)");
    }

    @Test
    void shouldShrinkTheWeightsTowardsEqualOnes() {
        // shrink 0.5: weights 0.5 * (0.2, 0.8) + 0.5 * (0.5, 0.5) = (0.35, 0.65): 0.35 * 10 + 0.65 * 4 = 6.1
        AutoForecaster auto = fourCandidates(true, new AutoForecaster.Weighting(AutoForecaster.DECAY, 0.5, f -> !f.forecastsMedian()));
        assertThat(replay(auto, auto.newState(), 40).point()[0]).isCloseTo(6.1, within(1e-9));
    }

    @Test
    void shouldCombineByInverseSquaredErrorAndTakeTheP50FromTheMedianCandidatesByInverseAbsoluteError() {
        AutoForecaster auto = fourCandidates(true);
        SelectorState st = auto.newState();
        AutoForecaster.Result r = replay(auto, st, 40);
        assertThat(st.mse(0)).isCloseTo(16, within(1e-9));
        assertThat(st.mse(1)).isCloseTo(4, within(1e-9));
        assertThat(st.mae(2)).isCloseTo(1, within(1e-9));
        // point (the mean) from the mean candidates a and b, weights 1/16 and 1/4: (10/16 + 4/4) / 0.3125 = 5.2
        assertThat(r.point()[0]).isCloseTo(5.2, within(1e-9));
        // p50 from the median candidates c and d, weights 1/1 and 1/2: (5 + 8 / 2) / 1.5 = 6
        assertThat(r.p50()[0]).isCloseTo(6.0, within(1e-9));
        assertThat(r.name()).isEqualTo("b");
    }

    @Test
    void shouldServeTheCandidateWithTheLowestSquaredErrorWhenSelecting() {
        AutoForecaster auto = fourCandidates(false);
        AutoForecaster.Result r = replay(auto, auto.newState(), 40);
        assertThat(r.name()).isEqualTo("b"); // the lower squared error of the two mean candidates
        assertThat(r.point()).containsExactly(4);
    }

    @Test
    void shouldFollowTheRuleUntilCandidatesHaveEnoughErrors() {
        AutoForecaster auto = fourCandidates(true);
        SelectorState st = auto.newState();
        // 10 buckets: 9 errors per candidate, fewer than MIN_ERRORS: the Syntetos-Boylan rule serves
        // (steady demand, one season but not two of history: seasonal naive)
        AutoForecaster.Result r = replay(auto, st, 10);
        assertThat(st.count[0]).isLessThan(AutoForecaster.MIN_ERRORS);
        assertThat(r.name()).isEqualTo(SeasonalNaiveForecaster.NAME);
        assertThat(r.p50()).isNull();
    }

    @Test
    void shouldDecayOldErrorsSoARecentlyBetterCandidateWins() {
        AutoForecaster auto = new AutoForecaster(List.of(new Constant("ten", 10, false), new Constant("two", 2, false)),
                ForecasterSelector.forBuckets(DAILY), 1, false, MEANS_ONLY);
        SelectorState st = auto.newState();
        double[] y = new double[200];
        AutoForecaster.Result r = null;
        for (int i = 0; i < y.length; i++) {
            y[i] = i < 100 ? 10 : 2; // demand drops from 10 to 2 after 100 days
            auto.recordActual(st, MONDAY + i * DAY, y[i], false);
            r = auto.forecast(st, ArraySeries.of(DAILY, MONDAY, Arrays.copyOf(y, i + 1)), ClosedDays.never(), null);
            if (i == 99) {
                assertThat(r.name()).isEqualTo("ten");
            }
        }
        // 100 days after the drop, "ten" keeps a weight of about (1 - 1/28)^100 = 2.6% of its old errors
        assertThat(r.name()).isEqualTo("two");
    }

    @Test
    void shouldNotScoreClosedDays() {
        AutoForecaster auto = fourCandidates(true);
        SelectorState st = auto.newState();
        replay(auto, st, 20);
        double before = st.sumSquares[0] / st.count[0];
        auto.recordActual(st, MONDAY + 20 * DAY, 1000, true); // a closed day: decays, adds nothing
        assertThat(st.sumSquares[0] / st.count[0]).isCloseTo(before, within(1e-9));
    }

    @Test
    void shouldLetTheOutsideModelEarnItsWeight() {
        AutoForecaster auto = new AutoForecaster(List.of(new Constant("a", 10, false)),
                ForecasterSelector.forBuckets(DAILY), 1, false, MEANS_ONLY);
        SelectorState st = auto.newState();
        double[] y = new double[40];
        AutoForecaster.Result r = null;
        for (int i = 0; i < y.length; i++) {
            y[i] = 6;
            auto.recordActual(st, MONDAY + i * DAY, 6, false);
            r = auto.forecast(st, ArraySeries.of(DAILY, MONDAY, Arrays.copyOf(y, i + 1)), ClosedDays.never(), new double[] {6.5});
        }
        assertThat(r.name()).isEqualTo(AutoForecaster.EXTRA);
        assertThat(r.point()).containsExactly(6.5);
    }
    @Test
    void shouldServeADailyCycleOnHourlyBucketsInsteadOfFlatteningIt() {
        BucketSize hourly = BucketSize.parse("1h");
        AutoForecaster auto = AutoForecaster.forBuckets(hourly, 24, true);
        SelectorState st = auto.newState();
        long start = MONDAY;
        double[] y = new double[24 * 14];
        AutoForecaster.Result r = null;
        for (int i = 0; i < y.length; i++) {
            int hour = i % 24;
            y[i] = 10 + 8 * Math.sin(2 * Math.PI * (hour - 6) / 24) + (i % 3); // 2 at night to 18 at noon, a little noise
            auto.recordActual(st, start + i * hourly.millis(), y[i], false);
            r = auto.forecast(st, ArraySeries.of(hourly, start, Arrays.copyOf(y, i + 1)), ClosedDays.never(), null);
        }
        // the history ends at 23:00: step 1 is midnight (about 2), step 13 noon (about 18)
        assertThat(r.name()).isEqualTo(RobustSeasonalForecaster.NAME);
        assertThat(r.point()[12] - r.point()[0]).isGreaterThan(10);
    }

    @Test
    void shouldRunOnlyTheCandidatesAPoolCanWeight() {
        // hourly: robust-seasonal and the TSBs for the point, the medians (and robust-seasonal) for the p50
        assertThat(slotNames(AutoForecaster.forBuckets(BucketSize.parse("1h"), 24, true)))
                .containsExactly(CrostonTsbForecaster.NAME, RobustSeasonalForecaster.NAME, MedianForecaster.NAME,
                        MedianForecaster.SEASONAL_NAME, CrostonTsbForecaster.NAME, AutoForecaster.EXTRA);
        // daily: the seasonal means and the TSBs for the point; seasonal naive, moving average, Holt-Winters are in no pool
        assertThat(slotNames(AutoForecaster.forBuckets(DAILY, 7, true)))
                .doesNotContain(SeasonalNaiveForecaster.NAME, MovingAverageForecaster.NAME, ExponentialSmoothingForecaster.NAME)
                .contains(SeasonalMeanForecaster.NAME, CrostonTsbForecaster.NAME, RobustSeasonalForecaster.NAME)
                .hasSize(10);
        assertThat(AutoForecaster.candidatesFor(DAILY)).hasSize(12); // every candidate, for eval/AutoVariants.java
    }

    private static List<String> slotNames(AutoForecaster auto) {
        return java.util.stream.IntStream.range(0, auto.slots()).mapToObj(auto::slotName).toList();
    }
}
