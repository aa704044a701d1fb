package io.flowcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.lstm.LstmWeights;
import io.flowcast.core.models.ModelGate;
import io.flowcast.core.models.ModelKeys;
import io.flowcast.core.models.ModelSigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ModelPublisherTest {
    private static ModelRecord record() {
        ModelRecord r = new ModelRecord();
        r.modelName = "demand-lstm";
        r.version = "v1";
        r.sequence = 7;
        r.featureSpec = FeatureSpec.of(BucketSize.parse("1d"), 7, 32);
        return r.withPayload(LstmWeights.random(5, 32, 7, 1, 0.2f).toBytes(), new byte[] {9, 9, 9});
    }

    @Test
    void shouldKeyTheRecordByNameAndVersionAndSignItWithoutTheDl4jZip() {
        KeyPair keys = ModelKeys.generate();
        ModelRecord r = record();
        ProducerRecord<String, byte[]> pr = ModelPublisher.toProducerRecord("models", r,
                new ModelSigner(keys.getPrivate(), keys.getPublic()));
        assertThat(pr.topic()).isEqualTo("models");
        assertThat(pr.key()).isEqualTo("demand-lstm@v1");

        ModelGate gate = new ModelGate(List.of(keys.getPublic()), r.featureSpec, "demand-lstm");
        ModelGate.Decision d = gate.judge(new String(pr.value(), StandardCharsets.UTF_8), null);
        assertThat(d.accepted()).as(d.reason()).isTrue();
        assertThat(d.record().sequence).isEqualTo(7);
        assertThat(d.record().dl4jModel).isNull();
        assertThat(r.dl4jModel).as("the caller's record keeps its zip for the report").isNotNull();
    }

    @Test
    void shouldPublishPlainJsonWithoutASigner() {
        ProducerRecord<String, byte[]> pr = ModelPublisher.toProducerRecord("models", record(), null);
        String json = new String(pr.value(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"modelName\":\"demand-lstm\"").doesNotContain("signature").doesNotContain("dl4jModel");
    }
}
