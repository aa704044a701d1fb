package io.flowcast.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import java.io.IOException;

/**
 * Writes a {@link Forecast} field by field, byte for byte as Jackson's bean serializer would
 * (same fields, order and number text; {@code ForecastSerializerTest} holds it to that), but without
 * bean introspection, and with the numbers the engine rounds to a thousandth written digit by digit
 * instead of by a general double-to-text conversion: the two were 40% of the keyed operator's time.
 */
final class ForecastSerializer extends StdSerializer<Forecast> {
    private static final long serialVersionUID = 1L;

    ForecastSerializer() {
        super(Forecast.class);
    }

    @Override
    public void serialize(Forecast f, JsonGenerator g, SerializerProvider provider) throws IOException {
        char[] digits = new char[24];
        g.writeStartObject();
        g.writeNumberField("schemaVersion", f.schemaVersion);
        stringField(g, "productId", f.productId);
        g.writeNumberField("bucketStart", f.bucketStart);
        g.writeNumberField("bucketSizeMillis", f.bucketSizeMillis);
        number(g, "actual", f.actual, digits);
        g.writeNumberField("actualOrders", f.actualOrders);
        number(g, "expectedOrders", f.expectedOrders, digits);
        if (f.steps != null) {
            g.writeArrayFieldStart("steps");
            for (ForecastStep s : f.steps) {
                if (s == null) {
                    g.writeNull();
                    continue;
                }
                g.writeStartObject();
                g.writeNumberField("step", s.step);
                g.writeNumberField("bucketStart", s.bucketStart);
                number(g, "point", s.point, digits);
                number(g, "p10", s.p10, digits);
                number(g, "p50", s.p50, digits);
                number(g, "p90", s.p90, digits);
                g.writeBooleanField("consistent", s.isConsistent()); // a getter, so the bean serializer wrote it
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        stringField(g, "forecaster", f.forecaster);
        stringField(g, "modelVersion", f.modelVersion);
        g.writeNumberField("revision", f.revision);
        g.writeNumberField("producedAt", f.producedAt);
        g.writeEndObject();
    }

    /** Nulls are left out, as the mapper's NON_NULL inclusion does. */
    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator g, String name, double v, char[] digits) throws IOException {
        g.writeFieldName(name);
        int n = thousandths(v, digits);
        if (n > 0) {
            g.writeNumber(digits, 0, n);
        } else {
            g.writeNumber(v);
        }
    }

    /**
     * Writes {@code v} into {@code out} as Java's shortest double text would ("2.5", "1.0", "0.001")
     * when it is a whole number of thousandths in [0.001, 10^7) or +0 (there the shortest text is the
     * decimal of those thousandths, trailing zeros dropped); returns its length, or 0 for any other
     * value (negative zero, negatives, non-finite, finer than a thousandth, 10^7 and above, which has
     * an exponent), left to Jackson.
     */
    static int thousandths(double v, char[] out) {
        if (Double.doubleToRawLongBits(v) == 0L) {
            out[0] = '0';
            out[1] = '.';
            out[2] = '0';
            return 3;
        }
        if (!(v >= 0.001 && v < 1e7)) {
            return 0;
        }
        long k = Math.round(v * 1000.0);
        if (k / 1000.0 != v) {
            return 0; // not the double nearest a whole number of thousandths
        }
        long whole = k / 1000;
        int frac = (int) (k % 1000);
        int n = 0;
        if (whole == 0) {
            out[n++] = '0';
        } else {
            int start = n;
            for (long w = whole; w > 0; w /= 10) {
                out[n++] = (char) ('0' + w % 10);
            }
            for (int i = start, j = n - 1; i < j; i++, j--) {
                char c = out[i];
                out[i] = out[j];
                out[j] = c;
            }
        }
        out[n++] = '.';
        out[n++] = (char) ('0' + frac / 100);
        if (frac % 100 != 0) {
            out[n++] = (char) ('0' + frac / 10 % 10);
            if (frac % 10 != 0) {
                out[n++] = (char) ('0' + frac % 10);
            }
        }
        return n;
    }
}
