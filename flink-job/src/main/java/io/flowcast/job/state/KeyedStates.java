package io.flowcast.job.state;

import io.flowcast.core.engine.ProductState;
import io.flowcast.core.engine.ProductTimeline;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The keyed operator's per-product state. Named as the POJO states before them ("product-clock",
 * "product"), so that a checkpoint of that layout fails to restore instead of being silently ignored.
 */
public final class KeyedStates {
    /** Where the product's buckets stand and its open buckets' sums: read and written per incoming sum. */
    public static final ValueStateDescriptor<ProductTimeline> TIMELINE =
            new ValueStateDescriptor<>("product-clock", ProductTimelineSerializer.INSTANCE);
    /** History, errors, LSTM and alert state: read and written per bucket close. */
    public static final ValueStateDescriptor<ProductState> PRODUCT_STATE =
            new ValueStateDescriptor<>("product", ProductStateSerializer.INSTANCE);

    private KeyedStates() {}
}
