package io.flowcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.backtest.sources.FileInput;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.json.Json;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.ForecastPipeline;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.records.ParsedOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the job's forecasts and alerts on a replay of the shared Online Retail file: each product's
 * forecasts and alerts (every field but producedAt) are digested and compared with the golden file
 * the job wrote before the keyed operator was rebuilt on {@code io.flowcast.core.engine} (issue 13).
 * Two runs: hourly buckets with the statistical forecasters, and daily buckets serving the LSTM of
 * {@code docs/models/online-retail-lstm-v1.json}.
 *
 * <p>A deliberate change of forecasts or alerts rewrites the golden files:
 * {@code mvn -pl backtest -am verify -Dtest=RetailReplayGoldenITCase -Dflowcast.golden.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; say why in the commit.
 */
class RetailReplayGoldenITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"hourly-auto", "daily-lstm"})
    void shouldForecastAndAlertExactlyAsTheGoldenReplay(String name) throws Exception {
        Path modelFile = Path.of("../docs/models/online-retail-lstm-v1.json").toAbsolutePath();
        String[] args = name.equals("hourly-auto")
                ? new String[] {"--bucket-size", "1h", "--lookback", "168", "--horizon", "24", "--forecaster", "auto"}
                : new String[] {"--bucket-size", "1d", "--lookback", "56", "--horizon", "7", "--forecaster", "lstm",
                    "--model-file", modelFile.toString(), "--lstm-min-history", "14"};
        int lines = name.equals("hourly-auto") ? 40_000 : 120_000;
        FileInput input = FileInput.of(TestOrders.retailHead(lines, dir.resolve("retail-" + lines + ".csv")));

        List<String> digest = replay(input, args);

        Path golden = GOLDEN.resolve(name + ".txt");
        if (Boolean.getBoolean("flowcast.golden.write")) {
            Files.createDirectories(GOLDEN);
            Files.write(golden, digest, StandardCharsets.UTF_8);
        }
        List<String> expected = Files.readAllLines(golden, StandardCharsets.UTF_8);
        assertThat(digest).as("per-product digests of %s", name).containsExactlyElementsOf(expected);
        assertThat(expected).as("the golden run has forecasts and alerts")
                .anyMatch(l -> l.startsWith("alerts ")).hasSizeGreaterThan(100);
    }

    /** Replays on one subtask with eager watermarks (deterministic) and digests the output per product. */
    private static List<String> replay(FileInput input, String[] args) throws Exception {
        Configuration conf = JobOptions.fromArgs(args);
        conf.set(JobOptions.PARALLELISM, 1);
        conf.set(JobOptions.STATE_BACKEND, "hashmap");
        Configuration flink = FlowcastJob.runtimeConfig(conf);
        flink.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(1);
        DataStream<ParsedOrder> parsed = input.create(env, conf);
        ForecastPipeline.Outputs out = ForecastPipeline.build(parsed, conf);
        // one collected stream: two collect sinks read one after the other can block each other
        DataStream<String> records = out.forecasts().map(f -> "F" + Json.toString(f))
                .union(out.alerts().map(a -> "A" + Json.toString(a)));
        List<Forecast> forecasts = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        try (CloseableIterator<String> it = records.executeAndCollect("golden replay")) {
            while (it.hasNext()) {
                String l = it.next();
                if (l.charAt(0) == 'F') {
                    forecasts.add(Json.fromString(l.substring(1), Forecast.class));
                } else {
                    alerts.add(Json.fromString(l.substring(1), Alert.class));
                }
            }
        }
        assertThat(forecasts).hasSizeGreaterThan(1_000);

        Map<String, Digest> byProduct = new TreeMap<>();
        forecasts.sort(TestOrders.ORDER);
        for (Forecast f : forecasts) {
            f.producedAt = 0;
            byProduct.computeIfAbsent(f.productId, k -> new Digest()).forecast(Json.toString(f));
        }
        alerts.sort(Comparator.comparing((Alert x) -> x.productId).thenComparingLong(x -> x.bucketStart)
                .thenComparing(x -> x.kind).thenComparing(x -> x.status));
        for (Alert x : alerts) {
            x.producedAt = 0;
            byProduct.computeIfAbsent(x.productId, k -> new Digest()).alert(Json.toString(x));
        }
        List<String> lines = new ArrayList<>();
        lines.add("forecasts " + forecasts.size() + " alerts " + alerts.size());
        for (Alert x : alerts) {
            // the alerts in full, readable in a diff: few enough
            lines.add("alerts " + x.productId + " " + x.kind + " " + x.status + " @" + x.bucketStart + " "
                    + x.severity + " actual=" + x.actual + " expected=" + x.expected);
        }
        byProduct.forEach((id, d) -> lines.add(id + " " + d));
        return lines;
    }

    /** Count and SHA-256 (first 12 hex digits) of one product's forecasts and of its alerts. */
    private static final class Digest {
        private final MessageDigest forecasts = sha256();
        private final MessageDigest alerts = sha256();
        private int forecastCount;
        private int alertCount;

        void forecast(String json) {
            forecasts.update(json.getBytes(StandardCharsets.UTF_8));
            forecastCount++;
        }

        void alert(String json) {
            alerts.update(json.getBytes(StandardCharsets.UTF_8));
            alertCount++;
        }

        @Override
        public String toString() {
            return "f" + forecastCount + ":" + HexFormat.of().formatHex(forecasts.digest()).substring(0, 12)
                    + " a" + alertCount + ":" + HexFormat.of().formatHex(alerts.digest()).substring(0, 12);
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
