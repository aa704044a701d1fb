package io.flowcast.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticOrderGeneratorTest {
    private static final long DAY = 86_400_000L;
    private static final GeneratorConfig SMALL = GeneratorConfig.builder().products(300).duration(Duration.ofDays(4))
            .meanOrdersPerProductPerDay(10).spikeCount(12).seed(5).build();

    private static List<byte[]> drain(SyntheticOrderGenerator gen) {
        List<byte[]> out = new ArrayList<>();
        while (gen.hasNext()) {
            out.add(gen.next().value);
        }
        return out;
    }

    @Test
    void shouldWriteTheSameBytesForTheSameConfig() {
        List<byte[]> a = drain(new SyntheticOrderGenerator(SMALL));
        List<byte[]> b = drain(new SyntheticOrderGenerator(SMALL));

        assertThat(a).hasSameSizeAs(b).hasSizeGreaterThan(5_000);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i)).isEqualTo(a.get(i));
        }
    }

    @Test
    void shouldPutHourlySpikesInShoppingHoursAfterADayOfHistoryAndCountTheirUnits() {
        SyntheticOrderGenerator gen = new SyntheticOrderGenerator(SMALL);
        Map<String, Double> unitsInSpike = new HashMap<>();
        List<Spike> truth = gen.spikes();
        while (gen.hasNext()) {
            GeneratedRecord r = gen.next();
            if (r.order != null) {
                for (Spike s : truth) {
                    if (s.productId().equals(r.order.productId) && s.contains(r.order.eventTime)) {
                        unitsInSpike.merge(s.productId(), (double) r.order.quantity, Double::sum);
                    }
                }
            }
        }
        Map<String, SyntheticProduct> catalogue = new HashMap<>();
        gen.products().forEach(p -> catalogue.put(p.productId(), p));
        long start = SMALL.start().toEpochMilli();

        assertThat(gen.spikes()).hasSize(12).allSatisfy(s -> {
            int hour = Instant.ofEpochMilli(s.bucketStart()).atZone(ZoneOffset.UTC).getHour();
            assertThat(hour).isBetween(9, 20); // the busy half of the day: 09:00 to 21:00
            long launch = Math.max(start, catalogue.get(s.productId()).launchTime());
            assertThat(s.bucketStart()).isGreaterThanOrEqualTo(launch + DAY);
            assertThat(s.bucketSizeMillis()).isEqualTo(3_600_000L);
            assertThat(s.multiplier()).isBetween(4.0, 10.0);
            assertThat(s.spikedExpectedUnits()).isCloseTo(s.expectedUnits() * s.multiplier(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.actualUnits()).isEqualTo(unitsInSpike.getOrDefault(s.productId(), 0.0));
        });
        // the spikes are visible: together they sold well above their unspiked expectation
        double expected = gen.spikes().stream().mapToDouble(Spike::expectedUnits).sum();
        double actual = gen.spikes().stream().mapToDouble(Spike::actualUnits).sum();
        assertThat(actual).isGreaterThan(3 * expected);
    }

    @Test
    void shouldAlignDailySpikesToWholeDays() {
        GeneratorConfig daily = SMALL.toBuilder().spikeBucket(Duration.ofDays(1)).duration(Duration.ofDays(10)).build();
        SyntheticOrderGenerator gen = new SyntheticOrderGenerator(daily);

        assertThat(gen.spikes()).hasSize(12).allSatisfy(s -> {
            assertThat(s.bucketStart() % DAY).isZero();
            assertThat(s.bucketSizeMillis()).isEqualTo(DAY);
        });
    }
}
