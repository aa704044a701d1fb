package io.flowcast.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.json.Json;
import io.flowcast.core.lstm.LstmWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ModelRecordTest {
    private static final FeatureSpec SPEC = FeatureSpec.of(BucketSize.parse("1d"), 7, 32);

    static ModelRecord record(LstmWeights w, FeatureSpec spec) {
        ModelRecord r = new ModelRecord();
        r.modelName = "demand-lstm";
        r.version = "v3";
        r.createdAt = 1_700_000_000_000L;
        r.featureSpec = spec;
        r.trainingFrom = 1;
        r.trainingTo = 2;
        r.validation = new ModelRecord.Validation();
        r.validation.wape = 0.4;
        r.validation.championVersion = "v2";
        return r.withPayload(w.toBytes(), new byte[] {1, 2, 3});
    }

    @Test
    void shouldRoundTripThroughJsonAndPassItsChecks() {
        ModelRecord r = record(LstmWeights.random(5, 32, 7, 1, 0.3f), SPEC);
        ModelRecord back = Json.fromBytes(Json.toBytes(r), ModelRecord.class);
        assertThat(back.verify(SPEC)).isEmpty();
        assertThat(back.probe()).isEmpty();
        assertThat(back.featureSpec).isEqualTo(SPEC);
        assertThat(back.validation.wape).isEqualTo(0.4);
        assertThat(back.validation.mase).isNaN();
        assertThat(back.kernelWeights().toBytes()).isEqualTo(r.kernelWeights().toBytes());
        assertThat(back.dl4jModelBytes()).containsExactly(1, 2, 3);
        assertThat(ModelRecord.nextVersion(back.version)).isEqualTo("v4");
        assertThat(ModelRecord.nextVersion(null)).isEqualTo("v1");
    }

    @Test
    void shouldRefuseATamperedPayload() {
        ModelRecord r = record(LstmWeights.random(5, 32, 7, 1, 0.3f), SPEC);
        byte[] w = Base64.getDecoder().decode(r.weights);
        w[100] ^= 1;
        r.weights = Base64.getEncoder().encodeToString(w);
        assertThat(r.verify(SPEC)).anySatisfy(s -> assertThat(s).contains("checksum mismatch"));
    }

    @Test
    void shouldRefuseTruncatedWeightsEvenWithAMatchingChecksum() {
        ModelRecord r = record(LstmWeights.random(5, 32, 7, 1, 0.3f), SPEC);
        byte[] w = Base64.getDecoder().decode(r.weights);
        r.withPayload(Arrays.copyOf(w, w.length - 40), new byte[] {1, 2, 3});
        assertThat(r.verify(SPEC)).anySatisfy(s -> assertThat(s).contains("bad weights"));
    }

    @Test
    void shouldRefuseWrongInputWidthOrHorizon() {
        ModelRecord wrongNIn = record(LstmWeights.random(7, 32, 7, 1, 0.3f), SPEC);
        assertThat(wrongNIn.verify(SPEC)).anySatisfy(s -> assertThat(s).contains("nIn 7 != feature spec nIn 5"));
        ModelRecord wrongH = record(LstmWeights.random(5, 32, 14, 1, 0.3f), SPEC);
        assertThat(wrongH.verify(SPEC)).anySatisfy(s -> assertThat(s).contains("nOut 14 != feature spec horizon 7"));
        FeatureSpec jobSpec = FeatureSpec.of(BucketSize.parse("1d"), 14, 32);
        assertThat(record(LstmWeights.random(5, 32, 7, 1, 0.3f), SPEC).verify(jobSpec))
                .anySatisfy(s -> assertThat(s).contains("horizon 7 != 14"));
    }

    @Test
    void shouldRefuseNonFiniteWeights() {
        byte[] w = LstmWeights.random(5, 32, 7, 1, 0.3f).toBytes();
        ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN).putFloat(LstmWeights.HEADER_BYTES + 4 * 700, Float.NaN);
        ModelRecord r = record(LstmWeights.random(5, 32, 7, 1, 0.3f), SPEC).withPayload(w, new byte[0]);
        assertThat(r.verify(SPEC)).anySatisfy(s -> assertThat(s).contains("non-finite weights in [rw]"));
        assertThat(r.probe()).isNotEmpty();
    }
}
