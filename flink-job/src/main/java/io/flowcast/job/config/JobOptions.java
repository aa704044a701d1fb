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
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("Width of a demand bucket, aligned to UTC (e.g. 15min, 1h, 1d).");
    public static final ConfigOption<Integer> LOOKBACK = ConfigOptions.key("lookback")
            .intType().defaultValue(168)
            .withDescription("Closed buckets kept per product (ring buffer) and seen by the forecasters.");
    public static final ConfigOption<Integer> HORIZON = ConfigOptions.key("horizon")
            .intType().defaultValue(24).withDescription("Buckets ahead each forecast covers.");
    public static final ConfigOption<Integer> RESIDUAL_WINDOW = ConfigOptions.key("residual-window")
            .intType().defaultValue(50)
            .withDescription("Recent errors kept per product and horizon step for the p10/p50/p90 quantiles.");
    public static final ConfigOption<String> FORECASTER = ConfigOptions.key("forecaster")
            .stringType().defaultValue("auto")
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
            .withDescription("auto: combine the candidates with weights 1/MSE on each product's own recent errors (true), or serve the one with the lowest (false).");
    public static final ConfigOption<Integer> LSTM_MIN_HISTORY = ConfigOptions.key("lstm-min-history")
            .intType().defaultValue(14)
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
            .stringType().defaultValue("rocksdb").withDescription("rocksdb or hashmap (heap).");
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
            values.put(find(key).key(), value);
        }
        Configuration conf = Configuration.fromMap(values);
        for (String key : values.keySet()) {
            ConfigOption<?> option = find(key);
            try {
                conf.get(option); // type check now, not deep inside the job
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad value '" + values.get(key) + "' for --" + key + ": " + e.getMessage(), e);
            }
        }
        return conf;
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
}
