package io.flowcast.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.json.Json;
import org.junit.jupiter.api.Test;

class ValidationJsonTest {
    @Test
    void shouldLeaveMetricsNotComputedOutOfTheJsonAndReadThemBackAsNaN() {
        ModelRecord.Validation v = new ModelRecord.Validation();
        v.wape = 0.62;
        v.decision = "PUBLISH";

        String json = Json.toString(v);
        ModelRecord.Validation back = Json.fromString(json, ModelRecord.Validation.class);

        assertThat(json).doesNotContain("NaN").doesNotContain("championWape").contains("\"wape\":0.62");
        assertThat(back.wape).isEqualTo(0.62);
        assertThat(back.championWape).isNaN();
        // records already on the topic with "NaN" strings still read
        assertThat(Json.fromString("{\"championWape\":\"NaN\"}", ModelRecord.Validation.class).championWape).isNaN();
    }
}
