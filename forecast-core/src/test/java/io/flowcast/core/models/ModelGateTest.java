package io.flowcast.core.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.json.Json;
import io.flowcast.core.lstm.LstmWeights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attacks a writer to the models topic can try, against a job with and without a key. */
class ModelGateTest {
    private static final FeatureSpec SPEC = FeatureSpec.of(BucketSize.parse("1h"), 2, 4);
    private static final KeyPair TRAINER = ModelKeys.generate();
    private static final KeyPair NEXT_TRAINER = ModelKeys.generate(); // the key a rotation moves to
    private static final KeyPair FORGER = ModelKeys.generate();
    private static final ModelSigner SIGNER = new ModelSigner(TRAINER.getPrivate(), TRAINER.getPublic());

    private final ModelGate withKey = new ModelGate(List.of(TRAINER.getPublic()), SPEC, "m");
    private final ModelGate withoutKey = new ModelGate(List.of(), SPEC, "m");

    private static ModelRecord model(String version, long sequence, long seed) {
        ModelRecord r = new ModelRecord();
        r.modelName = "m";
        r.version = version;
        r.sequence = sequence;
        r.featureSpec = SPEC;
        return r.withPayload(LstmWeights.random(SPEC.nIn, 4, 2, seed, 0.5f).toBytes(), new byte[0]);
    }

    private static String signed(ModelRecord r) {
        return Json.toString(SIGNER.sign(r));
    }

    @Test
    void shouldAcceptASignedModelAndRefuseAnUnsignedOneWhenTheJobHasAKey() {
        ModelGate.Decision ok = withKey.judge(signed(model("v1", 1, 1)), null);
        assertThat(ok.accepted()).as(ok.reason()).isTrue();
        assertThat(ok.label()).contains("key " + ModelKeys.keyId(TRAINER.getPublic()));

        ModelGate.Decision unsigned = withKey.judge(Json.toString(model("v1", 1, 1)), null);
        assertThat(unsigned.verdict()).isEqualTo(ModelGate.Verdict.REFUSE);
        assertThat(unsigned.reason()).startsWith("unsigned");
    }

    @Test
    void shouldRefuseTheServedModelWithOneBiasChangedAndItsChecksumRecomputed() {
        ModelRecord served = model("v1", 1, 1);
        // the attack of the issue: the signed envelope kept, one output bias set to 50, checksum fixed up
        var envelope = SIGNER.sign(served);
        ModelRecord copy = Json.fromBytes(Base64.getDecoder().decode(envelope.payload), ModelRecord.class);
        float[][] a = copy.kernelWeights().arrays();
        a[4][0] = 50f;
        copy.withPayload(new LstmWeights(SPEC.nIn, 4, 2, a[0], a[1], a[2], a[3], a[4]).toBytes(), new byte[0]);
        copy.sequence = 2;
        envelope.payload = Base64.getEncoder().encodeToString(Json.toBytes(copy));
        assertThat(copy.verify(SPEC)).as("the checksum alone would pass it").isEmpty();

        ModelGate.Decision d = withKey.judge(Json.toString(envelope), null);
        assertThat(d.verdict()).isEqualTo(ModelGate.Verdict.REFUSE);
        assertThat(d.reason()).contains("signature does not verify");
    }

    @Test
    void shouldRefuseARecordSignedByAnUnknownKeyAndAcceptBothKeysDuringARotation() {
        ModelSigner forger = new ModelSigner(FORGER.getPrivate(), FORGER.getPublic());
        assertThat(withKey.judge(Json.toString(forger.sign(model("v9223372036854775807", Long.MAX_VALUE, 1))), null).reason())
                .contains("not one of the trusted");

        ModelGate rotating = new ModelGate(List.of(TRAINER.getPublic(), NEXT_TRAINER.getPublic()), SPEC, "m");
        ModelSigner next = new ModelSigner(NEXT_TRAINER.getPrivate(), NEXT_TRAINER.getPublic());
        ModelRecord v1 = rotating.judge(signed(model("v1", 1, 1)), null).record();
        assertThat(v1).isNotNull();
        assertThat(rotating.judge(Json.toString(next.sign(model("v2", 2, 2))), v1).accepted()).isTrue();
    }

    @Test
    void shouldOrderBySignedSequenceNotByTheVersionLabelAndSayWhyAnOlderOneIsNotTaken() {
        ModelRecord served = withKey.judge(signed(model("v5", 5, 1)), null).record();
        ModelGate.Decision replay = withKey.judge(signed(model("v4", 4, 2)), served);
        assertThat(replay.verdict()).isEqualTo(ModelGate.Verdict.REFUSE);
        assertThat(replay.reason()).contains("sequence 4 is not after the served v5's 5");
        // a huge version label buys nothing: the next signed sequence is what counts
        assertThat(withKey.judge(signed(model("v9223372036854775807", 6, 3)), served).accepted()).isTrue();
        ModelRecord afterLabel = withKey.judge(signed(model("v9223372036854775807", 6, 3)), served).record();
        assertThat(withKey.judge(signed(model("v6", 7, 4)), afterLabel).accepted()).isTrue();
    }

    @Test
    void shouldTakeASignedRollbackOfAnOlderModel() {
        ModelRecord v2 = withKey.judge(signed(model("v2", 2, 2)), null).record();
        ModelRecord rollback = model("v1", 3, 1);
        rollback.rolledBackFrom = "v2";
        ModelGate.Decision d = withKey.judge(signed(rollback), v2);
        assertThat(d.accepted()).isTrue();
        assertThat(d.record().version).isEqualTo("v1");
        assertThat(d.record().rolledBackFrom).isEqualTo("v2");
    }

    @Test
    void shouldNotCarryTheDl4jZipWhichNothingChecksOrUses() {
        ModelRecord r = model("v1", 1, 1);
        byte[] junk = new byte[650_000];
        new Random(1).nextBytes(junk);
        r.withPayload(Base64.getDecoder().decode(r.weights), junk);
        ModelGate.Decision d = withoutKey.judge(Json.toString(r), null);
        assertThat(d.accepted()).isTrue();
        assertThat(d.record().dl4jModel).isNull();
        assertThat(d.record().verify(SPEC)).as("checksum kept true without the zip").isEmpty();
        assertThat(Json.toString(d.record()).length()).isLessThan(10_000);
    }

    @Test
    void shouldRefuseBrokenRecordsWithAReasonAndIgnoreOtherModelNames() {
        assertThat(withKey.judge("{not json", null).reason()).startsWith("not JSON");
        assertThat(withKey.judge("[1,2]", null).reason()).isEqualTo("not a JSON object");
        assertThat(withKey.judge("{\"payload\":\"%%%\",\"signature\":\"x\",\"keyId\":\"y\"}", null).reason())
                .startsWith("not a signed model record");
        ModelRecord other = model("v1", 1, 1);
        other.modelName = "someone-elses";
        assertThat(withKey.judge(signed(other), null).verdict()).isEqualTo(ModelGate.Verdict.OTHER_MODEL);
        ModelRecord wrongHorizon = model("v1", 1, 1);
        wrongHorizon.featureSpec = FeatureSpec.of(BucketSize.parse("1h"), 3, 4);
        assertThat(withKey.judge(signed(wrongHorizon), null).reason()).contains("horizon");
    }

    @Test
    void shouldReadTheKeyFilesItWrites(@TempDir Path dir) throws Exception {
        KeyPair pair = ModelKeys.generate();
        ModelKeys.write(pair, dir, "k");
        assertThat(Files.readString(dir.resolve("k.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
        ModelSigner fromFile = ModelSigner.fromKeyFile(dir.resolve("k.key"));
        ModelGate gate = ModelGate.fromPems(ModelKeys.readPublicPems(dir.resolve("k.pub").toString()), SPEC, "m");
        assertThat(gate.judge(Json.toString(fromFile.sign(model("v1", 1, 1))), null).accepted()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelKeys.write(pair, dir, "k"))
                .hasMessageContaining("not overwriting");
        Files.writeString(dir.resolve("bad.pub"), "hello".getBytes(StandardCharsets.UTF_8).length + "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelKeys.readPublicPems(dir.resolve("bad.pub").toString()))
                .hasMessageContaining("bad.pub");
    }
}
