package io.flowcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.flowcast.cli.FlowcastCli;
import io.flowcast.core.config.KafkaClientSettings;
import io.flowcast.job.FlowcastJob;
import io.flowcast.job.config.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The deploy files are checked, not just written: {@code docker-compose.yml} by Debian's
 * {@code docker-compose config} (when installed), the {@code k8s/} manifests parsed into typed models
 * (fabric8 and the Flink operator's {@link FlinkDeployment}); every option, port and jar path they name
 * must exist in the code and the build.
 */
class DeployFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization K8S = new KubernetesSerialization();
    private final Path root = E2e.root();

    private JsonNode compose() throws Exception {
        return YAML.readTree(root.resolve("docker-compose.yml").toFile());
    }

    private static List<String> words(String command) {
        return new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
    }

    /** The arguments after {@code marker} in a command line. */
    private static String[] after(List<String> words, String marker) {
        int i = words.indexOf(marker);
        assertThat(i).as("'" + marker + "' in " + words).isNotNegative();
        return words.subList(i + 1, words.size()).toArray(new String[0]);
    }

    private static void assertLauncherAccepts(String... args) {
        // picocli throws on an option the command does not have
        assertThatCode(() -> new CommandLine(new FlowcastCli()).parseArgs(args)).as(String.join(" ", args)).doesNotThrowAnyException();
    }

    @Test
    void shouldPassDockerComposeConfigWhereItIsInstalled() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/docker-compose"))
                || new ProcessBuilder("sh", "-c", "command -v docker-compose").start().waitFor() == 0;
        Assumptions.assumeTrue(installed, "docker-compose is not installed (Debian package docker-compose); skipped");
        Process p = new ProcessBuilder("docker-compose", "-f", root.resolve("docker-compose.yml").toString(), "config", "-q")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void shouldRunTheWholeStackInComposeWithOptionsThatExist() throws Exception {
        JsonNode services = compose().path("services");
        assertThat(services.fieldNames()).toIterable()
                .contains("kafka", "topics", "jobmanager", "taskmanager", "job", "trainer", "dashboard", "prometheus", "grafana");

        // the job's flags are the job's options, and the whole configuration builds
        List<String> job = words(services.path("job").path("command").asText());
        Configuration conf = JobOptions.fromArgs(after(job, "/opt/flowcast/flowcast-job.jar"));
        assertThatCode(() -> FlowcastJob.runtimeConfig(conf)).doesNotThrowAnyException();
        assertThat(conf.get(JobOptions.RESUME)).isEqualTo("latest");
        // its bootstrap address is the broker's in-network listener
        assertThat(services.path("kafka").path("environment").path("KAFKA_LISTENERS").asText())
                .contains("PLAINTEXT://:" + conf.get(JobOptions.BOOTSTRAP_SERVERS).split(":")[1]);
        // checkpoints on the volume both Flink processes and the submitter share (resume after a crash)
        assertThat(conf.get(JobOptions.CHECKPOINT_DIR)).startsWith("file:///flink-state/");
        for (String s : List.of("jobmanager", "taskmanager", "job")) {
            assertThat(services.path(s).path("volumes").toString()).contains("flink-state:/flink-state");
        }
        // the topics the job needs are created at start
        String topics = services.path("topics").path("command").toString();
        for (var o : List.of(JobOptions.ORDERS_TOPIC, JobOptions.FORECASTS_TOPIC, JobOptions.DEAD_LETTERS_TOPIC,
                JobOptions.ALERTS_TOPIC, JobOptions.MODELS_TOPIC)) {
            assertThat(topics).contains(conf.get(o));
        }
        assertThat(services.path("jobmanager").path("ports").toString()).contains(RestOptions.PORT.defaultValue() + ":");

        // the trainer and generator run launcher commands with options they have
        for (String s : List.of("trainer", "generator", "dashboard")) {
            List<String> cmd = words(services.path(s).path("command").asText());
            assertLauncherAccepts(after(cmd, "/opt/flowcast/flowcast.jar"));
        }
        // what Prometheus scrapes is there: Flink's reporter port, the dashboard's and the trainer's metrics ports
        String scrape = Files.readString(root.resolve("deploy/prometheus.yml"));
        // the Flink services share this block through a YAML alias (&flink-config / *flink-config)
        String flinkProps = compose().path("x-flink-config").path("FLINK_PROPERTIES").asText();
        for (String target : List.of("jobmanager:9249", "taskmanager:9249")) {
            assertThat(scrape).contains(target);
        }
        assertThat(flinkProps).contains("metrics.reporter.prom.port: 9249");
        assertThat(scrape).contains("dashboard:8088").contains("trainer:9250");
        assertThat(services.path("dashboard").path("command").asText()).contains("--port 8088");
        assertThat(services.path("trainer").path("command").asText()).contains("--metrics-port 9250");
        // the jars the services mount are what the build makes
        assertThat(root.resolve("flink-job/target/flowcast-job.jar")).exists();
        assertThat(root.resolve("flowcast-cli/target/flowcast.jar")).exists();
    }

    private String k8s(String file) throws Exception {
        return Files.readString(root.resolve("k8s").resolve(file));
    }

    /** The destination of {@code COPY <source> <destination>} in a Dockerfile, checking the source is a build output. */
    private String copied(String dockerfile, String source) throws Exception {
        for (String line : Files.readAllLines(root.resolve("k8s").resolve(dockerfile))) {
            List<String> w = words(line);
            if (w.size() == 3 && w.get(0).equals("COPY") && w.get(1).equals(source)) {
                assertThat(root.resolve(source)).exists();
                return w.get(2);
            }
        }
        throw new AssertionError(dockerfile + " does not COPY " + source);
    }

    @Test
    void shouldDeployTheJobWithRocksDbCheckpointsHaAndSavepointUpgrades() throws Exception {
        GenericKubernetesResource generic = K8S.unmarshal(k8s("flowcast-job.yaml"), GenericKubernetesResource.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) generic.getAdditionalProperties().get("spec");
        // operator-api 1.10.0 (newest on Central here) knows Flink versions up to v1_20: check v2_2 as text
        assertThat(spec.remove("flinkVersion")).isEqualTo("v2_2");
        FlinkDeployment d = K8S.convertValue(generic, FlinkDeployment.class);

        Map<String, String> flink = d.getSpec().getFlinkConfiguration();
        assertThat(flink).containsEntry("state.backend.type", "rocksdb")
                .containsEntry("high-availability.type", "kubernetes")
                .containsKey("high-availability.storageDir")
                .containsEntry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        assertThat(d.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        assertThat(d.getSpec().getJob().getEntryClass()).isEqualTo(FlowcastJob.class.getName());

        Configuration conf = JobOptions.fromArgs(d.getSpec().getJob().getArgs());
        assertThatCode(() -> FlowcastJob.runtimeConfig(conf)).doesNotThrowAnyException();
        // the operator's savepoints land where the job looks for them on --resume latest
        assertThat(flink.get("execution.checkpointing.dir")).isEqualTo(FlowcastJob.stateDir(conf));
        assertThat(flink.get("execution.checkpointing.savepoint-dir")).isEqualTo(FlowcastJob.stateDir(conf) + "/savepoints");

        // the jar the operator starts is the one the image copies in, from the build's output
        String jar = d.getSpec().getJob().getJarURI().replace("local://", "");
        assertThat(copied("Dockerfile", "flink-job/target/flowcast-job.jar")).isEqualTo(jar);

        // Kafka credentials: the properties file the job reads is the mounted Secret's
        Container main = d.getSpec().getPodTemplate().getSpec().getContainers().get(0);
        assertThat(main.getName()).isEqualTo("flink-main-container");
        Secret secret = K8S.unmarshal(k8s("kafka-credentials.yaml"), Secret.class);
        assertSecretMountedAt(conf.get(JobOptions.KAFKA_PROPERTIES_FILE), main.getVolumeMounts(),
                d.getSpec().getPodTemplate().getSpec().getVolumes(), secret);
    }

    private static void assertSecretMountedAt(String file, List<VolumeMount> mounts,
            List<io.fabric8.kubernetes.api.model.Volume> volumes, Secret secret) {
        Path p = Path.of(file);
        VolumeMount mount = mounts.stream().filter(m -> m.getMountPath().equals(p.getParent().toString())).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + p.getParent()));
        var volume = volumes.stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo(secret.getMetadata().getName());
        assertThat(secret.getStringData()).containsKey(p.getFileName().toString());
    }

    @Test
    void shouldKeepKafkaCredentialsInASecretThatEveryClientReads() throws Exception {
        Secret secret = K8S.unmarshal(k8s("kafka-credentials.yaml"), Secret.class);
        Path file = Files.createTempFile("client", ".properties");
        Files.writeString(file, secret.getStringData().get("client.properties"));
        Properties p = KafkaClientSettings.load(file.toString(), null);
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config");
        // every client of the job gets them (consumer, producers, admin)
        Properties job = JobOptions.kafkaClientProperties(JobOptions.fromArgs(
                new String[] {"--kafka-properties-file", file.toString()}));
        assertThat(job).containsAllEntriesOf(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void shouldRunTheTrainerOnAScheduleWithConfigFromTheConfigMap() throws Exception {
        CronJob cron = K8S.unmarshal(k8s("trainer-cronjob.yaml"), CronJob.class);
        ConfigMap config = K8S.unmarshal(k8s("flowcast-config.yaml"), ConfigMap.class);
        Secret secret = K8S.unmarshal(k8s("kafka-credentials.yaml"), Secret.class);
        assertThat(cron.getSpec().getSchedule()).isNotBlank();
        var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        Container trainer = pod.getContainers().get(0);
        assertThat(trainer.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName());

        List<String> command = trainer.getCommand();
        assertThat(copied("Dockerfile.cli", "flowcast-cli/target/flowcast.jar")).isEqualTo(command.get(command.indexOf("-jar") + 1));
        List<String> args = new ArrayList<>(command.subList(command.indexOf("-jar") + 2, command.size()));
        for (String a : trainer.getArgs()) {
            // $(VAR) is Kubernetes' substitution from the container's environment
            args.add(a.startsWith("$(") ? config.getData().get(a.substring(2, a.length() - 1)) : a);
        }
        assertThat(args).doesNotContainNull();
        assertLauncherAccepts(args.toArray(new String[0]));

        // the launcher's clients read the mounted Secret through FLOWCAST_KAFKA_PROPERTIES
        assertSecretMountedAt(config.getData().get(KafkaClientSettings.ENV), trainer.getVolumeMounts(), pod.getVolumes(), secret);
    }

    @Test
    void shouldCreateEveryTopicTheJobUses() throws Exception {
        String text = k8s("kafka-topics.yaml");
        List<String> names = new ArrayList<>();
        for (String doc : text.split("(?m)^---$")) {
            GenericKubernetesResource t = K8S.unmarshal(doc, GenericKubernetesResource.class);
            assertThat(t.getKind()).isEqualTo("KafkaTopic");
            names.add(t.getMetadata().getName());
            if (t.getMetadata().getName().equals("models")) {
                assertThat(t.getAdditionalProperties().get("spec").toString()).contains("cleanup.policy=compact");
            }
        }
        Configuration defaults = new Configuration();
        assertThat(names).contains(defaults.get(JobOptions.ORDERS_TOPIC), defaults.get(JobOptions.FORECASTS_TOPIC),
                defaults.get(JobOptions.DEAD_LETTERS_TOPIC), defaults.get(JobOptions.ALERTS_TOPIC), defaults.get(JobOptions.MODELS_TOPIC));
    }
}
