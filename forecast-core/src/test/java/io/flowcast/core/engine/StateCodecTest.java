package io.flowcast.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The state layout: what is read back forecasts and alerts exactly as what was written, and it is compact. */
class StateCodecTest {
    private static final BucketSize HOURLY = BucketSize.parse("1h");
    private static final long HOUR = HOURLY.millis();
    private static final long T0 = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    private static final EngineSettings DEFAULTS = new EngineSettings(HOURLY, 168, 24, 50, Duration.ZERO, "auto", 14,
            new AlertRules(1.0, 1e-3, 6.0, 0.5, 3, 5.0, 24, 1.25, 24));

    private final ForecastEngine engine = new ForecastEngine(DEFAULTS);
    private final Random random = new Random(7);

    /** A product after {@code buckets} closes of Poisson-ish sales (every third bucket empty). */
    private ProductState run(ProductTimeline t, int buckets) {
        ProductState st = null;
        for (int i = 0; i < buckets; i++) {
            long start = T0 + i * HOUR;
            if (i % 3 != 2) {
                int lines = 1 + random.nextInt(4);
                engine.onSum(t, start, new BucketAggregate(lines * (1 + random.nextInt(6)), lines * 2.35, lines, 0), start);
            }
            st = engine.stateFor(st);
            engine.close(t, st, "A", start, null, false, 0);
        }
        return st;
    }

    @Test
    void shouldForecastAndAlertFromTheReadStateExactlyAsFromTheWrittenOne() throws IOException {
        ProductTimeline t = new ProductTimeline();
        ProductState st = run(t, 300);
        long next = T0 + 300 * HOUR;
        engine.onSum(t, next + HOUR, new BucketAggregate(3, 7.5, 2, 0), next + HOUR); // an open bucket ahead

        ProductTimeline t2 = roundTrip(t);
        ProductState st2 = roundTrip(st);

        // more closes than the horizon, the second product's state read back from its bytes before each:
        // every remembered forecast step (some left out of the layout once scored) is scored on the way
        for (int i = 0; i < 40; i++) {
            long start = next + i * HOUR;
            double units = i < 3 ? 400 : i % 4 == 0 ? 0 : 1 + i % 5;
            engine.onSum(t, start, new BucketAggregate(units, 2 * units, 1 + (long) units / 10, 0), start);
            engine.onSum(t2, start, new BucketAggregate(units, 2 * units, 1 + (long) units / 10, 0), start);
            Emission a = engine.close(t, st, "A", start, null, false, 0);
            Emission b = engine.close(t2, st2, "A", start, null, false, 0);
            assertThat(a.forecast().sameContent(b.forecast())).as("forecast %d", i).isTrue();
            assertThat(b.alerts()).hasSameSizeAs(a.alerts());
            for (int k = 0; k < a.alerts().size(); k++) {
                assertThat(b.alerts().get(k).sameContent(a.alerts().get(k))).isTrue();
            }
            t2 = roundTrip(t2);
            st2 = roundTrip(st2);
        }
        assertThat(st.alerts).isNotNull();
    }

    @Test
    void shouldKeepTheDefaultStateUnder20KiBAndAnIdleHistorySmall() throws IOException {
        ProductState st = run(new ProductTimeline(), 300);
        int bytes = encode(st).length;
        var selection = st.selection;
        st.selection = null;
        // POJO layout before: about 30 KB (168 x 4 history slots, 2 x 1,200 residuals, 576 remembered points)
        assertThat(encode(st).length).as("without auto's memory").isLessThan(20 * 1024);
        // auto's memory (issue 11) is each candidate's forecasts of the last H closes: K x H x H doubles, written as such
        assertThat(selection).isNotNull();
        int selectorBound = (selection.candidates * selection.horizon * selection.horizon + 3 * selection.candidates) * 8
                + selection.horizon * 8 + 64;
        assertThat(bytes).isLessThan(20 * 1024 + selectorBound);

        ProductState idle = engine.stateFor(null);
        for (int i = 0; i < 168; i++) {
            idle.history.append(T0 + i * HOUR, null);
        }
        assertThat(encode(idle).length).as("168 zero buckets").isLessThan(168 * 4 + 1024);
        assertThat(roundTrip(idle).history.unitsArray()).containsOnly(0.0).hasSize(168);
    }

    @Test
    void shouldRefuseAnotherLayoutVersionSayingSo() throws IOException {
        byte[] bytes = encode(run(new ProductTimeline(), 5));
        bytes[0] = 9;
        assertThatThrownBy(() -> StateCodec.readState(new DataInputStream(new ByteArrayInputStream(bytes))))
                .isInstanceOf(IOException.class).hasMessageContaining("state layout 9")
                .hasMessageContaining("reads layouts " + StateCodec.OLDEST_READ + " to " + StateCodec.VERSION);
    }

    @Test
    void shouldRefuseTheLayoutBeforeTheOldestReadAndACutValue() throws IOException {
        byte[] bytes = encode(run(new ProductTimeline(), 30));
        byte[] older = bytes.clone();
        older[0] = (byte) (StateCodec.OLDEST_READ - 1);
        assertThatThrownBy(() -> StateCodec.readState(new DataInputStream(new ByteArrayInputStream(older))))
                .isInstanceOf(IOException.class).hasMessageContaining("state layout " + (StateCodec.OLDEST_READ - 1))
                .hasMessageContaining("restore it with the release that wrote it");
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 100); // inside auto's memory, written last
        assertThatThrownBy(() -> StateCodec.readState(new DataInputStream(new ByteArrayInputStream(cut))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void shouldRestoreLayoutTwoWithAutosErrorsStartedAfresh() throws IOException {
        // layout 2 is layout 3 without the candidate set, the last 4 bytes of a value that ends with auto's memory
        ProductTimeline t = new ProductTimeline();
        ProductState st = run(t, 60);
        byte[] three = encode(st);
        byte[] two = java.util.Arrays.copyOf(three, three.length - 4);
        two[0] = 2;
        ProductState restored = StateCodec.readState(new DataInputStream(new ByteArrayInputStream(two)));
        assertThat(restored.selection.candidateSet).as("not known in layout 2").isZero();
        assertThat(restored.history.unitsArray()).containsExactly(st.history.unitsArray());
        assertThat(java.util.Arrays.stream(st.selection.count).max().orElseThrow()).as("errors learnt before").isGreaterThan(10);

        // its slots may hold other candidates (session 10 replaced the daily flat means): the next close starts them afresh
        long next = T0 + 60 * HOUR;
        engine.onSum(t, next, new BucketAggregate(4, 9.4, 2, 0), next);
        engine.close(t, restored, "A", next, null, false, 0);
        assertThat(restored.selection.candidateSet).isNotZero();
        assertThat(restored.selection.count).as("no forecast remembered since the restore: no error yet").containsOnly(0.0);
        // while a layout-3 value keeps them
        ProductState kept = roundTrip(st);
        assertThat(kept.selection.candidateSet).isEqualTo(st.selection.candidateSet);
        assertThat(kept.selection.count).containsExactly(st.selection.count);
    }

    @Test
    void shouldForecastFromAYoungProductsReadStateExactlyAsFromTheWrittenOne() throws IOException {
        // 5 closes: most remembered-forecast slots are still empty, the residual windows nearly so
        ProductTimeline t = new ProductTimeline();
        ProductState st = run(t, 5);
        ProductTimeline t2 = roundTrip(t);
        ProductState st2 = roundTrip(st);
        for (int i = 5; i < 40; i++) {
            long start = T0 + i * HOUR;
            double units = i % 3 == 0 ? 0 : 2 + i % 7;
            engine.onSum(t, start, new BucketAggregate(units, 2 * units, 1, 0), start);
            engine.onSum(t2, start, new BucketAggregate(units, 2 * units, 1, 0), start);
            Emission a = engine.close(t, st, "A", start, null, false, 0);
            Emission b = engine.close(t2, st2, "A", start, null, false, 0);
            assertThat(a.forecast().sameContent(b.forecast())).as("forecast %d", i).isTrue();
            st2 = roundTrip(st2);
        }
        assertThat(encode(st2)).isEqualTo(encode(st)); // and the states themselves agree byte for byte
    }

    @Test
    void shouldWriteWholeNumbersShortAndEveryOtherDoubleExactly() throws IOException {
        for (double v : new double[] {0, 1, -1, 144, 1e12, -0.0, 0.5, Double.NaN, 1e300, -3.25, Double.MIN_VALUE}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StateCodec.writeNumber(new DataOutputStream(bytes), v);
            double back = StateCodec.readNumber(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(Double.doubleToRawLongBits(back)).as("%s", v).isEqualTo(Double.doubleToRawLongBits(v));
            if (v == Math.rint(v) && Math.abs(v) < 1000 && Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(-0.0)) {
                assertThat(bytes.size()).as("%s", v).isLessThanOrEqualTo(2);
            }
        }
    }

    /**
     * The bytes of layout 3 as committed (written by the code of session 10, before the remembered
     * forecasts were kept by covered bucket in memory): today's code writes them byte for byte and
     * reads them back to the same bytes, so a layout-3 checkpoint restores. Rewrite the file only
     * with a layout bump: {@code -Dflowcast.state.write=true}.
     */
    @Test
    void shouldWriteAndReadTheCommittedLayout3Bytes() throws IOException {
        ProductTimeline t = new ProductTimeline();
        ProductState st = run(t, 300);
        byte[] bytes = encode(st);
        Path committed = Path.of("src/test/resources/state/layout3-auto-300-hourly-closes.bin");
        if (Boolean.getBoolean("flowcast.state.write")) {
            Files.createDirectories(committed.getParent());
            Files.write(committed, bytes);
        }
        byte[] expected = Files.readAllBytes(committed);
        assertThat(bytes).as("written").isEqualTo(expected);
        ProductState read = StateCodec.readState(new DataInputStream(new ByteArrayInputStream(expected)));
        assertThat(encode(read)).as("read and written again").isEqualTo(expected);
    }

    private static byte[] encode(ProductState st) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StateCodec.writeState(st, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static ProductState roundTrip(ProductState st) throws IOException {
        return StateCodec.readState(new DataInputStream(new ByteArrayInputStream(encode(st))));
    }

    private static ProductTimeline roundTrip(ProductTimeline t) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StateCodec.writeTimeline(t, new DataOutputStream(bytes));
        return StateCodec.readTimeline(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

}
