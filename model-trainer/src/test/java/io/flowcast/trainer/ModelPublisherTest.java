package io.flowcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.json.Json;
import io.flowcast.core.lstm.LstmWeights;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ModelPublisherTest {
    @Test
    void shouldKeyTheRecordByModelNameWithTheJsonAsValue() {
        ModelRecord r = new ModelRecord();
        r.modelName = "demand-lstm";
        r.version = "v1";
        r.featureSpec = FeatureSpec.of(BucketSize.parse("1d"), 7, 32);
        r.withPayload(LstmWeights.random(5, 32, 7, 1, 0.2f).toBytes(), new byte[] {9});
        ProducerRecord<String, byte[]> pr = ModelPublisher.toProducerRecord("models", r);
        assertThat(pr.topic()).isEqualTo("models");
        assertThat(pr.key()).isEqualTo("demand-lstm");
        ModelRecord back = Json.fromBytes(pr.value(), ModelRecord.class);
        assertThat(back.verify(r.featureSpec)).isEmpty();
        assertThat(back.sha256).isEqualTo(r.sha256);
    }
}
