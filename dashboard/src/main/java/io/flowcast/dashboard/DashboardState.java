package io.flowcast.dashboard;

import io.flowcast.core.events.Alert;
import io.flowcast.core.events.DeadLetter;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import io.flowcast.core.events.ModelRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the dashboard knows, built only from the topics: per product its recent actuals, latest
 * forecast and served model; the alert feed; model swaps; live accuracy; throughput counters.
 * Fed by one reader thread, read by the web threads: each part is guarded on its own.
 */
public final class DashboardState {
    /** Recent closed buckets kept per product for the chart. */
    static final int ACTUALS_KEPT = 72;
    static final int ALERTS_KEPT = 200;
    static final int SWAPS_KEPT = 100;

    /** One product's chart data; mutated under its own lock. */
    static final class ProductView {
        final String id;
        final RecentActuals actuals = new RecentActuals(ACTUALS_KEPT);
        /** The newest forecast's fields; its steps flat as point, p10, p50, p90 per step (starts follow from the bucket). */
        long bucketStart = Long.MIN_VALUE;
        long bucketSizeMillis;
        String forecaster;
        String modelVersion;
        int revision;
        long producedAt;
        double[] steps = new double[0];
        String servedModel;
        long servedSince;
        final List<Map<String, Object>> swaps = new ArrayList<>();
        long revisions;
        long version;

        ProductView(String id) {
            this.id = id;
        }
    }

    private final ProductIndex index = new ProductIndex();
    private final Map<String, ProductView> products = new ConcurrentHashMap<>();
    private final ArrayDeque<Map<String, Object>> alerts = new ArrayDeque<>();
    private final ArrayDeque<Map<String, Object>> swaps = new ArrayDeque<>();
    private final Set<String> versionsSeen = new HashSet<>();
    private final LiveAccuracy accuracy;
    private final AtomicLong forecastsOut = new AtomicLong();
    private final AtomicLong revisionsOut = new AtomicLong();
    private final AtomicLong orderLinesIn = new AtomicLong();
    private final AtomicLong alertsIn = new AtomicLong();
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();

    public DashboardState(int accuracyWindowBuckets, int accuracyMaxProducts) {
        accuracy = new LiveAccuracy(accuracyWindowBuckets, accuracyMaxProducts);
    }

    public ProductIndex index() {
        return index;
    }

    /** Grows with every record taken: a cheap "anything new?" for the push loop. */
    public long changes() {
        return changes.get();
    }

    public void onForecast(Forecast f) {
        if (f.productId == null) {
            return;
        }
        index.add(f.productId);
        ProductView p = products.computeIfAbsent(f.productId, ProductView::new);
        String model = LiveAccuracy.modelOf(f);
        synchronized (p) {
            if (p.actuals.put(f.bucketStart, f.actual, f.revision) && f.revision > 0) {
                p.revisions++;
            }
            if (f.bucketStart >= p.bucketStart) {
                p.bucketStart = f.bucketStart;
                p.bucketSizeMillis = f.bucketSizeMillis;
                p.forecaster = f.forecaster;
                p.modelVersion = f.modelVersion;
                p.revision = f.revision;
                p.producedAt = f.producedAt;
                if (f.steps != null && f.steps.length > 0) { // a revision without steps keeps the fan
                    p.steps = new double[4 * f.steps.length];
                    for (int i = 0; i < f.steps.length; i++) {
                        ForecastStep st = f.steps[i];
                        p.steps[4 * i] = st.point;
                        p.steps[4 * i + 1] = st.p10;
                        p.steps[4 * i + 2] = st.p50;
                        p.steps[4 * i + 3] = st.p90;
                    }
                }
            }
            if (p.servedModel != null && !p.servedModel.equals(model)) {
                Map<String, Object> swap = new LinkedHashMap<>();
                swap.put("bucketStart", f.bucketStart);
                swap.put("from", p.servedModel);
                swap.put("to", model);
                p.swaps.add(swap);
            }
            if (!model.equals(p.servedModel)) {
                p.servedModel = model;
                p.servedSince = f.bucketStart;
            }
            p.version++;
        }
        forecastsOut.incrementAndGet();
        if (f.revision > 0) {
            revisionsOut.incrementAndGet();
        } else if (f.actualOrders > 0) {
            orderLinesIn.addAndGet(f.actualOrders);
        }
        synchronized (swaps) {
            if (f.modelVersion != null && versionsSeen.add(f.modelVersion) && !"baseline".equals(f.modelVersion)) {
                addSwap("first forecast", f.modelVersion, f.productId, f.producedAt, f.bucketStart);
            }
        }
        accuracy.add(f);
        changes.incrementAndGet();
    }

    public void onAlert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.alertId);
        m.put("productId", a.productId);
        m.put("status", String.valueOf(a.status));
        m.put("kind", String.valueOf(a.kind));
        m.put("severity", String.valueOf(a.severity));
        m.put("bucketStart", a.bucketStart);
        m.put("actual", a.actual);
        m.put("expected", a.expected);
        m.put("reason", a.reason);
        m.put("producedAt", a.producedAt);
        synchronized (alerts) {
            alerts.addFirst(m);
            while (alerts.size() > ALERTS_KEPT) {
                alerts.removeLast();
            }
        }
        if (a.productId != null) {
            index.add(a.productId);
        }
        alertsIn.incrementAndGet();
        changes.incrementAndGet();
    }

    public void onModel(ModelRecord r) {
        String decision = r.validation == null ? null : r.validation.decision;
        synchronized (swaps) {
            addSwap("published", r.version, null, r.createdAt, 0);
            if (decision != null) {
                swaps.peekFirst().put("decision", decision);
            }
        }
        changes.incrementAndGet();
    }

    private void addSwap(String what, String version, String productId, long at, long bucketStart) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", what);
        m.put("version", version);
        m.put("productId", productId);
        m.put("at", at);
        m.put("bucketStart", bucketStart);
        swaps.addFirst(m);
        while (swaps.size() > SWAPS_KEPT) {
            swaps.removeLast();
        }
    }

    public void onDeadLetter(DeadLetter d) {
        deadLetters.computeIfAbsent(d.reason == null ? "UNKNOWN" : d.reason, k -> new AtomicLong()).incrementAndGet();
        changes.incrementAndGet();
    }

    public long forecastsOut() {
        return forecastsOut.get();
    }

    public long orderLinesIn() {
        return orderLinesIn.get();
    }

    public long alertsIn() {
        return alertsIn.get();
    }

    public Map<String, Long> deadLettersByReason() {
        Map<String, Long> m = new TreeMap<>();
        deadLetters.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    public LiveAccuracy accuracy() {
        return accuracy;
    }

    /** Change counter of one product's view, -1 if unknown. */
    public long productVersion(String id) {
        ProductView p = products.get(id);
        if (p == null) {
            return -1;
        }
        synchronized (p) {
            return p.version;
        }
    }

    /** The chart data of one product, or null if it was never seen. */
    public Map<String, Object> product(String id) {
        ProductView p = products.get(id);
        if (p == null) {
            return null;
        }
        synchronized (p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("productId", p.id);
            List<Object[]> actuals = new ArrayList<>();
            for (int i = 0; i < p.actuals.size(); i++) {
                actuals.add(new Object[] {p.actuals.start(i), p.actuals.value(i), p.actuals.revision(i)});
            }
            m.put("actuals", actuals);
            if (p.bucketStart != Long.MIN_VALUE) {
                m.put("bucketStart", p.bucketStart);
                m.put("bucketSizeMillis", p.bucketSizeMillis);
                m.put("forecaster", p.forecaster);
                m.put("modelVersion", p.modelVersion);
                m.put("revision", p.revision);
                m.put("producedAt", p.producedAt);
                List<double[]> steps = new ArrayList<>();
                for (int i = 0; i < p.steps.length / 4; i++) {
                    long start = p.bucketStart + (i + 1) * p.bucketSizeMillis;
                    steps.add(new double[] {start, p.steps[4 * i], p.steps[4 * i + 1], p.steps[4 * i + 2], p.steps[4 * i + 3]});
                }
                m.put("steps", steps);
            }
            m.put("servedModel", p.servedModel);
            m.put("servedSince", p.servedSince);
            m.put("swaps", new ArrayList<>(p.swaps));
            m.put("revisedBuckets", p.revisions);
            return m;
        }
    }

    /** Everything not tied to one product: alert feed, swaps, accuracy, throughput. */
    public Map<String, Object> overview() {
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (alerts) {
            m.put("alerts", new ArrayList<>(alerts));
        }
        synchronized (swaps) {
            m.put("swaps", new ArrayList<>(swaps));
        }
        m.put("accuracy", accuracy.rows());
        m.put("accuracyProducts", accuracy.trackedProducts());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("orderLinesIn", orderLinesIn.get());
        t.put("forecastsOut", forecastsOut.get());
        t.put("revisions", revisionsOut.get());
        t.put("alerts", alertsIn.get());
        t.put("deadLetters", deadLettersByReason());
        t.put("products", index.size());
        t.put("at", System.currentTimeMillis());
        m.put("throughput", t);
        return m;
    }
}
