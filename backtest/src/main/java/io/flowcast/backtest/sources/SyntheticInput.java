package io.flowcast.backtest.sources;

import io.flowcast.core.data.GeneratedRecord;
import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.SyntheticOrderGenerator;
import io.flowcast.core.json.OrderJson;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.records.ParsedOrder;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The seeded synthetic order stream, generated inside the source: for replay benchmarks far larger
 * than memory (10M+ events). Each record's JSON is parsed by the job's own parser, as the Kafka
 * deserializer would, so the benchmark pays for parsing too.
 */
public final class SyntheticInput implements OrderInput {
    private static final long serialVersionUID = 1L;

    private final int products;
    private final long events;
    private final double ordersPerProductDay;
    private final long seed;
    private final double badShare;
    private final long startMillis;

    public SyntheticInput(int products, long events, double ordersPerProductDay, long seed, double badShare) {
        if (products <= 0 || events <= 0 || ordersPerProductDay <= 0) {
            throw new IllegalArgumentException("products, events and orders per product-day must be positive");
        }
        this.products = products;
        this.events = events;
        this.ordersPerProductDay = ordersPerProductDay;
        this.seed = seed;
        this.badShare = badShare;
        this.startMillis = GeneratorConfig.DEFAULT_START.toEpochMilli();
    }

    /** The generator's config: long enough a span that exactly {@code events} records come out. */
    public GeneratorConfig generatorConfig() {
        double days = (double) events / (products * ordersPerProductDay);
        return GeneratorConfig.builder()
                .products(products)
                .start(Instant.ofEpochMilli(startMillis))
                .duration(Duration.ofDays((long) Math.ceil(days * 1.5) + 2))
                .meanOrdersPerProductPerDay(ordersPerProductDay)
                .maxEvents(events)
                .seed(seed)
                .badRecordShare(badShare)
                .build();
    }

    @Override
    public long expectedRecords() {
        return events;
    }

    @Override
    public String describe() {
        return String.format("synthetic generator (%,d events, %,d products, %.1f order lines per product-day, seed %d)",
                events, products, ordersPerProductDay, seed);
    }

    @Override
    public DataStream<ParsedOrder> create(StreamExecutionEnvironment env, Configuration conf) {
        long tolerance = conf.get(JobOptions.FUTURE_TOLERANCE).toMillis();
        DataGeneratorSource<ParsedOrder> source = new DataGeneratorSource<>(new Generate(this, tolerance), events,
                TypeInformation.of(ParsedOrder.class));
        return env.fromSource(source, ReplayWatermarks.of(conf), "Synthetic orders")
                .setParallelism(1).uid("backtest-synthetic-source");
    }

    /** One generator per source subtask, advanced once per call. */
    static final class Generate implements GeneratorFunction<Long, ParsedOrder> {
        private static final long serialVersionUID = 1L;
        private final SyntheticInput input;
        private final long futureToleranceMillis;
        private transient SyntheticOrderGenerator generator;

        Generate(SyntheticInput input, long futureToleranceMillis) {
            this.input = input;
            this.futureToleranceMillis = futureToleranceMillis;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            generator = new SyntheticOrderGenerator(input.generatorConfig());
        }

        @Override
        public ParsedOrder map(Long index) {
            if (!generator.hasNext()) {
                throw new IllegalStateException("generator ended before record " + index);
            }
            ReplayCounter.increment();
            GeneratedRecord r = generator.next();
            OrderJson.Result parsed = OrderJson.parse(r.value, System.currentTimeMillis() + futureToleranceMillis);
            if (parsed.ok()) {
                return ParsedOrder.ok(parsed.order);
            }
            parsed.deadLetter.from("synthetic", 0, index);
            return ParsedOrder.bad(parsed.deadLetter);
        }
    }
}
