package io.flowcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.Alert;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.records.ParsedOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alerts (side output of the keyed operator) behind the real pipeline on a MiniCluster at parallelism 2, as the job wires it. */
class AlertPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = JobTestCluster.flink();

    private static final long BEGINNING = Instant.parse("2025-01-06T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final int SPIKE_HOUR = 30;

    @Test
    void shouldOpenASpikeAlertInTheSpikedBucketAndResolveItInTheNext() throws Exception {
        List<ParsedOrder> orders = new ArrayList<>();
        for (int h = 0; h < 34; h++) {
            int lines = h == SPIKE_HOUR ? 100 : 10; // ten one-unit lines an hour, a hundred in the spike hour
            for (int i = 0; i < lines; i++) {
                long t = BEGINNING + h * HOUR + i * (HOUR / lines);
                orders.add(ParsedOrder.ok(new OrderEvent("O" + h + "-" + i, i % 2 == 0 ? "A" : "B", 1, 2.0, t)));
            }
        }
        Configuration conf = JobOptions.fromArgs(new String[] {"--bucket-size", "1h", "--forecaster", "moving-average",
            "--lookback", "24", "--horizon", "2", "--parallelism", "2"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<ParsedOrder> parsed = env.fromData(orders, TypeInformation.of(ParsedOrder.class))
                .assignTimestampsAndWatermarks(ForecastPipeline.watermarks(conf));
        List<Alert> alerts = ForecastPipeline.build(parsed, conf).alerts()
                .executeAndCollect(1000);

        // both products get half of each hour's lines: 5 a normal hour, 50 in the spike hour
        assertThat(alerts).filteredOn(a -> a.kind == Alert.Kind.SPIKE)
                .extracting(a -> a.productId + " " + a.status + " @" + (a.bucketStart - BEGINNING) / HOUR)
                .containsExactlyInAnyOrder("A OPEN @30", "A RESOLVED @31", "B OPEN @30", "B RESOLVED @31");
        assertThat(alerts).filteredOn(a -> a.status == Alert.Status.OPEN).allSatisfy(a -> {
            assertThat(a.actualOrders).isEqualTo(50);
            assertThat(a.expected).isEqualTo(5.0);
            assertThat(a.alertId).isEqualTo(a.productId + ":SPIKE:" + (BEGINNING + SPIKE_HOUR * HOUR));
        });
    }
}
