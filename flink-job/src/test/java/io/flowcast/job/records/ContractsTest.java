package io.flowcast.job.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.core.json.Json;
import io.flowcast.core.json.OrderJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The topic contracts: Flink serializes them without Kryo, and their JSON matches schemas/. */
class ContractsTest {
    @ParameterizedTest
    @ValueSource(classes = {OrderEvent.class, Forecast.class, ForecastStep.class, DeadLetter.class, ParsedOrder.class,
            BucketDelta.class, BucketAggregate.class, Alert.class})
    void shouldBeFlinkPojosWithoutGenericFields(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        assertNoGenericTypes(info, type.getSimpleName());
    }

    private static void assertNoGenericTypes(TypeInformation<?> info, String path) {
        assertThat(info).as("Kryo would serialize %s", path).isNotInstanceOf(GenericTypeInfo.class);
        if (info instanceof PojoTypeInfo) {
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
            for (int i = 0; i < pojo.getArity(); i++) {
                assertNoGenericTypes(pojo.getPojoFieldAt(i).getTypeInformation(),
                        path + "." + pojo.getPojoFieldAt(i).getField().getName());
            }
        } else if (info instanceof org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo) {
            assertNoGenericTypes(((org.apache.flink.api.java.typeutils.ObjectArrayTypeInfo<?, ?>) info).getComponentInfo(),
                    path + "[]");
        }
    }

    private static JsonSchema schema(String name) throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("schemas"))) {
            dir = dir.getParent();
        }
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(dir.resolve("schemas").resolve(name)));
    }

    private static Set<ValidationMessage> validate(String schema, Object value) throws Exception {
        JsonNode node = Json.MAPPER.readTree(Json.toBytes(value));
        return schema(schema).validate(node);
    }

    @Test
    void shouldWriteForecastsAsTheSchemaSays() throws Exception {
        Forecast f = new Forecast();
        f.productId = "A";
        f.bucketStart = 0;
        f.bucketSizeMillis = 3_600_000;
        f.actual = 4;
        f.steps = new ForecastStep[] {new ForecastStep(1, 3_600_000, 3, 1, 3, 5)};
        f.forecaster = "tsb";
        f.modelVersion = "baseline";
        f.producedAt = 1;
        assertThat(validate("forecasts.schema.json", f)).isEmpty();
        f.steps[0].p10 = -1;
        assertThat(validate("forecasts.schema.json", f)).isNotEmpty(); // the schema does check
    }

    @Test
    void shouldWriteDeadLettersAsTheSchemaSays() throws Exception {
        DeadLetter d = OrderJson.parse("{oops".getBytes(), Long.MAX_VALUE).deadLetter.from("orders", 1, 42);
        assertThat(validate("dead-letters.schema.json", d)).isEmpty();
    }

    @Test
    void shouldAcceptWhatTheOrderSchemaAcceptsAndParseIt() throws Exception {
        OrderEvent e = new OrderEvent("o1", "P1", 2, 3.5, 1_700_000_000_000L);
        assertThat(validate("orders.schema.json", e)).isEmpty();
        assertThat(OrderJson.parse(Json.toBytes(e), Long.MAX_VALUE).order).isEqualTo(e);
        String iso = "{\"productId\":\"P1\",\"quantity\":1,\"unitPrice\":1.5,\"eventTime\":\"2011-06-01T12:00:00+01:00\"}";
        assertThat(schema("orders.schema.json").validate(Json.MAPPER.readTree(iso))).isEmpty();
        assertThat(OrderJson.parse(iso.getBytes(), Long.MAX_VALUE).order.eventTime).isEqualTo(1306926000000L);
    }
}
