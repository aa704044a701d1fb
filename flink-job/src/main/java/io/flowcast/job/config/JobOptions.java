package io.flowcast.job.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Every option of the job, typed, with its default and description. Command-line flags are the
 * keys: {@code --bucket-size 1h}. Durations take Flink's syntax: {@code 500ms}, {@code 10s},
 * {@code 5min} or {@code 5m}, {@code 1h}, {@code 1d}.
 */
public final class JobOptions {
    private JobOptions() {}

    // Kafka
    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("bootstrap-servers")
            .stringType().defaultValue("localhost:9092").withDescription("Kafka bootstrap servers.");
    public static final ConfigOption<String> ORDERS_TOPIC = ConfigOptions.key("orders-topic")
            .stringType().defaultValue("orders").withDescription("Topic of order line events (input).");
    public static final ConfigOption<String> FORECASTS_TOPIC = ConfigOptions.key("forecasts-topic")
            .stringType().defaultValue("forecasts").withDescription("Topic the forecasts are written to.");
    public static final ConfigOption<String> DEAD_LETTERS_TOPIC = ConfigOptions.key("dead-letters-topic")
            .stringType().defaultValue("dead-letters").withDescription("Topic for records the job could not use.");
    public static final ConfigOption<String> MODELS_TOPIC = ConfigOptions.key("models-topic")
            .stringType().defaultValue("models")
            .withDescription("Compacted topic of LSTM models (key = model name); it must exist and may stay empty. '' (no topic) only with --bounded.");
    public static final ConfigOption<String> GROUP_ID = ConfigOptions.key("group-id")
            .stringType().defaultValue("flowcast-job").withDescription("Kafka consumer group of the job.");
    public static final ConfigOption<String> STARTING_OFFSETS = ConfigOptions.key("starting-offsets")
            .stringType().defaultValue("earliest")
            .withDescription("Where to start without a checkpoint: earliest, latest or committed (falls back to earliest).");
    public static final ConfigOption<Boolean> BOUNDED = ConfigOptions.key("bounded")
            .booleanType().defaultValue(false)
            .withDescription("Stop at the end offsets seen at start-up (replays and backtests) instead of running forever.");
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("transactional-id-prefix")
            .stringType().defaultValue("flowcast")
            .withDescription("Prefix of the exactly-once sink's Kafka transactional ids; unique per job on a cluster.");

    // Buckets and forecasting
    public static final ConfigOption<Duration> BUCKET_SIZE = ConfigOptions.key("bucket-size")
            .durationType().defaultValue(io.flowcast.core.engine.EngineSettings.DEFAULT_BUCKET_SIZE)
            .withDescription("Width of a demand bucket, aligned to UTC (e.g. 15min, 1h, 1d).");
    public static final ConfigOption<Integer> LOOKBACK = ConfigOptions.key("lookback")
            .intType().defaultValue(io.flowcast.core.engine.EngineSettings.DEFAULT_LOOKBACK)
            .withDescription("Closed buckets kept per product (ring buffer) and seen by the forecasters.");
    public static final ConfigOption<Integer> HORIZON = ConfigOptions.key("horizon")
            .intType().defaultValue(io.flowcast.core.engine.EngineSettings.DEFAULT_HORIZON)
            .withDescription("Buckets ahead each forecast covers.");
    public static final ConfigOption<Integer> RESIDUAL_WINDOW = ConfigOptions.key("residual-window")
            .intType().defaultValue(io.flowcast.core.engine.EngineSettings.DEFAULT_RESIDUAL_WINDOW)
            .withDescription("Recent errors kept per product and horizon step for the p10/p50/p90 quantiles.");
    public static final ConfigOption<String> FORECASTER = ConfigOptions.key("forecaster")
            .stringType().defaultValue(io.flowcast.core.forecast.Forecasters.AUTO)
            .withDescription("auto (every candidate, the LSTM included, forecasts each product and is weighted by its recent errors there), lstm (the LSTM alone once it serves), or one of seasonal-naive, moving-average, exp-smoothing, tsb, robust-seasonal.");

    public static final ConfigOption<String> MODEL_NAME = ConfigOptions.key("model-name")
            .stringType().defaultValue("flowcast-lstm").withDescription("Which model on the models topic to serve.");
    public static final ConfigOption<String> MODEL_FILE = ConfigOptions.key("model-file")
            .stringType().defaultValue("")
            .withDescription("Serve this model record (JSON, as `flowcast train --report` writes it) from the first bucket; models on the topic still replace it. For replays and backtests.");
    public static final ConfigOption<String> HOLIDAYS = ConfigOptions.key("holidays")
            .stringType().defaultValue("uk")
            .withDescription("Public holiday calendar for closed days: uk, none, or a file of ISO dates. Whether a product's shop closes on them is learnt from its history (daily buckets).");
    public static final ConfigOption<Boolean> AUTO_COMBINE = ConfigOptions.key("auto-combine")
            .booleanType().defaultValue(true)
            .withDescription("auto on buckets of a day or longer: combine the candidates with weights 1/MSE on each product's own recent errors (true), or serve the one with the lowest (false). Shorter buckets always serve the lowest of robust-seasonal and TSB.");
    public static final ConfigOption<Integer> LSTM_MIN_HISTORY = ConfigOptions.key("lstm-min-history")
            .intType().defaultValue(io.flowcast.core.engine.EngineSettings.DEFAULT_LSTM_MIN_HISTORY)
            .withDescription("Closed buckets a product needs before the LSTM serves it; until then a baseline does, labelled as such.");

    // Event time
    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS = ConfigOptions.key("max-out-of-orderness")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("How far behind the newest event an event may arrive before it is late (watermark lag).");
    public static final ConfigOption<Duration> ALLOWED_LATENESS = ConfigOptions.key("allowed-lateness")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("Late events this far past a bucket's close still correct it and re-emit its forecast; later ones are dead-lettered.");
    public static final ConfigOption<Duration> SOURCE_IDLENESS = ConfigOptions.key("source-idleness")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("A Kafka partition silent this long stops holding back the watermark.");
    public static final ConfigOption<Duration> FUTURE_TOLERANCE = ConfigOptions.key("future-tolerance")
            .durationType().defaultValue(Duration.ofDays(1))
            .withDescription("Events stamped further than this past the wall clock are dead-lettered as FUTURE_TIME.");
    public static final ConfigOption<Duration> PRODUCT_IDLE_TIMEOUT = ConfigOptions.key("product-idle-timeout")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("Drop a product's state after this long (event time) without orders; 0 = lookback x bucket-size, when its history is all zeros anyway.");

    // Runtime
    public static final ConfigOption<String> STATE_BACKEND = ConfigOptions.key("state-backend")
            .stringType().defaultValue("rocksdb").withDescription("rocksdb or hashmap (heap: about 2x the throughput, for state that fits the heap, about 50 KB a product with auto).");
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("checkpoint-interval")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Checkpoint interval; forecasts become visible to read_committed consumers at each checkpoint.");
    public static final ConfigOption<String> CHECKPOINT_DIR = ConfigOptions.key("checkpoint-dir")
            .stringType().defaultValue("file:///tmp/flowcast/checkpoints")
            .withDescription("Where checkpoints are stored (file://, s3://, hdfs://).");
    public static final ConfigOption<Integer> PARALLELISM = ConfigOptions.key("parallelism")
            .intType().defaultValue(-1).withDescription("Job parallelism; -1 = the cluster's default.");
    public static final ConfigOption<Integer> PREAGGREGATE_MAX_KEYS = ConfigOptions.key("preaggregate-max-keys")
            .intType().defaultValue(50_000)
            .withDescription("Partial bucket sums held per subtask before the shuffle; flushed at every watermark and checkpoint.");

    // Alerts (issue 5): keep this block together at the end of the options
    public static final ConfigOption<String> ALERTS_TOPIC = ConfigOptions.key("alerts-topic")
            .stringType().defaultValue("alerts").withDescription("Topic the demand alerts are written to (key = product id).");
    public static final ConfigOption<Double> ALERT_SPIKE_MARGIN = ConfigOptions.key("alert-spike-margin")
            .doubleType().defaultValue(io.flowcast.core.alerts.AlertRules.DEFAULT_SPIKE_MARGIN)
            .withDescription("A spike lies above the forecast's p90 by more than this many widths of its p10-p90 interval.");
    public static final ConfigOption<Double> ALERT_TAIL_PROBABILITY = ConfigOptions.key("alert-tail-probability")
            .doubleType().defaultValue(io.flowcast.core.alerts.AlertRules.DEFAULT_TAIL_PROBABILITY)
            .withDescription("Alpha of the count-model tests: spikes (P(order lines >= actual)), drops (P(X = 0)); the Poisson CUSUM of intermittent products stops at ln(1/alpha).");
    public static final ConfigOption<Double> ALERT_CUSUM_THRESHOLD = ConfigOptions.key("alert-cusum-threshold")
            .doubleType().defaultValue(io.flowcast.core.alerts.AlertRules.DEFAULT_CUSUM_THRESHOLD)
            .withDescription("CUSUM threshold in sigmas (slack 0.5 sigma) for products that sell in most buckets: a sustained shift opens above it.");
    public static final ConfigOption<Integer> ALERT_COOLDOWN = ConfigOptions.key("alert-cooldown")
            .intType().defaultValue(io.flowcast.core.alerts.AlertRules.DEFAULT_COOLDOWN_BUCKETS)
            .withDescription("Buckets after an alert resolves before the same kind may open again for the product.");
    public static final ConfigOption<Double> ALERT_MIN_VOLUME = ConfigOptions.key("alert-min-volume")
            .doubleType().defaultValue(io.flowcast.core.alerts.AlertRules.DEFAULT_MIN_VOLUME)
            .withDescription("No alert opens unless the bucket's actual or expected units reach this.");
    public static final ConfigOption<Integer> ALERT_HISTORY = ConfigOptions.key("alert-history")
            .intType().defaultValue(io.flowcast.core.alerts.AlertRules.DEFAULT_HISTORY_BUCKETS)
            .withDescription("Recent buckets the alert rules keep per product (intermittency, dispersion, always-sells).");
    public static final ConfigOption<Double> ALERT_LINE_HEADROOM = ConfigOptions.key("alert-line-headroom")
            .doubleType().defaultValue(io.flowcast.core.alerts.AlertRules.DEFAULT_LINE_HEADROOM)
            .withDescription("The spike test on order lines takes its Poisson mean at this multiple of the lines the forecast expected (>= 1).");
    public static final ConfigOption<Integer> ALERT_WARM_UP = ConfigOptions.key("alert-warm-up")
            .intType().defaultValue(-1)
            .withDescription("Buckets of history a product needs before its alerts open, at most alert-history; -1 = one season of the bucket size (24 hourly, 7 daily), capped at alert-history (e.g. 24 of 96 for 15-minute buckets).");
    public static final ConfigOption<Integer> DORMANT_AFTER = ConfigOptions.key("dormant-after")
            .intType().defaultValue(0)
            .withDescription("Buckets without a sale after which a product with no alert open goes dormant: its further empty buckets cost O(1) and get no forecast (the last one stands) until it sells again; 0 = never (every bucket is forecast). E.g. 24 for a long-tail catalogue.");

    // Failures and recovery (issue 9)
    public static final ConfigOption<String> RESUME = ConfigOptions.key("resume")
            .stringType().defaultValue("latest")
            .withDescription("latest: continue from the newest retained checkpoint or savepoint of this job (same --transactional-id-prefix) under --checkpoint-dir; none: start afresh; or a checkpoint/savepoint path.");
    public static final ConfigOption<Integer> RESTART_ATTEMPTS = ConfigOptions.key("restart-attempts")
            .intType().defaultValue(10)
            .withDescription("Failures tolerated within --restart-interval before the job fails for good (0: never restart).");
    public static final ConfigOption<Duration> RESTART_INTERVAL = ConfigOptions.key("restart-interval")
            .durationType().defaultValue(Duration.ofMinutes(10))
            .withDescription("Window in which --restart-attempts failures end the job.");
    public static final ConfigOption<Duration> RESTART_DELAY = ConfigOptions.key("restart-delay")
            .durationType().defaultValue(Duration.ofSeconds(10))
            .withDescription("Wait before each restart from the latest checkpoint.");
    public static final ConfigOption<Integer> MAX_RECORD_BYTES = ConfigOptions.key("max-record-bytes")
            .intType().defaultValue(1_000_000)
            .withDescription("Largest output record (key + value) written; a larger one becomes an OUTPUT_REJECTED dead letter. Keep it below the topics' max.message.bytes.");
    public static final ConfigOption<String> KAFKA_PROPERTIES_FILE = ConfigOptions.key("kafka-properties-file")
            .stringType().defaultValue("")
            .withDescription("Java properties file of Kafka client settings (security.protocol, sasl.*, ssl.*) for every Kafka client of the job.");
    public static final ConfigOption<String> KAFKA_PROPERTY = ConfigOptions.key("kafka-property")
            .stringType().defaultValue("")
            .withDescription("One Kafka client setting key=value for every Kafka client of the job; repeat the flag for more; wins over --kafka-properties-file.");

    /**
     * The Kafka client settings of {@link #KAFKA_PROPERTIES_FILE} (else the file of the environment variable
     * FLOWCAST_KAFKA_PROPERTIES) and {@link #KAFKA_PROPERTY}.
     */
    public static java.util.Properties kafkaClientProperties(Configuration conf) {
        String file = conf.get(KAFKA_PROPERTIES_FILE).isEmpty()
                ? System.getenv(io.flowcast.core.config.KafkaClientSettings.ENV) : conf.get(KAFKA_PROPERTIES_FILE);
        return io.flowcast.core.config.KafkaClientSettings.load(file, conf.get(KAFKA_PROPERTY));
    }
    // Metrics
    public static final ConfigOption<String> METRICS_PORT = ConfigOptions.key("metrics-port")
            .stringType().defaultValue("9249-9259")
            .withDescription("Port (or range) of the Prometheus endpoint of a local run ('job', 'demo'); '' = off. On a cluster, configure the reporter in Flink's config.yaml.");
    // Hostile input and models (issue 10)
    public static final ConfigOption<Duration> MAX_EVENT_TIME_LEAD = ConfigOptions.key("max-event-time-lead")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("An order further than this ahead of the median of its partition's last 5 event times does not move the watermark: it is held until the stream catches up (dead-lettered as FUTURE_TIME if the hold is full).");
    public static final ConfigOption<Integer> MAX_HELD_ORDERS = ConfigOptions.key("max-held-orders")
            .intType().defaultValue(10_000)
            .withDescription("Orders held per subtask for being ahead of their partition's event time; beyond it they are dead-lettered as FUTURE_TIME.");
    public static final ConfigOption<Double> MAX_QUANTITY = ConfigOptions.key("max-quantity")
            .doubleType().defaultValue(io.flowcast.core.json.OrderLimits.DEFAULT_MAX_QUANTITY)
            .withDescription("Largest quantity an order line may have; above it the order is dead-lettered as BAD_QUANTITY.");
    public static final ConfigOption<Double> MAX_UNIT_PRICE = ConfigOptions.key("max-unit-price")
            .doubleType().defaultValue(io.flowcast.core.json.OrderLimits.DEFAULT_MAX_UNIT_PRICE)
            .withDescription("Largest unit price; above it the order is dead-lettered as BAD_PRICE.");
    public static final ConfigOption<Integer> MAX_PRODUCT_ID_LENGTH = ConfigOptions.key("max-product-id-length")
            .intType().defaultValue(io.flowcast.core.json.OrderLimits.DEFAULT_MAX_PRODUCT_ID_LENGTH)
            .withDescription("Longest productId in characters; longer ones, non-strings and ids with control characters are BAD_PRODUCT_ID.");
    public static final ConfigOption<Integer> MAX_TEXT_LENGTH = ConfigOptions.key("max-text-length")
            .intType().defaultValue(io.flowcast.core.json.OrderLimits.DEFAULT_MAX_TEXT_LENGTH)
            .withDescription("Longest orderId, category, customerId or country; longer is BAD_FIELD.");
    public static final ConfigOption<Integer> MAX_ORDER_BYTES = ConfigOptions.key("max-order-bytes")
            .intType().defaultValue(io.flowcast.core.json.OrderLimits.DEFAULT_MAX_ORDER_BYTES)
            .withDescription("Largest order record in bytes; larger ones are dead-lettered as TOO_LARGE unparsed.");
    public static final ConfigOption<String> MODEL_PUBLIC_KEYS = ConfigOptions.key("model-public-keys")
            .stringType().defaultValue("")
            .withDescription("Comma-separated public key files (./flowcast keys generate); only models signed by one of them are served. Two during a key rotation. Empty: models are not authenticated (said once at start).");

    /** The order bounds from the options. */
    public static io.flowcast.core.json.OrderLimits orderLimits(Configuration conf) {
        return new io.flowcast.core.json.OrderLimits(conf.get(MAX_QUANTITY), conf.get(MAX_UNIT_PRICE),
                conf.get(MAX_PRODUCT_ID_LENGTH), conf.get(MAX_TEXT_LENGTH), conf.get(MAX_ORDER_BYTES));
    }

    /** All options, for --help and the duplicate-key check. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> out = new ArrayList<>();
        for (Field f : JobOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                try {
                    out.add((ConfigOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Parses {@code --key value} pairs into a configuration; {@code --key=value} works too.
     * An unknown key or a value of the wrong type fails with a message naming the option.
     */
    public static Configuration fromArgs(String[] args) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got '" + arg + "'");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true"; // a bare flag, e.g. --bounded
            }
            if (find(key) == KAFKA_PROPERTY && values.containsKey(KAFKA_PROPERTY.key())) {
                value = values.get(KAFKA_PROPERTY.key()) + "\n" + value; // repeatable: one setting per flag
            }
            values.put(find(key).key(), value);
        }
        return fromMap(values);
    }

    /**
     * Parses option values given as text ({@code key -> value}, e.g. from {@code --job-option k=v}):
     * an unknown key, a value of the wrong type or not one of an option's names fails naming the option.
     */
    public static Configuration fromMap(java.util.Map<String, String> values) {
        Configuration conf = Configuration.fromMap(values);
        for (String key : values.keySet()) {
            ConfigOption<?> option = find(key);
            try {
                conf.get(option); // type check now, not deep inside the job
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad value '" + values.get(key) + "' for --" + key + ": " + e.getMessage(), e);
            }
            List<String> allowed = choices().get(key);
            if (allowed != null && !allowed.contains(values.get(key))) {
                throw new IllegalArgumentException("bad value '" + values.get(key) + "' for --" + key + ": use one of "
                        + allowed + (key.equals(FORECASTER.key()) ? "; the LSTM takes part in auto once a model is on the"
                        + " models topic or in --model-file, and serves alone under lstm" : ""));
            }
        }
        return conf;
    }

    /** The options that take one of a few names, and those names: checked when the options are parsed. */
    public static java.util.Map<String, List<String>> choices() {
        return java.util.Map.of(FORECASTER.key(), forecasterNames(),
                STATE_BACKEND.key(), List.of("rocksdb", "hashmap"),
                STARTING_OFFSETS.key(), List.of("earliest", "latest", "committed"));
    }

    private static ConfigOption<?> find(String key) {
        for (ConfigOption<?> o : all()) {
            if (o.key().equals(key)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown option --" + key + " (see --help)");
    }

    private static String describe(ConfigOption<?> o) {
        StringBuilder sb = new StringBuilder();
        for (org.apache.flink.configuration.description.BlockElement b : o.description().getBlocks()) {
            if (b instanceof org.apache.flink.configuration.description.TextElement) {
                sb.append(((org.apache.flink.configuration.description.TextElement) b).getFormat());
            }
        }
        return sb.toString();
    }

    /** The options as a help text: key, default, description. */
    public static String help() {
        StringBuilder sb = new StringBuilder();
        for (ConfigOption<?> o : all()) {
            Object def = o.hasDefaultValue() ? o.defaultValue() : "";
            sb.append(String.format("  --%-26s %s%n  %-28s (default: %s)%n", o.key(), describe(o), "",
                    def instanceof Duration ? org.apache.flink.util.TimeUtils.formatWithHighestUnit((Duration) def) : def));
        }
        return sb.toString();
    }

    /** The options as the README's Markdown table (a test keeps README.md equal to it). */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| option | default | meaning |\n| --- | --- | --- |\n");
        for (ConfigOption<?> o : all()) {
            Object def = o.hasDefaultValue() ? o.defaultValue() : "";
            String shown = def instanceof Duration ? org.apache.flink.util.TimeUtils.formatWithHighestUnit((Duration) def) : String.valueOf(def);
            sb.append(String.format("| `--%s` | `%s` | %s |%n", o.key(), shown.isEmpty() ? "''" : shown, describe(o).replace("|", "\\|")));
        }
        return sb.toString();
    }

    /** Every --forecaster value: the statistical ones, auto, and lstm (the LSTM alone, a baseline until it serves). */
    private static List<String> forecasterNames() {
        List<String> names = new java.util.ArrayList<>(io.flowcast.core.forecast.Forecasters.names());
        names.add(io.flowcast.core.engine.ForecastEngine.LSTM);
        return List.copyOf(names);
    }
}
