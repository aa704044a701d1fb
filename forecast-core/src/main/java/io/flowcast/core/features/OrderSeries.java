package io.flowcast.core.features;

import io.flowcast.core.buckets.ArraySeries;
import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.OrderEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds per-product bucket series from order lines with the job's own bucket code
 * ({@link BucketSize}, {@link BucketAggregate}): each series runs from the product's first sale to
 * the last bucket of the whole data set, zero buckets included, exactly what the job's ring buffer holds.
 */
public final class OrderSeries {
    private OrderSeries() {}

    /** One series per product, sorted by product id. */
    public static List<ArraySeries> build(List<OrderEvent> orders, BucketSize bucketSize) {
        Map<String, Map<Long, BucketAggregate>> byProduct = new HashMap<>();
        long lastStart = Long.MIN_VALUE;
        for (OrderEvent e : orders) {
            long start = bucketSize.start(e.eventTime);
            lastStart = Math.max(lastStart, start);
            byProduct.computeIfAbsent(e.productId, k -> new HashMap<>())
                    .computeIfAbsent(start, k -> new BucketAggregate())
                    .add(e);
        }
        List<ArraySeries> out = new ArrayList<>();
        for (Map.Entry<String, Map<Long, BucketAggregate>> p : new TreeMap<>(byProduct).entrySet()) {
            Map<Long, BucketAggregate> buckets = p.getValue();
            long first = buckets.keySet().stream().mapToLong(Long::longValue).min().getAsLong();
            int n = (int) bucketSize.bucketsBetween(first, lastStart) + 1;
            double[] units = new double[n];
            double[] revenue = new double[n];
            boolean[] promo = new boolean[n];
            for (Map.Entry<Long, BucketAggregate> b : buckets.entrySet()) {
                int i = (int) bucketSize.bucketsBetween(first, b.getKey());
                units[i] = b.getValue().units;
                revenue[i] = b.getValue().revenue;
                promo[i] = b.getValue().promoOrders > 0;
            }
            out.add(new ArraySeries(p.getKey(), first, bucketSize.millis(), units, revenue, promo));
        }
        return out;
    }
}
