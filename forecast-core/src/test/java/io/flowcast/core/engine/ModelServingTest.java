package io.flowcast.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.json.Json;
import io.flowcast.core.lstm.LstmWeights;
import io.flowcast.core.models.ModelGate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which LSTM the keyed operator serves, without Flink: the model file, then what the gate accepts. */
class ModelServingTest {
    private static final BucketSize HOURLY = BucketSize.parse("1h");
    private static final int HORIZON = 2;
    private static final EngineSettings SETTINGS =
            new EngineSettings(HOURLY, 24, HORIZON, 10, Duration.ZERO, "lstm", 2, null);

    private static String model(String version, long sequence, int horizon) {
        FeatureSpec spec = FeatureSpec.of(HOURLY, horizon, 4);
        ModelRecord r = new ModelRecord();
        r.modelName = "m";
        r.version = version;
        r.sequence = sequence;
        r.featureSpec = spec;
        return Json.toString(r.withPayload(LstmWeights.random(spec.nIn, 4, spec.horizon, sequence, 0.5f).toBytes(),
                new byte[0]));
    }

    @Test
    void shouldServeTheModelFileUntilAModelIsKeptAndDecodeEachVersionOnce() {
        ModelServing serving = new ModelServing(SETTINGS, "m", model("file", 1, HORIZON), List.of());
        serving.open(SETTINGS);
        ServedModel fromFile = serving.serve(null);
        assertThat(fromFile.version()).isEqualTo("file");
        assertThat(serving.serve(null)).isSameAs(fromFile);

        String v2 = model("v2", 2, HORIZON);
        ModelGate.Decision d = serving.judge(v2, null);
        assertThat(d.accepted()).isTrue();
        String kept = Json.toString(d.record());
        ServedModel served = serving.serve(kept);
        assertThat(served.version()).isEqualTo("v2");
        assertThat(serving.serve(kept)).isSameAs(served);
    }

    @Test
    void shouldRefuseAModelOfAnotherHorizonAndServeNothingWithoutAModel() {
        ModelServing serving = new ModelServing(SETTINGS, "m", null, List.of());
        serving.open(SETTINGS);
        assertThat(serving.serve(null)).isNull();
        assertThat(serving.judge(model("v9", 9, HORIZON + 1), null).accepted()).isFalse();
    }

    @Test
    void shouldRefuseABadModelFileWhenTheJobIsBuilt() {
        assertThatThrownBy(() -> new ModelServing(SETTINGS, "m", model("file", 1, HORIZON + 1), List.of()))
                .hasMessageContaining("--model-file");
    }
}
