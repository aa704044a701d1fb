package io.flowcast.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrainerMetricsTest {
    @Test
    void shouldServeEveryTrainerMetricTheGrafanaDashboardNames() throws Exception {
        try (TrainerMetrics metrics = new TrainerMetrics()) {
            ModelRecord.Validation v = new ModelRecord.Validation();
            v.wape = 0.619;
            metrics.recordRun(v, true, Duration.ofSeconds(28));
            metrics.recordFailure();
            int port = metrics.serve("127.0.0.1", 0);

            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            Set<String> wanted = grafanaMetrics("flowcast_trainer_");
            assertThat(wanted).isNotEmpty();
            for (String name : wanted) {
                assertThat(body).as(name).containsPattern("(?m)^" + name + "[{ ]");
            }
            assertThat(body).contains("flowcast_trainer_runs_total{outcome=\"published\"} 1.0",
                    "flowcast_trainer_runs_total{outcome=\"failed\"} 1.0", "flowcast_trainer_validation_wape 0.619");
        }
    }

    static Set<String> grafanaMetrics(String prefix) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("deploy/grafana/flowcast.json"))) {
            root = root.getParent();
        }
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(" + prefix + "[a-z0-9_]+)").matcher(
                Json.MAPPER.readTree(root.resolve("deploy/grafana/flowcast.json").toFile()).toString());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
