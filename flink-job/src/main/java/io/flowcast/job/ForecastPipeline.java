package io.flowcast.job;

import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.job.config.EngineOptions;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.functions.BucketPreAggregator;
import io.flowcast.job.functions.DeadLetterSplitter;
import io.flowcast.job.functions.ProductForecastFunction;
import io.flowcast.job.records.BucketDelta;
import io.flowcast.job.records.ParsedOrder;
import io.flowcast.job.state.KeyedStates;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The job graph, from parsed orders to forecasts and dead letters. Takes and returns streams, so
 * a test can feed it a bounded collection and the live job, a replay and a backtest share it.
 */
public final class ForecastPipeline {
    private ForecastPipeline() {}

    /** What the pipeline produces. */
    public record Outputs(SingleOutputStreamOperator<Forecast> forecasts, DataStream<DeadLetter> deadLetters,
                          ProductForecastFunction keyed) {
        /**
         * The alerts, judged on each closed bucket against the forecast made one bucket earlier: a side
         * output of the keyed operator, which judges them only once this is called before the job runs,
         * so a backtest that only scores forecasts does not pay for them. Adds no operator; the sink
         * gets its own uid ({@link Uids#ALERTS_SINK}).
         */
        public DataStream<Alert> alerts() {
            keyed.enableAlerts();
            return forecasts.getSideOutput(ProductForecastFunction.ALERTS);
        }
    }

    /**
     * Bounded out-of-orderness with idleness. Apply it at the source, so each Kafka partition has
     * its own watermark and a silent partition does not hold the others back. The timestamp is what
     * the source allows each order to contribute ({@link ParsedOrder#eventTime()}): an order far
     * ahead of its partition's recent event times contributes at most their median plus
     * {@code --max-event-time-lead}, so a few records with a wrong clock cannot drag event time.
     */
    public static WatermarkStrategy<ParsedOrder> watermarks(Configuration conf) {
        return WatermarkStrategy.<ParsedOrder>forBoundedOutOfOrderness(conf.get(JobOptions.MAX_OUT_OF_ORDERNESS))
                .withTimestampAssigner((record, previous) -> record.eventTime())
                .withIdleness(conf.get(JobOptions.SOURCE_IDLENESS));
    }

    /**
     * The model stream must not hold back event time: it carries none, so it stays idle and the
     * keyed side's watermark alone drives the timers. Not a maximal watermark instead: when the
     * orders go quiet (idle too), MAX would become the operator's watermark and close every bucket.
     */
    public static WatermarkStrategy<String> modelWatermarks() {
        return WatermarkStrategy.<String>forGenerator(ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(String event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        });
    }

    /**
     * The pipeline without a models topic, for bounded runs (tests, replays, backtests): baselines,
     * or the LSTM of {@code --model-file}. Not for live jobs: the empty model input ends at once, and
     * an ended input counts as "end of time" for the watermark once the orders go idle.
     */
    public static Outputs build(DataStream<ParsedOrder> parsed, Configuration conf) {
        DataStream<String> noModels = parsed.getExecutionEnvironment()
                .fromData(Types.STRING, "") // fromData needs one element; it is filtered out right away
                .filter(s -> !s.isEmpty()).name("No models");
        return build(parsed, noModels, conf);
    }

    /**
     * @param parsed orders and unparseable records, with timestamps and watermarks already assigned
     * @param models model records (JSON) from the models topic, watermarked with {@link #modelWatermarks()}
     */
    public static Outputs build(DataStream<ParsedOrder> parsed, DataStream<String> models, Configuration conf) {
        SingleOutputStreamOperator<OrderEvent> orders = parsed
                .transform("Split off dead letters", TypeInformation.of(OrderEvent.class), DeadLetterSplitter.fromOptions(conf))
                .uid(Uids.SPLIT_DEAD_LETTERS);

        SingleOutputStreamOperator<BucketDelta> sums = orders
                .transform("Pre-aggregate buckets", TypeInformation.of(BucketDelta.class),
                        BucketPreAggregator.fromOptions(conf))
                .uid(Uids.PRE_AGGREGATE);

        ProductForecastFunction keyed = new ProductForecastFunction(EngineOptions.settings(conf),
                EngineOptions.alertRules(conf), EngineOptions.modelServing(conf)); // alerts off until Outputs.alerts()
        SingleOutputStreamOperator<Forecast> forecasts = sums
                .keyBy(d -> d.productId)
                .connect(models.broadcast(KeyedStates.MODELS))
                .process(keyed)
                .uid(Uids.PRODUCT_FORECAST).name("Buckets and forecasts per product");

        DataStream<DeadLetter> deadLetters = orders.getSideOutput(DeadLetterSplitter.DEAD_LETTERS)
                .union(forecasts.getSideOutput(ProductForecastFunction.UNPLACEABLE));
        return new Outputs(forecasts, deadLetters, keyed);
    }

    /** Operator uids: state is matched to operators by these on restore. Never rename a released one. */
    public static final class Uids {
        public static final String ORDERS_SOURCE = "orders-source";
        public static final String MODELS_SOURCE = "models-source";
        public static final String SPLIT_DEAD_LETTERS = "split-dead-letters";
        public static final String PRE_AGGREGATE = "pre-aggregate";
        public static final String PRODUCT_FORECAST = "product-forecast";
        public static final String FORECASTS_SINK = "forecasts-sink";
        public static final String DEAD_LETTERS_SINK = "dead-letters-sink";
        public static final String ALERTS_SINK = "alerts-sink";

        private Uids() {}
    }
}
