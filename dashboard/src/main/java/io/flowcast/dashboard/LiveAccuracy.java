package io.flowcast.dashboard;

import io.flowcast.core.events.Forecast;
import io.flowcast.core.events.ForecastStep;
import io.flowcast.core.metrics.ErrorAccumulator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rolling accuracy per model and horizon step, scored as the actuals arrive on the forecasts topic:
 * a forecast made at bucket b predicts bucket b + h for each step h; the forecast that later closes
 * that bucket carries its actual. Scores are {@link ErrorAccumulator}s (forecast-core's one WAPE and
 * coverage), one per closed target bucket, merged over the last {@code windowBuckets} of them.
 *
 * <p>Memory: each tracked product holds up to horizon x horizon open predictions, so only the first
 * {@code maxProducts} products seen are scored (2,000 by default: about 1.2M predictions at horizon 24).
 * Only first forecasts (revision 0) are scored, against the actual as first reported.
 */
public final class LiveAccuracy {
    private record Prediction(String model, int step, double point, double p10, double p50, double p90) {}

    private record Window(long bucketStart, ErrorAccumulator acc) {}

    /** One row of the table: a model at one horizon step over the rolling window. */
    public record Row(String model, int step, long count, double wape, double coverage) {}

    private final int windowBuckets;
    private final int maxProducts;
    private final Map<String, TreeMap<Long, List<Prediction>>> open = new HashMap<>();
    private final Map<String, Map<Integer, ArrayDeque<Window>>> scores = new TreeMap<>();

    public LiveAccuracy(int windowBuckets, int maxProducts) {
        this.windowBuckets = windowBuckets;
        this.maxProducts = maxProducts;
    }

    /** The name a forecast's model is scored under, e.g. {@code tsb} or {@code lstm v3}. */
    public static String modelOf(Forecast f) {
        return "baseline".equals(f.modelVersion) || f.modelVersion == null ? f.forecaster : f.forecaster + " " + f.modelVersion;
    }

    public synchronized void add(Forecast f) {
        if (f.revision != 0 || f.productId == null) {
            return;
        }
        TreeMap<Long, List<Prediction>> pending = open.get(f.productId);
        if (pending == null) {
            if (open.size() >= maxProducts) {
                return;
            }
            pending = new TreeMap<>();
            open.put(f.productId, pending);
        }
        List<Prediction> due = pending.remove(f.bucketStart);
        if (due != null) {
            for (Prediction p : due) {
                accumulator(p.model, p.step, f.bucketStart).add(f.actual, p.point, p.p10, p.p50, p.p90);
            }
        }
        // targets at or before this bucket can no longer be scored (the product skipped or expired)
        pending.headMap(f.bucketStart, true).clear();
        String model = modelOf(f);
        if (f.steps != null) {
            for (ForecastStep s : f.steps) {
                pending.computeIfAbsent(s.bucketStart, k -> new ArrayList<>(4))
                        .add(new Prediction(model, s.step, s.point, s.p10, s.p50, s.p90));
            }
        }
    }

    private ErrorAccumulator accumulator(String model, int step, long bucketStart) {
        ArrayDeque<Window> windows = scores.computeIfAbsent(model, k -> new TreeMap<>())
                .computeIfAbsent(step, k -> new ArrayDeque<>());
        // products close the same bucket at nearly the same time, so the newest window is almost always the match
        for (Iterator<Window> it = windows.descendingIterator(); it.hasNext(); ) {
            Window w = it.next();
            if (w.bucketStart == bucketStart) {
                return w.acc;
            }
            if (w.bucketStart < bucketStart) {
                break;
            }
        }
        Window w = new Window(bucketStart, new ErrorAccumulator());
        if (windows.isEmpty() || windows.peekLast().bucketStart < bucketStart) {
            windows.addLast(w);
        } else {
            // an older bucket closing late: keep the deque ordered
            List<Window> all = new ArrayList<>(windows);
            all.add(w);
            all.sort((a, b) -> Long.compare(a.bucketStart, b.bucketStart));
            windows.clear();
            windows.addAll(all);
        }
        while (windows.size() > windowBuckets) {
            windows.removeFirst();
        }
        return w.acc;
    }

    /** Every model and step with at least one scored bucket, over the rolling window. */
    public synchronized List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        scores.forEach((model, bySteps) -> bySteps.forEach((step, windows) -> {
            ErrorAccumulator total = new ErrorAccumulator();
            for (Window w : windows) {
                total.merge(w.acc);
            }
            if (total.count() > 0) {
                rows.add(new Row(model, step, total.count(), total.wape(), total.coverage()));
            }
        }));
        return rows;
    }

    public synchronized int trackedProducts() {
        return open.size();
    }
}
