package io.flowcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import io.flowcast.core.metrics.DemandSegment;
import io.flowcast.core.metrics.ErrorAccumulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private static final BucketSize DAILY = BucketSize.parse("1d");
    private static final long DAY = DAILY.millis();
    private static final long BEGINNING = 20_000 * DAY;
    private static final double EPS = 1e-12;

    /** A forecast made after bucket {@code t} (days from BEGINNING) that reported {@code actual}, flat {@code points}. */
    private static Forecast forecast(String product, int t, double actual, int revision, double... points) {
        Forecast f = new Forecast();
        f.productId = product;
        f.bucketStart = BEGINNING + t * DAY;
        f.bucketSizeMillis = DAY;
        f.actual = actual;
        f.revision = revision;
        f.forecaster = "test";
        f.modelVersion = "baseline";
        f.steps = new ForecastStep[points.length];
        for (int h = 1; h <= points.length; h++) {
            double p = points[h - 1];
            f.steps[h - 1] = new ForecastStep(h, f.bucketStart + h * DAY, p, p - 1, p, p + 1);
        }
        return f;
    }

    @Test
    void shouldScoreEachStepAgainstTheActualReportedByTheTargetBucketsForecast() {
        Scorer scorer = new Scorer(2, DAILY, 10);
        // actuals 4, 6, 3; forecasts made at t=0: [5, 5], at t=1: [6, 2], at t=2: [1, 1] (targets past the end)
        scorer.accept(forecast("A", 0, 4, 0, 5, 5));
        scorer.accept(forecast("A", 2, 3, 0, 1, 1)); // out of order on purpose
        scorer.accept(forecast("A", 1, 6, 0, 6, 2));

        RunResult r = scorer.score("test", Map.of(), 1.0, 3);

        // step 1: t=1 actual 6 vs 5 (|e| 1), t=2 actual 3 vs 6 (|e| 3) -> MAE 2, WAPE 4/9
        ErrorAccumulator h1 = r.at(0, 1);
        assertThat(h1.count()).isEqualTo(2);
        assertThat(h1.mae()).isCloseTo(2.0, within(EPS));
        assertThat(h1.wape()).isCloseTo(4.0 / 9, within(EPS));
        // step 2: only t=0 -> t=2: actual 3 vs 5
        assertThat(r.at(0, 2).count()).isEqualTo(1);
        assertThat(r.at(0, 2).mae()).isCloseTo(2.0, within(EPS));
        // p10 = p - 1, p90 = p + 1: inside only when |e| <= 1 -> 1 of 3
        assertThat(r.pooled(0).coverage()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(r.forecasts()).isEqualTo(3);
        assertThat(r.scatterActual()).containsExactly(6, 3);
        assertThat(r.scatterPoint()).containsExactly(5, 6);
    }

    @Test
    void shouldTakeTheHighestRevisionForTheActualAndTheForecast() {
        Scorer scorer = new Scorer(1, DAILY, 10);
        scorer.accept(forecast("A", 0, 4, 0, 9));
        scorer.accept(forecast("A", 1, 6, 0, 1));
        scorer.accept(forecast("A", 0, 5, 1, 7)); // a late order corrected bucket 0: actual 5, forecast 7
        scorer.accept(forecast("A", 1, 8, 1, 1));
        scorer.accept(forecast("A", 1, 6, 0, 1)); // a stale lower revision arriving late changes nothing

        RunResult r = scorer.score("test", Map.of(), 1.0, 0);

        assertThat(r.at(0, 1).count()).isEqualTo(1);
        assertThat(r.at(0, 1).mae()).isCloseTo(1.0, within(EPS)); // actual 8 (rev 1) vs 7 (rev 1 of bucket 0)
        assertThat(r.revisions()).isEqualTo(2);
    }

    @Test
    void shouldScaleMaseByTheSeasonalNaiveErrorOfTheProductsOwnPast() {
        Scorer scorer = new Scorer(1, DAILY, 10);
        // 9 daily actuals; period 7: scale at t=7 is |a7 - a0| = |10 - 2| = 8, at t=8 mean(8, |3 - 4|) = 4.5
        double[] actual = {2, 4, 6, 8, 6, 4, 2, 10, 3};
        for (int t = 0; t < actual.length; t++) {
            scorer.accept(forecast("A", t, actual[t], 0, 5));
        }

        RunResult r = scorer.score("test", Map.of(), 1.0, 0);

        // scored with a scale: forecast at t=7 (scale 8) for t=8: |3 - 5| / 8 = 0.25; earlier ones have no scale yet
        assertThat(r.at(0, 1).count()).isEqualTo(8);
        assertThat(r.at(0, 1).countScaled).isEqualTo(1);
        assertThat(r.at(0, 1).mase()).isCloseTo(0.25, within(EPS));
    }

    @Test
    void shouldSplitBySegmentAndLeaveTheSameSegmentsForEveryRun() {
        Scorer scorer = new Scorer(1, DAILY, 10);
        for (int t = 0; t < 10; t++) {
            scorer.accept(forecast("FASTY", t, 20, 0, 18));
            scorer.accept(forecast("SPARSE", t, t % 5 == 0 ? 3 : 0, 0, 1));
        }
        Map<String, DemandSegment> segments = scorer.segments();
        assertThat(segments).containsEntry("FASTY", DemandSegment.FAST).containsEntry("SPARSE", DemandSegment.INTERMITTENT);

        RunResult r = scorer.score("test", segments, 1.0, 0);

        assertThat(r.at(Scorer.segmentIndex(DemandSegment.FAST), 1).count()).isEqualTo(9);
        assertThat(r.at(Scorer.segmentIndex(DemandSegment.INTERMITTENT), 1).count()).isEqualTo(9);
        assertThat(r.at(Scorer.segmentIndex(DemandSegment.SLOW), 1).count()).isZero();
        assertThat(r.at(0, 1).count()).isEqualTo(18);
        assertThat(r.perProduct().get("FASTY").mae()).isCloseTo(2.0, within(EPS));
    }

    @Test
    void shouldAlignChartSeriesByTargetBucket() {
        Scorer scorer = new Scorer(1, DAILY, 10);
        scorer.accept(forecast("A", 1, 4, 0, 5));
        scorer.accept(forecast("A", 0, 2, 0, 3)); // an earlier bucket than the first seen shifts the arrays
        scorer.accept(forecast("A", 2, 6, 0, 7));

        ProductSeries s = scorer.series("A");

        assertThat(s.firstBucket()).isEqualTo(BEGINNING);
        assertThat(s.actual()).containsExactly(2, 4, 6);
        assertThat(s.point()[0]).isNaN();
        assertThat(List.of(s.point()[1], s.point()[2])).containsExactly(3.0, 5.0);
        assertThat(s.p90()[2]).isEqualTo(6.0);
        assertThat(scorer.series("B")).isNull();
    }

    @Test
    void shouldScoreOnlyTargetsInsideTheHoldOutWindow() {
        Scorer scorer = new Scorer(2, DAILY, 10).scoreFrom(BEGINNING + 2 * DAY);
        scorer.accept(forecast("A", 0, 4, 0, 5, 5));
        scorer.accept(forecast("A", 1, 6, 0, 6, 2));
        scorer.accept(forecast("A", 2, 3, 0, 1, 1));

        RunResult r = scorer.score("test", Map.of(), 1.0, 3);

        // only target t=2 counts: step 1 from t=1 (6 vs 3), step 2 from t=0 (5 vs 3); t=1 as a target is history
        assertThat(r.at(0, 1).count()).isEqualTo(1);
        assertThat(r.at(0, 1).mae()).isCloseTo(3.0, within(EPS));
        assertThat(r.at(0, 2).count()).isEqualTo(1);
        assertThat(r.at(0, 2).mae()).isCloseTo(2.0, within(EPS));
    }

    @Test
    void shouldScoreOnlyOriginForecastsOfTheTopProductsAndExportEveryScoredStep(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // origins every 2 days from day 2 (first origin = first target = day 2); horizon 2; replay to day 6
        java.nio.file.Path file = dir.resolve(ForecastCsv.FILE);
        RunResult r;
        try (ForecastCsv.Writer w = new ForecastCsv.Writer(file, DAY)) {
            Scorer scorer = new Scorer(2, DAILY, 10).scoreFrom(BEGINNING + 2 * DAY).origins(2 * DAY, 1).export(w, "run");
            double[] a = {1, 2, 3, 4, 5, 6, 7};
            for (int t = 0; t <= 6; t++) {
                scorer.accept(forecast("A", t, a[t], 0, 10, 20)); // sold every day before the first origin
            }
            for (int t = 0; t <= 3; t++) {
                scorer.accept(forecast("B", t, t == 0 ? 1 : 0, 0, 10, 20)); // one selling day; stops at day 3
            }
            r = scorer.score("run", Map.of(), 1.0, 0);
        }
        // top 1 product by selling days before day 2: A. Origins 2, 4 (6's step 2 would be day 7, past the replay).
        // origin 2: made at day 1 -> targets 2 (3), 3 (4); origin 4: made at day 3 -> targets 4 (5), 5 (6)
        assertThat(r.at(0, 1).count()).isEqualTo(2);
        assertThat(r.at(0, 1).sumAbsError).isCloseTo((10 - 3) + (10 - 5), within(EPS));
        assertThat(r.at(0, 2).sumAbsError).isCloseTo((20 - 4) + (20 - 6), within(EPS));
        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("run,product,origin,step,target,actual,point,p10,p50,p90,model,model_version");
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).isEqualTo("run,A,2024-10-06,1,2024-10-06,3,10,9,10,11,test,baseline");
        // the same file scores the same as the scorer
        ErrorAccumulator fromFile = ForecastCsv.score(List.of(file), 2).get("run").get(2);
        assertThat(fromFile.wape()).isCloseTo(r.pooled(0).wape(), within(EPS));
        assertThat(fromFile.wapeP50()).isCloseTo(r.pooled(0).wapeP50(), within(EPS));
    }

    @Test
    void shouldCountTargetsAfterAProductsLastOrderAsZeroWithinTheReplay() {
        Scorer scorer = new Scorer(2, DAILY, 10).scoreFrom(BEGINNING + DAY).origins(DAY, 0);
        scorer.accept(forecast("A", 0, 5, 0, 4, 4)); // A's last bucket: day 0
        for (int t = 0; t <= 2; t++) {
            scorer.accept(forecast("B", t, 1, 0, 1, 1)); // the replay runs to day 2
        }
        RunResult r = scorer.score("run", Map.of(), 1.0, 0);
        // A's origin-1 forecast: targets day 1 and 2 count as 0 actual, error 4 each
        assertThat(r.perProduct().get("A").count()).isEqualTo(2);
        assertThat(r.perProduct().get("A").sumAbsError).isCloseTo(8, within(EPS));
    }

    @Test
    void shouldHoldMemoryThatDoesNotGrowWithTheNumberOfForecasts() {
        // the same 20 products for 300 and for 3,000 days: ten times the forecasts, the same arrays held
        long[] held = new long[2];
        long[] scored = new long[2];
        int[] days = {300, 3_000};
        for (int run = 0; run < 2; run++) {
            Scorer scorer = new Scorer(7, DAILY, 10);
            for (int t = 0; t < days[run]; t++) {
                for (int p = 0; p < 20; p++) {
                    scorer.accept(forecast("P" + p, t, (t + p) % 3, 0, 1, 1, 1, 1, 1, 1, 1));
                }
            }
            held[run] = scorer.retainedValues();
            RunResult r = scorer.score("run", Map.of(), 1.0, 0);
            scored[run] = r.pooled(0).count();
        }
        assertThat(held[1]).isEqualTo(held[0]);
        // every step whose target the replay reached is scored: 20 products x (days - h) per step h
        assertThat(scored[1]).isEqualTo(20L * (7L * 3_000 - 28));
        assertThat(scored[0]).isEqualTo(20L * (7L * 300 - 28));
    }

    @Test
    void shouldCountAForecastFarBehindItsProductAsTooLateAndScoreTheRest() {
        Scorer scorer = new Scorer(1, DAILY, 10);
        for (int t = 0; t <= 10; t++) {
            scorer.accept(forecast("A", t, 4, 0, 5));
        }
        scorer.accept(forecast("A", 2, 9, 1, 9)); // a revision of day 2 after day 10: the ring has moved on
        RunResult r = scorer.score("run", Map.of(), 1.0, 0);
        assertThat(scorer.tooLate()).isEqualTo(1);
        assertThat(r.at(0, 1).count()).isEqualTo(10);
        assertThat(r.at(0, 1).sumAbsError).isCloseTo(10, within(EPS));
    }

    @Test
    void shouldSampleTheSameScatterPointsWhateverTheArrivalOrder() {
        Scorer.Sample forward = new Scorer.Sample(100);
        Scorer.Sample backward = new Scorer.Sample(100);
        for (int i = 0; i < 10_000; i++) {
            forward.add(i, i, 2 * i);
            backward.add(9_999 - i, 9_999 - i, 2 * (9_999 - i));
        }
        assertThat(forward.actual()).hasSizeLessThanOrEqualTo(100).hasSizeGreaterThan(25).containsExactly(backward.actual());
        assertThat(forward.point()).containsExactly(backward.point());
    }

    @Test
    void shouldScoreTheSameWhenEachWriterScoresItsOwnProductsAndTheScorersAreMerged() {
        Scorer whole = new Scorer(3, DAILY, 10);
        Scorer[] parts = {new Scorer(3, DAILY, 10), new Scorer(3, DAILY, 10)};
        java.util.Random rnd = new java.util.Random(11);
        for (int t = 0; t < 400; t++) {
            for (int p = 0; p < 40; p++) {
                Forecast f = forecast("P" + p, t, rnd.nextInt(4) * p % 7, 0, rnd.nextDouble() * 5, 2, rnd.nextInt(3));
                whole.accept(f);
                parts[p % 2].accept(f); // products split between two writers, as keyBy does
            }
        }
        Scorer merged = new Scorer(3, DAILY, 10);
        merged.merge(parts[0]);
        merged.merge(parts[1]);
        Map<String, DemandSegment> segments = whole.segments();
        assertThat(merged.segments()).isEqualTo(segments);
        RunResult a = whole.score("run", segments, 1.0, 0);
        RunResult b = merged.score("run", segments, 1.0, 0);
        assertThat(b.forecasts()).isEqualTo(a.forecasts()).isEqualTo(16_000);
        assertThat(b.products()).isEqualTo(a.products());
        for (int seg = 0; seg < Scorer.SEGMENTS.size(); seg++) {
            for (int h = 1; h <= 3; h++) {
                assertThat(b.at(seg, h).asMap()).isEqualTo(a.at(seg, h).asMap());
            }
        }
        assertThat(b.perProduct().keySet()).containsExactlyElementsOf(a.perProduct().keySet());
        a.perProduct().forEach((id, acc) -> assertThat(b.perProduct().get(id).asMap()).isEqualTo(acc.asMap()));
        assertThat(b.scatterActual()).hasSizeGreaterThan(100).containsExactly(a.scatterActual());
        assertThat(b.scatterPoint()).containsExactly(a.scatterPoint());
    }

    @Test
    void shouldRefuseToMergeScorersThatBothSawAProduct() {
        Scorer one = new Scorer(1, DAILY, 10);
        Scorer two = new Scorer(1, DAILY, 10);
        one.accept(forecast("A", 0, 1, 0, 1));
        two.accept(forecast("A", 1, 1, 0, 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> one.merge(two)).isInstanceOf(IllegalStateException.class);
    }
}
