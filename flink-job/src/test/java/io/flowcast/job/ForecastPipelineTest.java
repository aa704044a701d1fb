package io.flowcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.core.events.OrderEvent;
import io.flowcast.job.config.JobOptions;
import io.flowcast.job.records.ParsedOrder;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/** The graph the pipeline builds: one keyed operator, alerts as its side output. */
class ForecastPipelineTest {
    @Test
    void shouldJudgeAlertsInTheKeyedOperatorWithoutAddingAnOperatorPerCall() {
        Configuration conf = JobOptions.fromArgs(new String[] {"--parallelism", "2"});
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        var parsed = env.fromData(List.of(ParsedOrder.ok(new OrderEvent("o", "A", 1, 2.0, 0L))),
                TypeInformation.of(ParsedOrder.class));
        ForecastPipeline.Outputs out = ForecastPipeline.build(parsed, conf);
        out.forecasts().sinkTo(new DiscardingSink<>());
        int before = env.getStreamGraph(false).getStreamNodes().size();

        out.alerts().sinkTo(new DiscardingSink<>()).uid(ForecastPipeline.Uids.ALERTS_SINK);
        out.alerts().sinkTo(new DiscardingSink<>()).uid(ForecastPipeline.Uids.ALERTS_SINK + "-again");

        var nodes = env.getStreamGraph(false).getStreamNodes();
        assertThat(nodes).as("two alert sinks, no alert operator").hasSize(before + 2);
        assertThat(nodes).filteredOn(n -> n.getOperatorName().contains("Buckets and forecasts per product")).hasSize(1);
        assertThat(nodes).noneMatch(n -> n.getOperatorName().toLowerCase().contains("alerts per product"));
    }
}
