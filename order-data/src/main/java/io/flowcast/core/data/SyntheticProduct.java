package io.flowcast.core.data;

/**
 * A product of the synthetic catalogue and the hidden parameters behind its demand.
 *
 * @param productId        e.g. {@code P000042}
 * @param category         e.g. {@code cat-07}
 * @param basePrice        list price, GBP-like units, two decimals
 * @param baseRatePerDay   order lines per day before seasonality, trend, promotion and spikes
 * @param slowMover        an intermittent product (most buckets empty)
 * @param launchTime       epoch millis of the first possible sale; the stream start for products sold from the beginning
 * @param trendPerDay      exponential growth rate per day (log-scale)
 * @param promotionStart   epoch millis, or -1 without a promotion
 * @param promotionEnd     epoch millis (exclusive), or -1
 * @param promotionDiscount share taken off the price during the promotion
 * @param promotionLift    factor on the order rate during the promotion
 */
public record SyntheticProduct(String productId, String category, double basePrice, double baseRatePerDay,
                               boolean slowMover, long launchTime, double trendPerDay, long promotionStart,
                               long promotionEnd, double promotionDiscount, double promotionLift) {

    public boolean onPromotion(long time) {
        return time >= promotionStart && time < promotionEnd;
    }
}
