package io.flowcast.job.functions;

import io.flowcast.core.alerts.AlertRules;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.alerts.AlertState;
import io.flowcast.core.alerts.AlertTracker;
import io.flowcast.core.events.Alert;
import io.flowcast.core.events.Forecast;
import io.flowcast.job.config.JobOptions;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Demand alerts per product, downstream of the forecasts: judges each closed bucket's actual
 * against what the previous forecast expected for it and emits OPEN/UPDATE/RESOLVED records
 * (rules and lifecycle in {@link AlertTracker}). Timer-free: a product's state is dropped once its
 * recent history is all zero buckets and nothing is open.
 */
public class AlertFunction extends KeyedProcessFunction<String, Forecast, Alert> {
    private static final long serialVersionUID = 1L;

    /** Operator uid of the alerts operator: state is matched by it on restore. Never rename it. */
    public static final String UID = "alerts";
    public static final ValueStateDescriptor<AlertState> ALERT_STATE =
            new ValueStateDescriptor<>("alert-state", TypeInformation.of(AlertState.class));
    public static final String METRIC_ALERTS_OPENED = "alertsOpened";
    public static final String METRIC_ALERTS_RESOLVED = "alertsResolved";

    private final AlertRules rules;

    private transient AlertTracker tracker;
    private transient ValueState<AlertState> state;
    private transient Counter opened;
    private transient Counter resolved;

    public AlertFunction(AlertRules rules) {
        this.rules = rules;
    }

    public static AlertRules rulesFrom(Configuration conf) {
        int history = conf.get(JobOptions.ALERT_HISTORY);
        int warmUp = conf.get(JobOptions.ALERT_WARM_UP);
        if (warmUp < 0) {
            warmUp = AlertRules.warmUpFor(BucketSize.of(conf.get(JobOptions.BUCKET_SIZE)).seasonPeriod(), history);
        }
        return new AlertRules(conf.get(JobOptions.ALERT_SPIKE_MARGIN), conf.get(JobOptions.ALERT_TAIL_PROBABILITY),
                conf.get(JobOptions.ALERT_CUSUM_THRESHOLD), AlertRules.DEFAULT_CUSUM_SLACK,
                conf.get(JobOptions.ALERT_COOLDOWN), conf.get(JobOptions.ALERT_MIN_VOLUME), history,
                conf.get(JobOptions.ALERT_LINE_HEADROOM), warmUp);
    }

    public static AlertFunction fromOptions(Configuration conf) {
        return new AlertFunction(rulesFrom(conf));
    }

    /** The alerts of a forecast stream: keyed by product, one operator with a stable uid. */
    public static DataStream<Alert> attach(DataStream<Forecast> forecasts, Configuration conf) {
        return forecasts
                .keyBy(f -> f.productId)
                .process(fromOptions(conf))
                .uid(UID).name("Demand alerts per product");
    }

    @Override
    public void open(OpenContext openContext) {
        tracker = new AlertTracker(rules);
        state = getRuntimeContext().getState(ALERT_STATE);
        opened = getRuntimeContext().getMetricGroup().counter(METRIC_ALERTS_OPENED);
        resolved = getRuntimeContext().getMetricGroup().counter(METRIC_ALERTS_RESOLVED);
    }

    @Override
    public void processElement(Forecast f, Context ctx, Collector<Alert> out) throws Exception {
        AlertState st = state.value();
        if (st == null) {
            st = tracker.newState();
        }
        List<Alert> alerts = tracker.onForecast(st, f, System.currentTimeMillis());
        for (Alert a : alerts) {
            if (a.status == Alert.Status.OPEN) {
                opened.inc();
            } else if (a.status == Alert.Status.RESOLVED) {
                resolved.inc();
            }
            out.collect(a);
        }
        if (tracker.canForget(st)) {
            // nothing sold for the whole history and nothing open: do not keep every product ever seen
            state.clear();
        } else {
            state.update(st);
        }
    }
}
