package io.flowcast.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.flowcast.core.events.Forecast;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson setup for every topic: unknown fields tolerated, nulls left out; forecasts, the
 * job's bulk output, are written by a streaming {@link ForecastSerializer}.
 */
public final class Json {
    public static final ObjectMapper MAPPER = beanMapper()
            .registerModule(new SimpleModule("flowcast").addSerializer(Forecast.class, new ForecastSerializer()));

    private Json() {}

    /** The setup with Jackson's bean serializers only (what {@link ForecastSerializer} must reproduce). */
    static ObjectMapper beanMapper() {
        // Schubfach double printing: JDK Double.toString was the top cost of writing the numbers Jackson writes
        return new ObjectMapper(JsonFactory.builder()
                        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                        .build())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T fromBytes(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T fromString(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
