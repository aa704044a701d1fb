package io.flowcast.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.core.engine.EngineSettings;
import io.flowcast.core.engine.ModelServing;
import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.buckets.DemandSeries;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.features.FeatureEncoder;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.json.Json;
import io.flowcast.core.lstm.LstmKernel;
import io.flowcast.core.lstm.LstmWeights;
import io.flowcast.job.records.BucketDelta;
import io.flowcast.job.state.KeyedStates;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hot-swapping LSTM models through the broadcast input: labels, nothing lost, refusals, restore. */
class ModelSwapTest {
    private static final BucketSize HOURLY = BucketSize.parse("1h");
    private static final long HOUR = HOURLY.millis();
    private static final long BEGINNING = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    private static final int HORIZON = 2;
    private static final int HIDDEN = 4;
    private static final EngineSettings LSTM_SETTINGS =
            new EngineSettings(HOURLY, 24, HORIZON, 10, Duration.ZERO, "lstm", 2, null);
    private static final double[] UNITS = {5, 3, 0, 7, 2, 4, 6, 1};

    private KeyedBroadcastOperatorTestHarness<String, BucketDelta, String, Forecast> harness;

    private static ProductForecastFunction function() {
        return function(null);
    }

    private static ProductForecastFunction function(String modelFileJson) {
        return new ProductForecastFunction(LSTM_SETTINGS, null, new ModelServing(LSTM_SETTINGS, "m", modelFileJson, List.of()));
    }

    private static KeyedBroadcastOperatorTestHarness<String, BucketDelta, String, Forecast> newHarness()
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(function(), List.of(KeyedStates.MODELS)),
                d -> d.productId, Types.STRING, 1, 1, 0);
    }

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness();
        harness.open();
        harness.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE); // as ForecastPipeline.modelWatermarks()
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    static FeatureSpec spec(int horizon) {
        return FeatureSpec.of(HOURLY, horizon, HIDDEN);
    }

    static ModelRecord model(String version, long seed, FeatureSpec spec) {
        ModelRecord r = new ModelRecord();
        r.modelName = "m";
        r.version = version;
        r.sequence = seed; // the publisher's order
        r.featureSpec = spec;
        return r.withPayload(LstmWeights.random(spec.nIn, HIDDEN, spec.horizon, seed, 0.5f).toBytes(), new byte[0]);
    }

    /** Closes bucket i of {@link #UNITS}: its orders, then the watermark at its end. */
    private void closeBucket(int i) throws Exception {
        long start = BEGINNING + i * HOUR;
        if (UNITS[i] > 0) {
            harness.processElement(new BucketDelta("A", start, new BucketAggregate(UNITS[i], UNITS[i] * 2, 1, 0), start), start);
        }
        harness.processWatermark(HOURLY.closeTime(start));
    }

    /** What the LSTM must say after bucket {@code last}: the kernel run from zero over the whole history. */
    private static double[] expectedLstm(ModelRecord record, int last) {
        FeatureEncoder encoder = new FeatureEncoder(spec(HORIZON));
        DemandSeries series = io.flowcast.core.buckets.ArraySeries.of(HOURLY, BEGINNING, Arrays.copyOf(UNITS, last + 1));
        // ArraySeries has no prices: give the encoder the same mean price (2.0) the deltas carry
        FeatureEncoder.Encoded enc = encoder.encodeSeries(new PricedSeries(series, 2.0));
        LstmKernel kernel = new LstmKernel(record.kernelWeights());
        float[][] out = kernel.outputSequence(enc.x);
        double[] point = new double[HORIZON];
        for (int h = 0; h < HORIZON; h++) {
            point[h] = Math.max(0, out[last][h] * enc.scales[last]);
        }
        return point;
    }

    @Test
    void shouldLabelForecastsBaselineThenV1ThenV2WithNoBucketLostOrDoubled() throws Exception {
        ModelRecord v1 = model("v1", 1, spec(HORIZON));
        ModelRecord v2 = model("v2", 2, spec(HORIZON));
        closeBucket(0);
        closeBucket(1);
        harness.processBroadcastElement(Json.toString(v1), 0L);
        closeBucket(2);
        closeBucket(3);
        harness.processBroadcastElement(Json.toString(v2), 0L);
        closeBucket(4);
        closeBucket(5);

        List<Forecast> out = harness.extractOutputValues();
        assertThat(out).extracting(f -> (f.bucketStart - BEGINNING) / HOUR).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(out).extracting(f -> f.modelVersion)
                .containsExactly("baseline", "baseline", "v1", "v1", "v2", "v2");
        assertThat(out.subList(2, 6)).extracting(f -> f.forecaster).containsOnly("lstm");
        // bucket 2 re-warmed v1 over the ring, bucket 3 took one step: both equal a run from scratch
        for (int b = 2; b <= 5; b++) {
            double[] expected = expectedLstm(b < 4 ? v1 : v2, b);
            for (int h = 0; h < HORIZON; h++) {
                assertThat(out.get(b).steps[h].point).as("bucket %d step %d", b, h + 1).isCloseTo(expected[h], within(1e-3));
            }
        }
    }

    @Test
    void shouldRefuseCorruptTruncatedMisshapedAndNonFiniteModelsAndKeepServingTheOldOne() throws Exception {
        closeBucket(0);
        harness.processBroadcastElement(Json.toString(model("v1", 1, spec(HORIZON))), 0L);
        closeBucket(1);

        harness.processBroadcastElement("{not a model", 0L);
        ModelRecord tampered = model("v2", 2, spec(HORIZON));
        tampered.sha256 = "00" + tampered.sha256.substring(2);
        harness.processBroadcastElement(Json.toString(tampered), 0L);
        ModelRecord truncated = model("v3", 3, spec(HORIZON));
        byte[] w = Base64.getDecoder().decode(truncated.weights);
        truncated.withPayload(Arrays.copyOf(w, w.length - 8), new byte[0]); // checksum fine, length wrong
        harness.processBroadcastElement(Json.toString(truncated), 0L);
        harness.processBroadcastElement(Json.toString(model("v4", 4, spec(HORIZON + 1))), 0L); // wrong horizon
        LstmWeights good = LstmWeights.random(spec(HORIZON).nIn, HIDDEN, HORIZON, 5, 0.5f);
        float[][] arrays = good.arrays();
        arrays[1][0] = Float.NaN;
        ModelRecord nan = model("v5", 5, spec(HORIZON));
        nan.withPayload(new LstmWeights(spec(HORIZON).nIn, HIDDEN, HORIZON, arrays[0], arrays[1], arrays[2], arrays[3],
                arrays[4]).toBytes(), new byte[0]);
        harness.processBroadcastElement(Json.toString(nan), 0L);
        closeBucket(2);

        assertThat(harness.extractOutputValues()).extracting(f -> f.modelVersion)
                .containsExactly("baseline", "v1", "v1");
        assertThat(harness.getBroadcastState(KeyedStates.MODELS).get("m")).contains("\"version\":\"v1\"");
    }

    @Test
    void shouldServeTheLastAcceptedModelAfterARestoreFromACheckpoint() throws Exception {
        closeBucket(0);
        harness.processBroadcastElement(Json.toString(model("v1", 1, spec(HORIZON))), 0L);
        closeBucket(1);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        harness.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
        closeBucket(2);

        List<Forecast> out = harness.extractOutputValues();
        assertThat(out).extracting(f -> f.modelVersion).containsExactly("v1");
        assertThat(out.get(0).bucketStart).isEqualTo(BEGINNING + 2 * HOUR);
    }

    @Test
    void shouldIgnoreAReplayedOlderVersion() throws Exception {
        harness.processBroadcastElement(Json.toString(model("v2", 2, spec(HORIZON))), 0L);
        harness.processBroadcastElement(Json.toString(model("v1", 1, spec(HORIZON))), 0L);
        assertThat(harness.getBroadcastState(KeyedStates.MODELS).get("m")).contains("\"version\":\"v2\"");
    }

    @Test
    void shouldServeAModelFileFromTheFirstBucketAndRefuseABadOne() throws Exception {
        ModelRecord v1 = model("v1", 1, spec(HORIZON));
        harness.close();
        harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                function(Json.toString(v1)),
                List.of(KeyedStates.MODELS)), d -> d.productId, Types.STRING, 1, 1, 0);
        harness.open();
        harness.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
        closeBucket(0);
        closeBucket(1);
        assertThat(harness.extractOutputValues()).extracting(f -> f.modelVersion).containsExactly("baseline", "v1");

        ModelRecord wrongHorizon = model("v9", 9, spec(HORIZON + 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> function(Json.toString(wrongHorizon)))
                .hasMessageContaining("--model-file").hasMessageContaining("horizon");
    }

    @Test
    void shouldServeOnlySignedModelsWhenTheJobHasAKeyAndTakeARollbackWithAHigherSequence() throws Exception {
        java.security.KeyPair key = io.flowcast.core.models.ModelKeys.generate();
        java.security.KeyPair other = io.flowcast.core.models.ModelKeys.generate();
        String pem = java.nio.file.Files.readString(writeKey(key));
        harness.close();
        harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new ProductForecastFunction(LSTM_SETTINGS, null, new ModelServing(LSTM_SETTINGS, "m", null, List.of(pem))),
                List.of(KeyedStates.MODELS)), d -> d.productId, Types.STRING, 1, 1, 0);
        harness.open();
        harness.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
        var signer = new io.flowcast.core.models.ModelSigner(key.getPrivate(), key.getPublic());
        var stranger = new io.flowcast.core.models.ModelSigner(other.getPrivate(), other.getPublic());

        harness.processBroadcastElement(Json.toString(model("v1", 1, spec(HORIZON))), 0L); // unsigned
        harness.processBroadcastElement(Json.toString(stranger.sign(model("v2", 2, spec(HORIZON)))), 0L); // wrong key
        assertThat(harness.getBroadcastState(KeyedStates.MODELS).get("m")).isNull();

        harness.processBroadcastElement(Json.toString(signer.sign(model("v3", 3, spec(HORIZON)))), 0L);
        harness.processBroadcastElement(Json.toString(signer.sign(model("v4", 4, spec(HORIZON)))), 0L);
        ModelRecord rollback = model("v3", 3, spec(HORIZON));
        rollback.sequence = 5;
        rollback.rolledBackFrom = "v4";
        harness.processBroadcastElement(Json.toString(signer.sign(rollback)), 0L);
        closeBucket(0);
        closeBucket(1);
        assertThat(harness.extractOutputValues()).extracting(f -> f.modelVersion).containsExactly("baseline", "v3");
        assertThat(harness.getBroadcastState(KeyedStates.MODELS).get("m")).contains("\"sequence\":5");
    }

    private static java.nio.file.Path writeKey(java.security.KeyPair key) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("keys");
        io.flowcast.core.models.ModelKeys.write(key, dir, "k");
        return dir.resolve("k.pub");
    }

    /** A series with a constant mean price where it sold: what the harness deltas carry. */
    private record PricedSeries(DemandSeries s, double price) implements DemandSeries {
        public int length() { return s.length(); }
        public double units(int i) { return s.units(i); }
        public double meanPrice(int i) { return s.units(i) > 0 ? price : Double.NaN; }
        public boolean promotion(int i) { return false; }
        public long bucketStart(int i) { return s.bucketStart(i); }
        public long bucketSizeMillis() { return s.bucketSizeMillis(); }
    }
}
