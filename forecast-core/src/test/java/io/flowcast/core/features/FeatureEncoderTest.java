package io.flowcast.core.features;

import io.flowcast.core.buckets.ArraySeries;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketHistory;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.OrderEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {
    /** A Monday, 00:00 UTC. */
    private static final long BEGINNING = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static final BucketSize DAILY = BucketSize.parse("1d");
    private static final BucketSize HOURLY = BucketSize.parse("1h");

    /** Seeded orders for a few products over {@code days} days, with gaps, promotions and a return. */
    static List<OrderEvent> orders(long seed, int days, long bucketMillis, int perBucket) {
        SplittableRandom r = new SplittableRandom(seed);
        List<OrderEvent> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (String p : new String[] {"A", "B", "C"}) {
                if (p.equals("C") && d < days / 3) {
                    continue; // C starts selling later
                }
                int n = r.nextInt(perBucket + 1);
                for (int k = 0; k < n; k++) {
                    OrderEvent e = new OrderEvent("o" + out.size(), p, 1 + r.nextInt(5), 2.0 + r.nextInt(3),
                            BEGINNING + d * bucketMillis + r.nextLong(bucketMillis));
                    e.promotion = r.nextInt(10) == 0;
                    out.add(e);
                }
            }
        }
        OrderEvent ret = new OrderEvent("ret", "A", -3, 2.0, BEGINNING + 5 * bucketMillis + 10);
        out.add(ret);
        return out;
    }

    @Test
    void shouldBuildIdenticalInputsOnTheTrainingAndServingSides() {
        for (BucketSize size : new BucketSize[] {DAILY, HOURLY}) {
            List<OrderEvent> orders = orders(7, 60, size.millis(), 3);
            FeatureSpec spec = FeatureSpec.of(size, 7, 32);
            FeatureEncoder enc = new FeatureEncoder(spec);
            // training side: series from all orders at once
            Map<String, FeatureEncoder.Encoded> train = new TreeMap<>();
            Map<String, Long> firstStart = new TreeMap<>();
            for (ArraySeries s : OrderSeries.build(orders, size)) {
                train.put(s.productId(), enc.encodeSeries(s));
                firstStart.put(s.productId(), s.bucketStart(0));
            }
            // serving side: the job's way, bucket by bucket through a ring buffer and a keyed FeatureState
            Map<String, Map<Long, BucketAggregate>> buckets = new TreeMap<>();
            for (OrderEvent e : orders) {
                buckets.computeIfAbsent(e.productId, k -> new TreeMap<>())
                        .computeIfAbsent(size.start(e.eventTime), k -> new BucketAggregate()).add(e);
            }
            long last = orders.stream().mapToLong(e -> size.start(e.eventTime)).max().getAsLong();
            for (String p : buckets.keySet()) {
                BucketHistory ring = new BucketHistory(10, size.millis());
                FeatureState state = new FeatureState();
                float[] x = new float[spec.nIn];
                int t = 0;
                for (long start = firstStart.get(p); start <= last; start += size.millis(), t++) {
                    ring.append(start, buckets.get(p).get(start));
                    double scale = enc.step(state, ring, ring.length() - 1, x);
                    assertThat(x).as("%s step %d", p, t).containsExactly(train.get(p).x[t]);
                    assertThat(scale).isEqualTo(train.get(p).scales[t]);
                }
                assertThat(t).isEqualTo(train.get(p).x.length);
            }
        }
    }

    @Test
    void shouldRewindTheStateToReplayTheRingBufferExactly() {
        List<OrderEvent> orders = orders(11, 40, DAILY.millis(), 4);
        FeatureSpec spec = FeatureSpec.of(DAILY, 7, 32);
        FeatureEncoder enc = new FeatureEncoder(spec);
        ArraySeries s = OrderSeries.build(orders, DAILY).get(0);
        FeatureEncoder.Encoded all = enc.encodeSeries(s);
        BucketHistory ring = new BucketHistory(14, DAILY.millis());
        FeatureState state = new FeatureState();
        float[] x = new float[spec.nIn];
        for (int i = 0; i < s.length(); i++) {
            ring.append(s.bucketStart(i), s.aggregate(i));
            enc.step(state, ring, ring.length() - 1, x);
        }
        FeatureState replay = enc.rewind(state, ring, 0);
        int offset = s.length() - ring.length();
        for (int i = 0; i < ring.length(); i++) {
            enc.step(replay, ring, i, x);
            for (int f = 0; f < x.length; f++) {
                assertThat(x[f]).isCloseTo(all.x[offset + i][f], org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
        assertThat(replay.scale()).isCloseTo(state.scale(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldEncodeCalendarScaleAndPriceAsWorkedOutByHand() {
        FeatureSpec spec = FeatureSpec.of(DAILY, 7, 32);
        assertThat(spec.featureNames).containsExactly("demand_scaled", "day_of_week_sin", "day_of_week_cos",
                "price_relative", "promotion");
        FeatureEncoder enc = new FeatureEncoder(spec);
        FeatureState st = new FeatureState();
        float[] x = new float[5];
        // Monday: 3 units at 2.0 -> scale 1 + 3 = 4, demand 0.75, dow 0 -> (0, 1), price = usual -> 1
        assertThat(enc.step(st, BEGINNING, 3, 2.0, false, x)).isEqualTo(4.0);
        assertThat(x).containsExactly(0.75f, 0f, 1f, 1f, 0f);
        // Tuesday: nothing sold -> scale 1 + 1.5, price unknown -> 1
        enc.step(st, BEGINNING + DAILY.millis(), 0, Double.NaN, true, x);
        assertThat(x[0]).isEqualTo(0f);
        assertThat(x[1]).isEqualTo((float) Math.sin(2 * Math.PI / 7));
        assertThat(x[3]).isEqualTo(1f);
        assertThat(x[4]).isEqualTo(1f);
        // Wednesday: 3 units at 4.0 -> usual price (2 + 4) / 2 = 3, relative 4/3; scale 1 + 6/3 = 3
        assertThat(enc.step(st, BEGINNING + 2 * DAILY.millis(), 3, 4.0, false, x)).isEqualTo(3.0);
        assertThat(x[0]).isEqualTo(1f);
        assertThat(x[3]).isEqualTo((float) (4.0 / 3.0));
        FeatureSpec hourly = FeatureSpec.of(HOURLY, 24, 32);
        assertThat(hourly.nIn).isEqualTo(7);
        float[] xh = new float[7];
        new FeatureEncoder(hourly).step(new FeatureState(), BEGINNING + 6 * HOURLY.millis(), 1, 1, false, xh);
        assertThat(xh[1]).isEqualTo(1f); // 06:00 is a quarter of the day: sin = 1
        assertThat(xh[2]).isCloseTo(0f, org.assertj.core.data.Offset.offset(1e-7f));
    }

    @Test
    void shouldEncodeTheV3SellingShareAndHolidayAsWorkedOutByHand() {
        FeatureSpec spec = FeatureSpec.current(DAILY, 7, 32);
        assertThat(spec.featureSet).isEqualTo(FeatureSpec.FEATURES_V3);
        assertThat(spec.holidays).isEqualTo("uk");
        assertThat(spec.problems()).isEmpty();
        assertThat(spec.featureNames).containsExactly("demand_scaled", "day_of_week_sin", "day_of_week_cos",
                "price_relative", "promotion", "log_scale", "selling_share", "holiday");
        FeatureEncoder enc = new FeatureEncoder(spec);
        FeatureState st = new FeatureState();
        float[] x = new float[8];
        // Monday 1 Jan 2024 (New Year's Day, a UK bank holiday): 3 units -> 1 of 1 buckets sold
        enc.step(st, BEGINNING, 3, 2.0, false, x);
        assertThat(x[5]).isEqualTo((float) Math.log(4.0));
        assertThat(x[6]).isEqualTo(1f);
        assertThat(x[7]).isEqualTo(1f);
        // Tuesday: nothing sold -> 1 of 2; not a holiday
        enc.step(st, BEGINNING + DAILY.millis(), 0, Double.NaN, false, x);
        assertThat(x[6]).isEqualTo(0.5f);
        assertThat(x[7]).isEqualTo(0f);
        // Wednesday: sold -> 2 of 3
        enc.step(st, BEGINNING + 2 * DAILY.millis(), 1, 2.0, false, x);
        assertThat(x[6]).isEqualTo(2f / 3f);
        // a v3 spec without its calendar is refused; v2 specs still build their six inputs
        FeatureSpec noCalendar = FeatureSpec.current(DAILY, 7, 32);
        noCalendar.holidays = null;
        assertThat(noCalendar.problems()).anyMatch(p -> p.contains("holiday calendar"));
        assertThat(FeatureSpec.of(FeatureSpec.FEATURES_V2, DAILY, 7, 32).nIn).isEqualTo(6);
    }
}
