package io.flowcast.job.state;

import io.flowcast.core.engine.ProductState;
import io.flowcast.core.engine.ProductTimeline;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The keyed operator's state: two values per product, and the accepted models. The product values
 * are named as the POJO states before them ("product-clock", "product"), so that a checkpoint of
 * that layout fails to restore instead of being silently ignored.
 */
public final class KeyedStates {
    /** Where the product's buckets stand and its open buckets' sums: read and written per incoming sum. */
    public static final ValueStateDescriptor<ProductTimeline> TIMELINE =
            new ValueStateDescriptor<>("product-clock", CodecSerializer.TIMELINE);
    /** History, errors, LSTM and alert state: read and written per bucket close. */
    public static final ValueStateDescriptor<ProductState> PRODUCT_STATE =
            new ValueStateDescriptor<>("product", CodecSerializer.PRODUCT_STATE);

    /** Accepted model per model name, as its JSON (broadcast state): a String keeps it free of Kryo. */
    public static final MapStateDescriptor<String, String> MODELS =
            new MapStateDescriptor<>("models", Types.STRING, Types.STRING);

    private KeyedStates() {}
}
