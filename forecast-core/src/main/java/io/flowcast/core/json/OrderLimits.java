package io.flowcast.core.json;

import java.io.Serializable;

/**
 * Bounds on well-formed order records: what a producer may send before the record is a dead letter.
 * The defaults are far above any real order line (Online Retail's largest is 80,995 units at most
 * 38,970 per unit) and far below what breaks arithmetic: sums of a few million lines at the maxima
 * stay finite and exact enough in a double.
 */
public record OrderLimits(double maxQuantity, double maxUnitPrice, int maxProductIdLength, int maxTextLength,
                          int maxOrderBytes) implements Serializable {
    public static final double DEFAULT_MAX_QUANTITY = 1_000_000;
    public static final double DEFAULT_MAX_UNIT_PRICE = 1_000_000;
    public static final int DEFAULT_MAX_PRODUCT_ID_LENGTH = 128;
    public static final int DEFAULT_MAX_TEXT_LENGTH = 256;
    public static final int DEFAULT_MAX_ORDER_BYTES = 16_384;

    public static final OrderLimits DEFAULTS = new OrderLimits(DEFAULT_MAX_QUANTITY, DEFAULT_MAX_UNIT_PRICE,
            DEFAULT_MAX_PRODUCT_ID_LENGTH, DEFAULT_MAX_TEXT_LENGTH, DEFAULT_MAX_ORDER_BYTES);

    public OrderLimits {
        if (!(maxQuantity > 0) || !Double.isFinite(maxQuantity) || !(maxUnitPrice > 0) || !Double.isFinite(maxUnitPrice)) {
            throw new IllegalArgumentException("the quantity and unit price maxima must be finite and positive");
        }
        if (maxProductIdLength < 1 || maxTextLength < 1 || maxOrderBytes < 64) {
            throw new IllegalArgumentException("length limits must be >= 1 (record bytes >= 64)");
        }
    }
}
