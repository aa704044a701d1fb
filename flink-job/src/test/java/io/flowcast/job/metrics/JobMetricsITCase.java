package io.flowcast.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.json.Json;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.config.JobOptions;
import io.flowcast.kafka.EmbeddedKafkaBroker;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The job on a local MiniCluster with its Prometheus reporter, as {@code ./flowcast job} and the demo
 * run it: the scrape answers with every metric the Grafana dashboard names, with the labels it uses.
 */
class JobMetricsITCase {
    private static final long BEGINNING = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    static final Pattern NAME = Pattern.compile("\\b(flink_[A-Za-z0-9_]+|flowcast_[a-z0-9_]+)");

    /** Metric names in the Grafana dashboard's queries that start with {@code prefix}. */
    static Set<String> grafanaMetrics(String prefix) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("deploy/grafana/flowcast.json"))) {
            root = root.getParent();
        }
        Set<String> names = new TreeSet<>();
        for (var panel : Json.MAPPER.readTree(root.resolve("deploy/grafana/flowcast.json").toFile()).get("panels")) {
            for (var target : panel.get("targets")) {
                Matcher m = NAME.matcher(target.get("expr").asText());
                while (m.find()) {
                    if (m.group(1).startsWith(prefix)) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }

    private static String order(String id, String product, double qty, long time) {
        return "{\"schemaVersion\":1,\"orderId\":\"" + id + "\",\"productId\":\"" + product + "\",\"quantity\":" + qty
                + ",\"unitPrice\":1.5,\"eventTime\":" + time + "}";
    }

    @Test
    void shouldExposeEveryMetricTheGrafanaDashboardNames() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(0).start()) {
            kafka.createTopics(2, "orders", "forecasts", "dead-letters", "alerts");
            kafka.createCompactedTopic("models");
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int hour = 0; hour < 6; hour++) {
                    for (String product : new String[] {"A", "B", "C"}) {
                        p.send(new ProducerRecord<>("orders", product.getBytes(StandardCharsets.UTF_8),
                                order(product + hour, product, 1 + hour, BEGINNING + hour * HOUR + 60_000).getBytes(StandardCharsets.UTF_8)));
                    }
                }
                p.send(new ProducerRecord<>("orders", null, "{not json".getBytes(StandardCharsets.UTF_8)));
                p.send(new ProducerRecord<>("models", "flowcast-lstm".getBytes(StandardCharsets.UTF_8), "{\"modelName\":\"flowcast-lstm\",\"version\":\"v1\",\"sha256\":\"forged\"}".getBytes(StandardCharsets.UTF_8)));
            }
            Configuration conf = JobOptions.fromArgs(new String[] {
                "--bootstrap-servers", kafka.bootstrapServers(), "--parallelism", "2", "--metrics-port", String.valueOf(port),
                "--bucket-size", "1h", "--lookback", "24", "--horizon", "3", "--source-idleness", "1s",
                "--checkpoint-interval", "1s", "--checkpoint-dir", "file:///tmp/flowcast-it/checkpoints",
                "--transactional-id-prefix", "it-metrics-" + System.nanoTime()});
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(FlowcastJob.runtimeConfig(conf));
            FlowcastJob.define(env, conf);
            JobClient job = env.executeAsync("metrics test");
            try {
                Set<String> wanted = grafanaMetrics("flink_");
                HttpClient http = HttpClient.newHttpClient();
                String body = "";
                Set<String> missing = wanted;
                long deadline = System.currentTimeMillis() + 90_000;
                while (System.currentTimeMillis() < deadline) {
                    try {
                        body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                                HttpResponse.BodyHandlers.ofString()).body();
                    } catch (java.io.IOException e) {
                        body = ""; // the reporter starts with the cluster
                    }
                    missing = new TreeSet<>(wanted);
                    missing.removeAll(scrapedNames(body));
                    if (missing.isEmpty() && body.contains("forecaster=\"")
                            && value(body, "flink_taskmanager_job_task_operator_flowcastModelsRefused") >= 1) {
                        break;
                    }
                    Thread.sleep(500);
                }
                Files.writeString(Path.of("target/job-metrics-scrape.txt"), body); // to read when it fails
                assertThat(wanted).as("the Grafana JSON names the job's metrics").hasSizeGreaterThan(8);
                assertThat(missing).as("Grafana metrics the scrape does not return").isEmpty();
                assertThat(body).contains("reason=\"MALFORMED_JSON\"", "modelVersion=\"baseline\"", "quantile=\"0.99\"");
                // the broken model record was refused and counted
                assertThat(value(body, "flink_taskmanager_job_task_operator_flowcastModelsRefused")).isGreaterThanOrEqualTo(1);
                assertThat(value(body, "flink_taskmanager_job_task_operator_flowcastOrdersIn")).isEqualTo(18);
            } finally {
                job.cancel().get();
            }
        }
    }

    static Set<String> scrapedNames(String body) {
        Set<String> names = new TreeSet<>();
        for (String line : body.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int end = line.indexOf('{');
                names.add(line.substring(0, end < 0 ? line.indexOf(' ') : end));
            }
        }
        return names;
    }

    /** Sum over subtasks of a metric's samples. */
    static double value(String body, String name) {
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
