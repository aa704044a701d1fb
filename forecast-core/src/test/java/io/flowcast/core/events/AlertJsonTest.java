package io.flowcast.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowcast.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    private static final Path SCHEMA = Path.of("..", "schemas", "alerts.schema.json");

    private static Alert sample() {
        Alert a = new Alert();
        a.productId = "P1";
        a.bucketStart = 1_736_125_200_000L;
        a.bucketSizeMillis = 3_600_000L;
        a.kind = Alert.Kind.SPIKE;
        a.status = Alert.Status.OPEN;
        a.actual = 40;
        a.actualOrders = 19;
        a.expectedOrders = 5.0;
        a.expected = 10;
        a.intervalLow = 6;
        a.intervalHigh = 14;
        a.severity = Alert.Severity.CRITICAL;
        a.tailProbability = 1e-12;
        a.modelVersion = "baseline";
        a.forecaster = "tsb";
        a.reason = "sold 40";
        a.openedAt = a.bucketStart;
        a.alertId = Alert.alertId("P1", Alert.Kind.SPIKE, a.openedAt);
        a.producedAt = 1;
        return a;
    }

    @Test
    void shouldRoundTripThroughJson() {
        Alert a = sample();
        assertThat(Json.fromString(Json.toString(a), Alert.class)).isEqualTo(a);
    }

    @Test
    void shouldWriteEveryFieldTheSchemaRequiresAndNoneItDoesNotKnow() throws Exception {
        JsonNode schema = Json.MAPPER.readTree(Files.readString(SCHEMA));
        JsonNode written = Json.MAPPER.readTree(Json.toString(sample()));
        for (JsonNode required : schema.get("required")) {
            assertThat(written.has(required.asText())).as(required.asText()).isTrue();
        }
        List<String> unknown = new ArrayList<>();
        written.fieldNames().forEachRemaining(f -> {
            if (!schema.get("properties").has(f)) {
                unknown.add(f);
            }
        });
        assertThat(unknown).isEmpty();
        assertThat(written.get("kind").asText()).isEqualTo("SPIKE");
        assertThat(written.get("alertId").asText()).isEqualTo("P1:SPIKE:1736125200000");
    }

    @Test
    void shouldLeaveOutTheTailProbabilityOfAShift() {
        Alert a = sample();
        a.kind = Alert.Kind.SHIFT_UP;
        a.tailProbability = null;
        a.expectedOrders = null;
        assertThat(Json.toString(a)).doesNotContain("tailProbability").doesNotContain("expectedOrders");
    }
}
