package io.flowcast.backtest;

/**
 * One product's actuals and one run's step-1 forecasts with their p10-p90 band, aligned by
 * target bucket (index i is the bucket {@code firstBucket + i * bucketMillis}; NaN where none).
 */
public record ProductSeries(String productId, long firstBucket, long bucketMillis, double[] actual, double[] point,
                            double[] p10, double[] p90) {
}
