package io.flowcast.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.alerts.CountTail;
import io.flowcast.core.alerts.Cusum;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.Alert.Kind;
import io.flowcast.core.events.Alert.Status;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The alert rules on a product's own forecasts, in its state: lifecycle, corrections, forgetting. */
class ProductAlertsTest {
    private static final long HOUR = 3_600_000L;
    private static final long BEGINNING = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    /** Point 10, 80% interval 6-14: the spike threshold with margin 1 is 14 + 8 = 22. */
    private static final double POINT = 10;
    private static final double P10 = 6;
    private static final double P90 = 14;
    /** Margin 1, alpha 1e-3, CUSUM h 6 / k 0.5, cool-down 3, min volume 5, history 4. */
    private static final AlertRules RULES = new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 5.0, 4, 1.5, 0);

    private ProductAlerts productAlerts;
    /** Each product's state, as the keyed operator keeps it. */
    private final Map<String, ProductState> states = new HashMap<>();
    private final List<Alert> out = new ArrayList<>();

    private void start(AlertRules rules) {
        productAlerts = new ProductAlerts(rules);
    }

    private void judge(Forecast f) {
        out.addAll(productAlerts.judge(states.computeIfAbsent(f.productId, k -> new ProductState()), f, 0));
    }

    /** Products whose alert state is kept. */
    private long watched() {
        return states.values().stream().filter(st -> st.alerts != null).count();
    }

    /** The forecast made when bucket {@code i} closed with {@code actual}; it expects point [p10, p90] for bucket i + 1. */
    private static Forecast forecast(String product, int i, double actual, double point, double p10, double p90, int revision) {
        Forecast f = new Forecast();
        f.productId = product;
        f.bucketStart = BEGINNING + i * HOUR;
        f.bucketSizeMillis = HOUR;
        f.actual = actual;
        f.steps = new ForecastStep[] {new ForecastStep(1, f.bucketStart + HOUR, point, p10, point, p90)};
        f.forecaster = "moving-average";
        f.modelVersion = "baseline";
        f.revision = revision;
        return f;
    }

    /** Feeds buckets from..from+n-1 with these actuals, each forecast expecting POINT [P10, P90] next. */
    private void feed(String product, int from, double... actuals) {
        for (int i = 0; i < actuals.length; i++) {
            Forecast f = forecast(product, from + i, actuals[i], POINT, P10, P90, 0);
            judge(f);
        }
    }

    private List<Alert> alerts() {
        return out;
    }

    private static String brief(Alert a) {
        return a.status + " " + a.kind + " @" + (a.bucketStart - BEGINNING) / HOUR;
    }

    @Test
    void shouldOpenASpikeInItsBucketAndResolveItWithTheSameId() {
        start(RULES);
        feed("A", 0, 10, 10, 40, 11);

        List<Alert> out = alerts();
        assertThat(out).extracting(ProductAlertsTest::brief).containsExactly("OPEN SPIKE @2", "RESOLVED SPIKE @3");
        Alert open = out.get(0);
        assertThat(open.productId).isEqualTo("A");
        assertThat(open.actual).isEqualTo(40);
        assertThat(open.expected).isEqualTo(POINT);
        assertThat(open.intervalLow).isEqualTo(P10);
        assertThat(open.intervalHigh).isEqualTo(P90);
        // the tail is taken at p90: P(X >= 40 | Poisson 14) = 1.08e-8, below alpha / 1000
        assertThat(open.severity).isEqualTo(Alert.Severity.CRITICAL);
        assertThat(open.tailProbability).isCloseTo(1.0768472254605318e-8, org.assertj.core.api.Assertions.within(1e-14));
        assertThat(open.modelVersion).isEqualTo("baseline");
        assertThat(open.reason).contains("sold 40").contains("expected 10").contains("threshold 22");
        assertThat(out.get(1).alertId).isEqualTo(open.alertId).isEqualTo("A:SPIKE:" + (BEGINNING + 2 * HOUR));
    }

    @Test
    void shouldNotCallTheThresholdItselfASpike() {
        start(RULES);
        feed("A", 0, 10, 10, 22); // at the margin threshold 22 (and P(X >= 22 | Poisson 14 at p90) = 0.029)
        feed("B", 0, 10, 10, 30); // above it, and P(X >= 30 | Poisson 14) = 1.4e-4 is below alpha
        assertThat(alerts()).extracting(a -> a.productId + " " + brief(a)).containsExactly("B OPEN SPIKE @2");
    }

    @Test
    void shouldUpdateAnOpenAlertWhileItLasts() {
        start(RULES);
        // three spike buckets in a row do not also open a shift: spike buckets stay out of the CUSUM
        feed("A", 0, 10, 10, 40, 45, 30, 10);

        assertThat(alerts()).extracting(ProductAlertsTest::brief).containsExactly(
                "OPEN SPIKE @2", "UPDATE SPIKE @3", "UPDATE SPIKE @4", "RESOLVED SPIKE @5");
        assertThat(alerts()).extracting(a -> a.alertId).containsOnly("A:SPIKE:" + (BEGINNING + 2 * HOUR));
    }

    @Test
    void shouldNotReopenTheSameKindDuringTheCooldown() {
        start(RULES);
        // resolved at 3; cool-down 3 buckets (4, 5, 6): the spike at 4 is swallowed, the one at 7 opens
        feed("A", 0, 10, 10, 40, 10, 40, 10, 10, 40);

        assertThat(alerts()).extracting(ProductAlertsTest::brief).containsExactly(
                "OPEN SPIKE @2", "RESOLVED SPIKE @3", "OPEN SPIKE @7");
    }

    @Test
    void shouldNotOpenBelowTheMinimumVolume() {
        start(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 50.0, 4, 1.5, 0));
        feed("A", 0, 10, 10, 40, 10);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldFindASustainedShiftThatNoSingleBucketShows() {
        start(RULES);
        // sigma from the interval: (14 - 6) / 2.563 = 3.12; actual 15 is z = 1.6 each bucket, far below the spike
        // threshold 22; S+ grows by 1.1 a bucket and passes 6 on the 6th judged bucket (bucket 6): 6.61, then 7.71;
        // back on forecast it loses the slack 0.5 a bucket: 7.21, 6.71, 6.21, 5.71 (not above 6: resolved at 11)
        feed("A", 0, 10, 15, 15, 15, 15, 15, 15, 15, 10, 10, 10, 10);

        List<Alert> out = alerts();
        assertThat(out).extracting(ProductAlertsTest::brief).containsExactly("OPEN SHIFT_UP @6", "UPDATE SHIFT_UP @7",
                "UPDATE SHIFT_UP @8", "UPDATE SHIFT_UP @9", "UPDATE SHIFT_UP @10", "RESOLVED SHIFT_UP @11");
        assertThat(out.get(0).reason).contains("above the forecast for 6 buckets");
        assertThat(out).extracting(a -> a.kind).doesNotContain(Kind.SPIKE);
    }

    @Test
    void shouldFindASustainedShiftDown() {
        start(RULES);
        feed("A", 0, 10, 5, 5, 5, 5, 5, 5);
        assertThat(alerts()).extracting(ProductAlertsTest::brief).containsExactly("OPEN SHIFT_DOWN @6");
        assertThat(alerts().get(0).tailProbability).isNull();
    }

    /** Intermittent product P: a forecast per bucket with its line counts, expecting {@code expectedLines} next. */
    private void feedLines(int from, int[] lines, double unitsPerLine, double point, double p10, double p90,
                           double expectedLines) {
        for (int i = 0; i < lines.length; i++) {
            Forecast f = forecast("P", from + i, lines[i] * unitsPerLine, point, p10, p90, 0);
            f.actualOrders = lines[i];
            f.expectedOrders = expectedLines;
            judge(f);
        }
    }

    @Test
    void shouldNotLetTheSkewOfIntermittentDemandPushAShiftOpen() {
        start(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 1.0, 24, 1.5, 0));
        // one line of 12 units every 10 buckets, forecast 1.2 [0, 3] and 0.1 lines: right on average
        int[] lines = new int[120];
        for (int i = 9; i < lines.length; i += 10) {
            lines[i] = 1;
        }
        feedLines(0, lines, 12, 1.2, 0, 3, 0.1);

        // Poisson CUSUM down: a zero adds 0.1 / 2 = 0.05, a line takes ln 2 - 0.05 = 0.64 off: it never builds up
        assertThat(alerts()).extracting(a -> a.kind).doesNotContain(Kind.SHIFT_DOWN, Kind.SHIFT_UP);
        // the z-score CUSUM would have opened one: zeros are z = -1.02, the sale's z = 9.2 is clipped to 3
        double s = 0;
        for (int i = 1; i < lines.length; i++) {
            s = Cusum.down(s, Cusum.standardise(lines[i] * 12, 1.2, 0, 3), 0.5);
        }
        assertThat(s).isGreaterThan(6.0);
    }

    @Test
    void shouldFindAnIntermittentProductThatStoppedSellingWithAPoissonCusum() {
        start(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 1.0, 24, 1.5, 0));
        // two lines every other bucket, 1 line expected a bucket: intermittent (ADI 2), on forecast
        int[] selling = new int[24];
        for (int i = 1; i < selling.length; i += 2) {
            selling[i] = 2;
        }
        feedLines(0, selling, 3, 3, 0, 8, 1.0);
        assertThat(alerts()).isEmpty();

        // then nothing: each zero adds 1 / 2 towards a halving; ln(1 / 1e-3) = 6.91 is passed at the 14th (7.0)
        feedLines(24, new int[14], 3, 3, 0, 8, 1.0);

        List<Alert> out = alerts();
        assertThat(out).extracting(ProductAlertsTest::brief).containsExactly("OPEN SHIFT_DOWN @37");
        assertThat(out.get(0).reason).contains("below the forecast for 14 buckets")
                .contains("Poisson CUSUM on order lines for half the rate: log-likelihood ratio 7.0 > 6.9");
    }

    @Test
    void shouldOpenADropWhenAProductThatAlwaysSoldSellsNothing() {
        start(RULES);
        // point 20 [15, 25]: P(0 | 15, taken at p10) = e^-15 = 3e-7; history of 4 selling buckets
        for (int i = 0; i < 5; i++) {
            judge(forecast("A", i, 20, 20, 15, 25, 0));
        }
        for (int i = 5; i < 8; i++) {
            judge(forecast("A", i, i < 7 ? 0 : 19, 20, 15, 25, 0));
        }

        List<Alert> out = alerts();
        assertThat(out).extracting(ProductAlertsTest::brief).containsExactly(
                "OPEN DROP @5", "UPDATE DROP @6", "RESOLVED DROP @7");
        assertThat(out.get(0).tailProbability).isCloseTo(Math.exp(-15), org.assertj.core.api.Assertions.within(1e-15));
        assertThat(out.get(0).reason).contains("sold nothing");
    }

    @Test
    void shouldNotCallAZeroADropForAProductThatOftenSellsNothing() {
        start(RULES);
        for (int i = 0; i < 5; i++) {
            judge(forecast("A", i, i == 2 ? 0 : 20, 20, 15, 25, 0));
        }
        judge(forecast("A", 5, 0, 20, 15, 25, 0));
        assertThat(alerts()).extracting(a -> a.kind).doesNotContain(Kind.DROP);
    }

    @Test
    void shouldJudgeAnIntermittentProductByItsCountTailNotTheMargin() {
        start(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 1.0, 4, 1.5, 0));
        // sells 2 units once in four buckets, forecast 0.2 [0, 1]: margin threshold 1 + 1 x 1 = 2
        double[] history = {0, 0, 2, 0};
        for (int i = 0; i < history.length; i++) {
            judge(forecast("S", i, history[i], 0.2, 0, 1, 0));
        }
        // bucket 0 has no expectation; buckets 1-3 were judged against 0.2: squared errors 0.04 + 3.24 + 0.04 over
        // expected 0.6, a variance/mean of 5.5: P(X >= 3 | NB mean 1 at p90) = 0.13, not below alpha 1e-3
        judge(forecast("S", 4, 3, 0.2, 0, 1, 0));
        assertThat(alerts()).as("3 units beat the margin rule but are not improbable for this product").isEmpty();

        // 60 units: at p90 = 1 with variance/mean now (3.32 + 7.84) / 0.8 = 14, P(X >= 60) is about 1e-5
        judge(forecast("S", 5, 60, 0.2, 0, 1, 0));
        List<Alert> out = alerts();
        assertThat(out).extracting(ProductAlertsTest::brief).containsExactly("OPEN SPIKE @5");
        assertThat(out.get(0).reason).contains("intermittent").contains("negative binomial");
        assertThat(out.get(0).tailProbability).isLessThan(1e-3);
        assertThat(CountTail.upper(3, 0.2, 1)).as("a Poisson would have called 3 units a spike").isLessThan(2e-3);
    }

    @Test
    void shouldLetALateCorrectionUpdateOrWithdrawAnOpenAlertButNeverOpenOne() {
        start(RULES);
        feed("A", 0, 10, 10, 40);
        judge(forecast("A", 2, 45, POINT, P10, P90, 1));
        judge(forecast("A", 2, 12, POINT, P10, P90, 2));
        feed("A", 3, 10);
        judge(forecast("A", 3, 50, POINT, P10, P90, 1));

        List<Alert> out = alerts();
        assertThat(out).extracting(ProductAlertsTest::brief).containsExactly(
                "OPEN SPIKE @2", "UPDATE SPIKE @2", "RESOLVED SPIKE @2");
        assertThat(out.get(1).actual).isEqualTo(45);
        assertThat(out.get(1).reason).startsWith("late correction");
        assertThat(out.get(2).reason).startsWith("withdrawn");
        assertThat(out).extracting(a -> a.alertId).containsOnly("A:SPIKE:" + (BEGINNING + 2 * HOUR));
    }

    @Test
    void shouldTellOneWholesaleLineFromASpikeInOrdersWhenForecastsCarryLineCounts() {
        start(RULES);
        for (String product : new String[] {"A", "B"}) {
            for (int i = 0; i < 3; i++) {
                Forecast f = forecast(product, i, 10, POINT, P10, P90, 0);
                f.actualOrders = 5; // 2 units a line
                judge(f);
            }
        }
        Forecast wholesale = forecast("A", 3, 100, POINT, P10, P90, 0);
        wholesale.actualOrders = 1; // one line of 100 units: P(lines >= 1 | 14 / 2 = 7 at p90) = 1
        Forecast rush = forecast("B", 3, 100, POINT, P10, P90, 0);
        rush.actualOrders = 50; // fifty lines: P(lines >= 50 | Poisson 7) is about 1e-25
        judge(wholesale);
        judge(rush);

        List<Alert> out = alerts();
        assertThat(out).extracting(a -> a.productId + " " + brief(a)).containsExactly("B OPEN SPIKE @3");
        assertThat(out.get(0).actualOrders).isEqualTo(50);
        assertThat(out.get(0).expectedOrders).isEqualTo(5.0); // point 10 over 2 units a line
        assertThat(out.get(0).reason).contains("50 order lines").contains("at p90");
    }

    @Test
    void shouldTestLinesAgainstTheForecastsOwnLineForecastWithHeadroom() {
        start(RULES); // alpha 1e-3, headroom 1.5
        // each forecast expects 4 order lines next: the Poisson mean is 1.5 x 4 = 6 lines.
        // P(lines >= 13 | 6) = 0.0088 (no spike at alpha 1e-3); P(lines >= 16 | 6) = 0.00051 (a spike).
        // Units: both buckets sell 40, above the margin threshold 22, so only the line test decides.
        for (String product : new String[] {"A", "B"}) {
            for (int i = 0; i < 3; i++) {
                Forecast f = forecast(product, i, 10, POINT, P10, P90, 0);
                f.actualOrders = 2; // 5 units a line: without the line forecast, 10 / 5 = 2 lines expected
                f.expectedOrders = 4;
                judge(f);
            }
        }
        Forecast below = forecast("A", 3, 40, POINT, P10, P90, 0);
        below.actualOrders = 13;
        Forecast above = forecast("B", 3, 40, POINT, P10, P90, 0);
        above.actualOrders = 16;
        judge(below);
        judge(above);

        List<Alert> out = alerts();
        assertThat(CountTail.upper(13, 6, 1)).isGreaterThan(1e-3);
        assertThat(CountTail.upper(16, 6, 1)).isLessThan(1e-3);
        assertThat(out).extracting(a -> a.productId + " " + brief(a)).containsExactly("B OPEN SPIKE @3");
        assertThat(out.get(0).expectedOrders).isEqualTo(4.0);
        assertThat(out.get(0).reason).contains("16 order lines").contains("mean 6.00 (1.5 x the 4.00 lines expected)");
    }

    @Test
    void shouldNotCallAFirstLineASpikeWhenNoLineWasExpected() {
        start(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 1.0, 4, 1.5, 0));
        for (int i = 0; i < 3; i++) {
            Forecast f = forecast("A", i, 0, 0, 0, 0, 0);
            f.actualOrders = 0;
            f.expectedOrders = 0; // nothing expected: the mean is floored at one line, not 0
            judge(f);
        }
        Forecast first = forecast("A", 3, 48, 0, 0, 0, 0);
        first.actualOrders = 2; // P(lines >= 2 | 1) = 0.26; at a mean near 0 it would be a "spike"
        judge(first);
        Forecast rush = forecast("A", 4, 48, 0, 0, 0, 0);
        rush.actualOrders = 8; // P(lines >= 8 | 1) = 1.0e-5
        judge(rush);

        assertThat(alerts()).extracting(ProductAlertsTest::brief).containsExactly("OPEN SPIKE @4");
    }

    @Test
    void shouldOpenNothingDuringAProductsWarmUp() {
        start(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 5.0, 4, 1.5, 3));
        feed("A", 0, 10, 10, 40, 10, 10, 40, 10); // 40 > threshold 22: a spike at 2 (2 buckets of history) and at 5

        assertThat(alerts()).extracting(ProductAlertsTest::brief).containsExactly("OPEN SPIKE @5", "RESOLVED SPIKE @6");
    }

    @Test
    void shouldNotLetErrorsOfTheWarmUpPushAShiftOpenAfterIt() {
        start(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 5.0, 4, 1.5, 4));
        // z = 1.6 a bucket (see the shift test above): S+ would pass 6 at the 6th judged bucket, but the
        // first 4 buckets are warm-up, so it starts at bucket 4 and passes 6 only at bucket 9
        feed("A", 0, 10, 15, 15, 15, 15, 15, 15, 15, 15, 15);

        assertThat(alerts()).extracting(ProductAlertsTest::brief).containsExactly("OPEN SHIFT_UP @9");
    }

    @Test
    void shouldJudgeALateCorrectionOfTheLastWarmUpBucketAsWarmUp() {
        start(new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 5.0, 4, 1.5, 3));
        feed("A", 0, 10, 15, 15); // bucket 2 is judged with 2 buckets of history: still warming up
        judge(forecast("A", 2, 15, POINT, P10, P90, 1)); // a correction of bucket 2
        feed("A", 3, 15, 15, 15, 15, 15, 15);

        // z = 1.6, S+ grows 1.1 a bucket from bucket 3: 6.6 > 6 at bucket 8. Had the correction been judged
        // warm, bucket 2 would have added 1.1 and the shift would open at 7.
        assertThat(alerts()).extracting(ProductAlertsTest::brief).containsExactly("OPEN SHIFT_UP @8");
    }

    @Test
    void shouldKeepProductsApart() {
        start(RULES);
        feed("A", 0, 10, 10);
        feed("B", 0, 10, 10);
        feed("A", 2, 40);
        feed("B", 2, 10);
        assertThat(alerts()).extracting(a -> a.productId + " " + brief(a)).containsExactly("A OPEN SPIKE @2");
    }

    @Test
    void shouldForgetAProductWhoseHistoryIsAllZeroWithNothingOpen() {
        start(RULES);
        feed("A", 0, 10, 10, 0, 0, 0);
        assertThat(watched()).isEqualTo(1);
        feed("A", 5, 0);
        assertThat(watched()).isZero();
    }

    @Test
    void shouldCloseAnOpenDropWhenTheProductStopsSellingForGood() {
        start(RULES);
        for (int i = 0; i < 5; i++) {
            judge(forecast("A", i, 20, 20, 15, 25, 0));
        }
        for (int i = 5; i < 9; i++) {
            judge(forecast("A", i, 0, 20, 15, 25, 0));
        }
        List<Alert> out = alerts();
        assertThat(out.get(0).status).isEqualTo(Status.OPEN);
        assertThat(out.get(out.size() - 1).status).isEqualTo(Status.RESOLVED);
        assertThat(out.get(out.size() - 1).reason).contains("no longer watched");
        assertThat(watched()).isZero();
    }

}
