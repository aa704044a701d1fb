package io.flowcast.cli;

import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.data.OrderFiles;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.core.json.Json;
import io.flowcast.core.json.OrderJson;
import io.flowcast.trainer.LstmTrainer;
import io.flowcast.trainer.ModelPublisher;
import io.flowcast.trainer.TrainerConfig;
import io.flowcast.trainer.TrainerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fits the global LSTM on order history (a CSV or the orders topic replayed over a time range),
 * compares it with the current champion and seasonal naive, and publishes it to the models topic
 * only if it beats both. {@code --every} repeats this on a schedule while the job runs.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the global LSTM (DL4J, CPU; -Pcuda builds for GPU hosts) on order history and",
                "publish it to the models topic if it beats the champion and seasonal naive (WAPE and MASE)."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--input", description = "Order history: a CSV in the Online Retail layout, or order JSON lines as `flowcast generate --output` writes (plain or gzip); default: replay the orders topic.")
    Path input;
    @Option(names = "--bootstrap-servers", description = "Kafka with the orders and models topics (default: ${DEFAULT-VALUE}).")
    String bootstrapServers = "localhost:9092";
    @Option(names = "--orders-topic", description = "Orders topic to replay when no --input (default: ${DEFAULT-VALUE}).")
    String ordersTopic = "orders";
    @Option(names = "--models-topic", description = "Where models are published (default: ${DEFAULT-VALUE}).")
    String modelsTopic = "models";
    @Option(names = "--from", description = "Train on orders at or after this ISO instant (default: all).")
    String from;
    @Option(names = "--to", description = "Train on orders before this ISO instant (default: all).")
    String to;
    @Option(names = "--model-name", description = "Model name, the key on the models topic (default: ${DEFAULT-VALUE}).")
    String modelName = "flowcast-lstm";
    @Option(names = "--bucket-size", description = "Bucket size; must match the job's, whose default it shares (default: ${DEFAULT-VALUE}).")
    String bucketSize = "1h";
    @Option(names = "--horizon", description = "Buckets ahead; must match the job's, whose default it shares (default: ${DEFAULT-VALUE}).")
    int horizon = 24;
    @Option(names = "--hidden", description = "LSTM hidden units (default: ${DEFAULT-VALUE}).")
    int hidden = 32;
    @Option(names = "--epochs", description = "Maximum epochs; early stopping on validation loss (default: ${DEFAULT-VALUE}: whole-series training converges in 3-4).")
    int epochs = 4;
    @Option(names = "--window", description = "Truncated back-propagation length in buckets: training runs over each whole series, gradients flow back this far (default: ${DEFAULT-VALUE}).")
    int window = 56;
    @Option(names = "--batch-size", description = "Series per minibatch (default: ${DEFAULT-VALUE}).")
    int batchSize = new TrainerConfig().batchSize;
    @Option(names = "--learning-rate", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = new TrainerConfig().learningRate;
    @Option(names = "--gradient-clip", description = "Element-wise gradient clip, 0 = none (default: ${DEFAULT-VALUE}).")
    double gradientClip = new TrainerConfig().gradientClip;

    @Option(names = "--feature-set", description = "Inputs to train on: features-v2, or features-v3 (adds the selling-day share and a UK "
            + "holiday flag; the recommended retail model is v3 with --min-selling-share 0.5, docs/lstm.md) "
            + "(default: ${DEFAULT-VALUE}).")
    String featureSet = new TrainerConfig().featureSet;

    @Option(names = "--loss-weight-power", description = "Weight each step's loss by scale^P (normalised; 0 = every "
            + "product alike in scaled units, 1 = by volume as WAPE weighs them; default: ${DEFAULT-VALUE}).")
    double lossWeightPower = new TrainerConfig().lossWeightPower;

    @Option(names = "--mean-loss-weight", description = "Weight of the mean head's squared error against the "
            + "p10/p50/p90 heads' pinball loss (default: ${DEFAULT-VALUE}).")
    double meanLossWeight = new TrainerConfig().meanLossWeight;

    @Option(names = "--min-selling-share", description = "Train only on products that sold on at least this share "
            + "of their buckets before the validation window (0.5 for the recommended retail model; default: "
            + "${DEFAULT-VALUE}: all).")
    double minSellingShare = new TrainerConfig().minSellingShare;
    @Option(names = "--validation-buckets", description = "Newest buckets held out for validation (default: ${DEFAULT-VALUE}).")
    int validationBuckets = 28;
    @Option(names = "--seed", description = "Random seed: the same data and seed give the same model (default: ${DEFAULT-VALUE}).")
    long seed = 42;
    @Option(names = "--no-publish", description = "Train and report, publish nothing.")
    boolean noPublish;
    @Option(names = "--report", description = "Also write the model record (with its validation report) to this JSON file.")
    Path report;
    @Option(names = "--signing-key", description = "Sign published models with this private key (NAME.key from `flowcast keys generate`, NAME.pub beside it); a job with --model-public-keys serves only signed models.")
    Path signingKey;
    @Option(names = "--every", description = "Refit on this schedule (e.g. 1h, 1d) until stopped; without it, one run.")
    String every;
    @Option(names = "--metrics-port", description = "With --every: serve Prometheus metrics at http://localhost:PORT/metrics; 0 = off (default: ${DEFAULT-VALUE}).")
    int metricsPort = 9250;
    @Option(names = "--metrics-host", description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 in a container).")
    String metricsHost = "127.0.0.1";

    private final io.flowcast.trainer.TrainerMetrics metrics = new io.flowcast.trainer.TrainerMetrics();

    TrainerConfig config() {
        TrainerConfig c = new TrainerConfig();
        c.modelName = modelName;
        c.bucketSize = BucketSize.parse(bucketSize);
        c.horizon = horizon;
        c.hidden = hidden;
        c.maxEpochs = epochs;
        c.windowLength = window;
        c.batchSize = batchSize;
        c.learningRate = learningRate;
        c.gradientClip = gradientClip;
        c.featureSet = featureSet;
        c.lossWeightPower = lossWeightPower;
        c.meanLossWeight = meanLossWeight;
        c.minSellingShare = minSellingShare;
        c.validationBuckets = validationBuckets;
        c.seed = seed;
        return c;
    }

    @Override
    public Integer call() throws Exception {
        config().validate(); // before the data is read and Kafka asked: a bad option fails at once, naming it
        if (every == null) {
            return once();
        }
        long period = BucketSize.parseDuration(every).toMillis();
        if (metricsPort > 0) {
            metrics.serve(metricsHost, metricsPort);
            System.err.printf("trainer metrics: http://localhost:%d/metrics%n", metricsPort);
        }
        while (!Thread.currentThread().isInterrupted()) {
            long started = System.currentTimeMillis();
            try {
                once();
            } catch (RuntimeException e) {
                metrics.recordFailure(); // the next refit may succeed: a scheduled trainer keeps going
                System.err.println("flowcast train: this run failed: " + FlowcastCli.rootMessage(e));
            }
            long sleep = started + period - System.currentTimeMillis();
            System.err.printf("next refit at %s%n", Instant.ofEpochMilli(System.currentTimeMillis() + Math.max(0, sleep)));
            Thread.sleep(Math.max(0, sleep));
        }
        return 0;
    }

    private int once() throws Exception {
        List<OrderEvent> orders = input != null ? readFile(input) : replayTopic();
        if (orders.isEmpty()) {
            System.err.println("flowcast train: no orders in the chosen range");
            return 2;
        }
        // with a key, only an authentic champion counts: a forged one must not block publishing
        ModelRecord champion = noPublish ? null : ModelPublisher.latest(bootstrapServers, modelsTopic, modelName,
                signingKey == null ? java.util.List.of()
                        : java.util.List.of(io.flowcast.core.models.ModelKeys.readPublic(
                                io.flowcast.core.models.ModelSigner.publicKeyFile(signingKey))),
                Duration.ofSeconds(20));
        long trainingStarted = System.nanoTime();
        LstmTrainer.Result r = TrainerMain.runOnOrders(config(), orders, champion, System.out);
        metrics.recordRun(r.record.validation, !noPublish && r.publish(), Duration.ofNanos(System.nanoTime() - trainingStarted));
        if (report != null) {
            Files.write(report, Json.toBytes(r.record));
            System.out.println("model record written to " + report);
        }
        if (noPublish) {
            return 0;
        }
        if (!r.publish()) {
            System.out.println("not published: " + r.record.validation.decision);
            return 0;
        }
        try (ModelPublisher p = new ModelPublisher(bootstrapServers, modelsTopic,
                signingKey == null ? null : io.flowcast.core.models.ModelSigner.fromKeyFile(signingKey))) {
            System.out.println("published " + r.record.summary() + " to " + modelsTopic + " at " + p.publish(r.record));
        }
        return 0;
    }

    private boolean inRange(long t) {
        return (from == null || t >= Instant.parse(from).toEpochMilli()) && (to == null || t < Instant.parse(to).toEpochMilli());
    }

    private List<OrderEvent> readFile(Path file) throws Exception {
        List<OrderEvent> out = new ArrayList<>();
        long rejected = OrderFiles.forEachOrder(file, order -> {
            if (inRange(order.eventTime)) {
                out.add(order);
            }
        });
        System.err.printf("read %,d orders from %s (%,d lines not usable, as import or the job would reject them)%n",
                out.size(), file, rejected);
        return out;
    }

    /** Reads the orders topic from the start to the end offsets seen now, with the job's parser. */
    private List<OrderEvent> replayTopic() {
        List<OrderEvent> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(bootstrapServers, "flowcast-train-" + System.nanoTime())) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(ordersTopic).forEach(p -> parts.add(new TopicPartition(ordersTopic, p.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            Progress progress = new Progress("replay " + ordersTopic, end.values().stream().mapToLong(Long::longValue).sum());
            long n = 0;
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                    OrderJson.Result parsed = OrderJson.parse(rec.value(), Long.MAX_VALUE);
                    if (parsed.ok() && inRange(parsed.order.eventTime)) {
                        out.add(parsed.order);
                    }
                    progress.update(++n, "");
                }
            }
            progress.done(n, String.format("%,d orders in range", out.size()));
        }
        return out;
    }
}
