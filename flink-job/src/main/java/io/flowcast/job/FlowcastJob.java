package io.flowcast.job;

import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.recovery.ResumePoint;
import io.flowcast.job.metrics.JobMetrics;
import io.flowcast.job.sinks.KafkaSinks;
import io.flowcast.job.sinks.OutputGuard;
import io.flowcast.job.sinks.SerializedRecord;
import io.flowcast.job.sources.ModelSource;
import io.flowcast.job.sources.OrderSource;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the Flink job: {@code flink run flowcast-job.jar --bootstrap-servers kafka:9092 ...}.
 * Reads the options, builds the Kafka source and sinks around {@link ForecastPipeline}, runs.
 */
public final class FlowcastJob {
    private FlowcastJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            System.out.println("Flowcast streaming forecaster. Options:\n" + JobOptions.help());
            return;
        }
        Configuration conf;
        try {
            conf = JobOptions.fromArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println("flowcast job: " + e.getMessage());
            System.exit(2);
            return;
        }
        // under `flink run -s` or the Kubernetes operator the context already names a restore path: keep it
        ReadableConfig context = StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(startConfig(conf, context));
        run(env, conf, "Flowcast forecaster");
    }

    /**
     * {@link #runtimeConfig} plus where to resume ({@code --resume}), for a job started by hand (the jar's
     * main, {@code ./flowcast job}); says on stderr which checkpoint it continues from.
     *
     * @param context the configuration the job is started in; a restore path set there wins
     */
    public static Configuration startConfig(Configuration conf, ReadableConfig context) {
        Configuration flink = runtimeConfig(conf);
        String given = context.get(StateRecoveryOptions.SAVEPOINT_PATH);
        String resume = conf.get(JobOptions.RESUME);
        if (given != null) {
            System.err.println("flowcast job: resuming from " + given + " (set by the cluster or `flink run -s`)");
            return flink;
        }
        String dir = stateDir(conf);
        if (resume.equals("none")) {
            System.err.println("flowcast job: starting afresh (--resume none); checkpoints go to " + dir);
        } else if (resume.equals("latest")) {
            var found = ResumePoint.latest(dir);
            if (found.isPresent()) {
                flink.set(StateRecoveryOptions.SAVEPOINT_PATH, found.get().path());
                System.err.println("flowcast job: resuming from " + found.get().path() + " (completed "
                        + java.time.Instant.ofEpochMilli(found.get().time()) + "; --resume none starts afresh)");
            } else {
                System.err.println("flowcast job: no completed checkpoint in " + dir + ": starting from --starting-offsets "
                        + conf.get(JobOptions.STARTING_OFFSETS));
            }
        } else {
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, resume);
            System.err.println("flowcast job: resuming from " + resume + " (--resume)");
        }
        return flink;
    }

    /**
     * This job's checkpoints and savepoints: {@code --checkpoint-dir} plus the transactional id prefix,
     * which already names one job (its exactly-once sinks must keep it across restarts anyway).
     */
    public static String stateDir(Configuration conf) {
        String base = conf.get(JobOptions.CHECKPOINT_DIR);
        return (base.endsWith("/") ? base : base + "/") + conf.get(JobOptions.TRANSACTIONAL_ID_PREFIX);
    }

    /** Builds the whole job on {@code env} and runs it; blocks until it ends (bounded) or fails. */
    public static JobExecutionResult run(StreamExecutionEnvironment env, Configuration conf, String name) throws Exception {
        define(env, conf);
        return env.execute(name);
    }

    /**
     * Fails fast, with the fix in the message, when a topic is missing: the Kafka source and sinks
     * would otherwise restart the job over and over on "unknown topic".
     */
    public static void requireTopics(Configuration conf) {
        java.util.List<String> needed = new java.util.ArrayList<>(java.util.List.of(conf.get(JobOptions.ORDERS_TOPIC),
                conf.get(JobOptions.FORECASTS_TOPIC), conf.get(JobOptions.DEAD_LETTERS_TOPIC), conf.get(JobOptions.ALERTS_TOPIC)));
        if (!conf.get(JobOptions.MODELS_TOPIC).isEmpty()) {
            needed.add(conf.get(JobOptions.MODELS_TOPIC));
        }
        java.util.Properties p = new java.util.Properties();
        p.putAll(JobOptions.kafkaClientProperties(conf));
        p.put("bootstrap.servers", conf.get(JobOptions.BOOTSTRAP_SERVERS));
        p.put("default.api.timeout.ms", "30000");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            java.util.Set<String> existing = admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS);
            for (String topic : needed) {
                if (!existing.contains(topic)) {
                    throw new IllegalArgumentException("topic '" + topic + "' does not exist on "
                            + conf.get(JobOptions.BOOTSTRAP_SERVERS) + ": create it (models: cleanup.policy=compact)"
                            + (topic.equals(conf.get(JobOptions.MODELS_TOPIC)) ? " or run with --models-topic ''" : ""));
                }
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalArgumentException("cannot reach Kafka at " + conf.get(JobOptions.BOOTSTRAP_SERVERS)
                    + ": " + e.getMessage(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            // the client's own 30 s timeout and this wait race; this one has no message of its own
            throw new IllegalArgumentException("cannot reach Kafka at " + conf.get(JobOptions.BOOTSTRAP_SERVERS)
                    + ": no answer to listing the topics within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Adds the job to {@code env} without running it (the demo submits it asynchronously). */
    public static void define(StreamExecutionEnvironment env, Configuration conf) {
        if (conf.get(JobOptions.PARALLELISM) > 0) {
            env.setParallelism(conf.get(JobOptions.PARALLELISM));
        }
        env.enableCheckpointing(conf.get(JobOptions.CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);

        var parsed = env.fromSource(OrderSource.create(conf), ForecastPipeline.watermarks(conf), "Kafka orders")
                .uid(ForecastPipeline.Uids.ORDERS_SOURCE);
        ForecastPipeline.Outputs out;
        if (conf.get(JobOptions.MODELS_TOPIC).isEmpty()) {
            if (!conf.get(JobOptions.BOUNDED)) {
                throw new IllegalArgumentException("--models-topic '' is only for --bounded runs: a live job needs the "
                        + "models topic (it may stay empty) so that event time keeps its meaning when orders go quiet");
            }
            out = ForecastPipeline.build(parsed, conf);
        } else {
            var models = env.fromSource(ModelSource.create(conf), ForecastPipeline.modelWatermarks(), "Kafka models")
                    .uid(ForecastPipeline.Uids.MODELS_SOURCE).setParallelism(1);
            out = ForecastPipeline.build(parsed, models, conf);
        }
        // each output is serialized and size-checked before its sink: a record the sink would refuse becomes a
        // dead letter instead of failing every restore again (a restart loop on one poison record)
        int maxBytes = conf.get(JobOptions.MAX_RECORD_BYTES);
        SingleOutputStreamOperator<SerializedRecord> forecasts = OutputGuard.attach(out.forecasts(),
                conf.get(JobOptions.FORECASTS_TOPIC), f -> f.productId, maxBytes, Uids.FORECASTS_GUARD);
        SingleOutputStreamOperator<SerializedRecord> alerts = OutputGuard.attach(out.alerts(),
                conf.get(JobOptions.ALERTS_TOPIC), a -> a.productId, maxBytes, Uids.ALERTS_GUARD);
        DataStream<DeadLetter> deadLetters = out.deadLetters()
                .union(forecasts.getSideOutput(OutputGuard.REJECTED), alerts.getSideOutput(OutputGuard.REJECTED));
        forecasts.sinkTo(KafkaSinks.exactlyOnce(conf, conf.get(JobOptions.FORECASTS_TOPIC), "forecasts"))
                .uid(ForecastPipeline.Uids.FORECASTS_SINK).name("Kafka forecasts");
        OutputGuard.attach(deadLetters, conf.get(JobOptions.DEAD_LETTERS_TOPIC), d -> null, maxBytes, Uids.DEAD_LETTERS_GUARD)
                .sinkTo(KafkaSinks.exactlyOnce(conf, conf.get(JobOptions.DEAD_LETTERS_TOPIC), "dead-letters"))
                .uid(ForecastPipeline.Uids.DEAD_LETTERS_SINK).name("Kafka dead letters");
        alerts.sinkTo(KafkaSinks.exactlyOnce(conf, conf.get(JobOptions.ALERTS_TOPIC), "alerts"))
                .uid(ForecastPipeline.Uids.ALERTS_SINK).name("Kafka alerts");
        // last: a bad option fails while the graph is built, before anything waits on the network
        requireTopics(conf);
    }

    /**
     * The Flink settings that follow from the options: state backend, checkpoint storage (retained on
     * cancellation and failure, so a restarted job can resume) and the restart strategy.
     */
    public static Configuration runtimeConfig(Configuration conf) {
        Configuration flink = new Configuration();
        String backend = conf.get(JobOptions.STATE_BACKEND);
        if (!backend.equals("rocksdb") && !backend.equals("hashmap")) {
            throw new IllegalArgumentException("--state-backend must be rocksdb or hashmap, got '" + backend + "'");
        }
        flink.set(StateBackendOptions.STATE_BACKEND, backend);
        // one timer per product: on the heap they cost a hash-map update instead of RocksDB writes
        flink.set(ConfigOptions.key("state.backend.rocksdb.timer-service.factory").stringType().noDefaultValue(), "HEAP");
        // each close rewrites a product's state, so flushes and compactions are busy: with LZ4 instead of Flink's Snappy
        // default the long-tail bench ran 1.4x faster (21,571 -> 30,199 forecasts/s) at the same checkpoint size
        flink.set(ConfigOptions.key("state.backend.rocksdb.compression.per.level").stringType().noDefaultValue(),
                "LZ4_COMPRESSION");
        // the heap backend's full snapshots compressed: 554.7 -> 145.1 MiB on the long-tail bench, throughput within
        // the spread (RocksDB's checkpoints are its own, already compressed files: unchanged)
        flink.set(ConfigOptions.key("execution.checkpointing.snapshot-compression").booleanType().noDefaultValue(), true);
        // chained operators pass records on without a deep copy (PojoSerializer.copy of every forecast showed
        // in the JFR profile); every function of the job emits a fresh object and keeps none it emitted
        flink.set(org.apache.flink.configuration.PipelineOptions.OBJECT_REUSE, true);
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, stateDir(conf));
        flink.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, stateDir(conf) + "/savepoints");
        flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // a spare in case the newest one is damaged (a disk filled up while it was written)
        flink.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        // failure-rate, not Flink's unlimited exponential default: an occasional lost TaskManager is restarted
        // for ever, a failure that comes back every time ends the job where an operator sees it
        int attempts = conf.get(JobOptions.RESTART_ATTEMPTS);
        if (attempts < 0) {
            throw new IllegalArgumentException("--restart-attempts must be 0 or more, got " + attempts);
        }
        if (attempts == 0) {
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        } else {
            flink.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL, attempts);
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL, conf.get(JobOptions.RESTART_INTERVAL));
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, conf.get(JobOptions.RESTART_DELAY));
        }
        JobMetrics.prometheusReporter(flink, conf.get(JobOptions.METRICS_PORT));
        return flink;
    }

    /** Uids of the operators this class adds around the pipeline. Never rename a released one. */
    public static final class Uids {
        public static final String FORECASTS_GUARD = "forecasts-guard";
        public static final String ALERTS_GUARD = "alerts-guard";
        public static final String DEAD_LETTERS_GUARD = "dead-letters-guard";

        private Uids() {}
    }
}
