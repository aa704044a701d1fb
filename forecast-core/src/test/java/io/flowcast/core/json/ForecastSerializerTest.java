package io.flowcast.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming forecast writer against Jackson's bean serializer: the same bytes, value for value. */
class ForecastSerializerTest {
    private static final ObjectMapper BEANS = Json.beanMapper();
    /** Values where the digit-by-digit path starts, stops, or must hand over to Jackson. */
    private static final double[] EDGES = {0.0, -0.0, 0.001, 0.0009999, 0.0005, 0.01, 0.05, 0.1, 0.999, 1.0, 1.5,
            2.25, 9.999, 10.0, 100.001, 123456.789, 999999.999, 9999999.999, 1e7, 1e7 + 0.001, 12345678.9, 1e15,
            -1.0, -0.001, -1e-300, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 0.1 + 0.2, 1.0 / 3, Math.nextUp(1.0), Math.nextDown(0.001), Math.nextUp(0.001),
            Math.nextDown(1e7), 4503599627370496.0};

    @Test
    void shouldWriteForecastsWithTheStreamingSerializer() throws Exception {
        assertThat(Json.MAPPER.getSerializerProviderInstance().findValueSerializer(Forecast.class))
                .isInstanceOf(ForecastSerializer.class);
    }

    @Test
    void shouldWriteTheSameBytesAsTheBeanSerializerForEdgeValues() throws Exception {
        for (double v : EDGES) {
            for (double w : EDGES) {
                Forecast f = forecast(v, w, 3);
                assertSameBytes(f);
            }
        }
    }

    @Test
    void shouldWriteTheSameBytesAsTheBeanSerializerForRandomForecasts() throws Exception {
        Random random = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            Forecast f = forecast(value(random), value(random), 1 + random.nextInt(30));
            for (ForecastStep s : f.steps) {
                s.point = value(random);
                s.p10 = value(random);
                s.p50 = value(random);
                s.p90 = value(random);
            }
            f.revision = random.nextInt(3);
            f.actualOrders = random.nextInt(5) - 1;
            f.productId = random.nextInt(10) == 0 ? null : "p-" + random.nextLong() + (i % 7 == 0 ? "\"é\u2603\n" : "");
            f.forecaster = random.nextInt(10) == 0 ? null : "auto";
            f.modelVersion = random.nextInt(10) == 0 ? null : "v" + i;
            assertSameBytes(f);
        }
    }

    @Test
    void shouldWriteNullStepsAndNoStepsAsTheBeanSerializerDoes() throws Exception {
        Forecast f = forecast(1, 2, 2);
        f.steps[1] = null;
        assertSameBytes(f);
        f.steps = null;
        assertSameBytes(f);
        f.steps = new ForecastStep[0];
        assertSameBytes(f);
    }

    @Test
    void shouldWriteThousandthsDigitByDigitAndLeaveTheRestToJackson() {
        char[] out = new char[24];
        assertThat(new String(out, 0, ForecastSerializer.thousandths(2.5, out))).isEqualTo("2.5");
        assertThat(new String(out, 0, ForecastSerializer.thousandths(0.05, out))).isEqualTo("0.05");
        assertThat(new String(out, 0, ForecastSerializer.thousandths(1234.007, out))).isEqualTo("1234.007");
        assertThat(ForecastSerializer.thousandths(1.0 / 3, out)).isZero();
        assertThat(ForecastSerializer.thousandths(-0.0, out)).isZero();
        assertThat(ForecastSerializer.thousandths(1e7, out)).isZero();
    }

    /** Mostly what the engine writes (thousandths, whole units), now and then anything at all. */
    private static double value(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return random.nextInt(50);
            case 1:
                return Math.round(random.nextDouble() * 10 * 1000.0) / 1000.0;
            case 2:
                return Math.round(Math.exp(random.nextGaussian() * 6) * 1000.0) / 1000.0;
            case 3:
                return Math.exp(random.nextGaussian() * 20) * (random.nextBoolean() ? 1 : -1);
            case 4:
                return Double.longBitsToDouble(random.nextLong());
            default:
                return EDGES[random.nextInt(EDGES.length)];
        }
    }

    private static Forecast forecast(double actual, double other, int steps) {
        Forecast f = new Forecast();
        f.productId = "85123A";
        f.bucketStart = 1_700_000_000_000L;
        f.bucketSizeMillis = 3_600_000L;
        f.actual = actual;
        f.actualOrders = 4;
        f.expectedOrders = other;
        f.steps = new ForecastStep[steps];
        for (int h = 1; h <= steps; h++) {
            f.steps[h - 1] = new ForecastStep(h, f.bucketStart + h * f.bucketSizeMillis, actual, other, actual, other);
        }
        f.forecaster = "robust-seasonal";
        f.modelVersion = "baseline";
        f.producedAt = 1_700_000_123_456L;
        return f;
    }

    private static void assertSameBytes(Forecast f) throws Exception {
        String expected = new String(BEANS.writeValueAsBytes(f), StandardCharsets.UTF_8);
        assertThat(new String(Json.toBytes(f), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(Json.toString(f)).isEqualTo(BEANS.writeValueAsString(f));
    }
}
