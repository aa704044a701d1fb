package io.flowcast.backtest.sources;

import io.flowcast.job.records.ParsedOrder;
import java.io.Serializable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a backtest's orders come from: a file, a bounded slice of a Kafka topic or the synthetic
 * generator. Each gives the same thing the live job's Kafka source gives: {@link ParsedOrder}s
 * with the job's watermark strategy applied at the source.
 */
public interface OrderInput extends Serializable {
    /** Adds the source to {@code env}; {@code conf} holds the job options of this run. */
    DataStream<ParsedOrder> create(StreamExecutionEnvironment env, Configuration conf);

    /** How many records the source will emit, or -1 if unknown (Kafka). */
    long expectedRecords();

    /** One line for the report, e.g. {@code file online_retail.csv.gz (310,000 orders)}. */
    String describe();
}
