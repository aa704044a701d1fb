package io.flowcast.backtest;

import io.flowcast.core.metrics.DemandSegment;
import java.util.LinkedHashMap;
import java.util.Map;

/** A product picked for the report's charts, why it was picked, and each run's series and WAPE for it. */
public record ProductChart(String productId, String reason, DemandSegment segment, double totalUnits,
                           Map<String, ProductSeries> series, Map<String, Double> wape) {
    public ProductChart(String productId, String reason, DemandSegment segment, double totalUnits) {
        this(productId, reason, segment, totalUnits, new LinkedHashMap<>(), new LinkedHashMap<>());
    }
}
