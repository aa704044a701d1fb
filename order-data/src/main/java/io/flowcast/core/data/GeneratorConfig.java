package io.flowcast.core.data;

import java.time.Duration;
import java.time.Instant;

/**
 * Settings of the {@link SyntheticOrderGenerator}; the same config and seed always give the same bytes.
 * Start from {@link #defaults()} or {@link #builder()}.
 *
 * @param products                  number of products (default 2,000)
 * @param categories                number of product categories (default 20)
 * @param customers                 number of distinct customers (default 20,000)
 * @param start                     first event time (default 2025-01-06T00:00:00Z, a Monday; fixed, never "now")
 * @param duration                  simulated time span (default 28 days)
 * @param meanOrdersPerProductPerDay average order lines per product per simulated day, before seasonality,
 *                                  trend, promotions and spikes (default 20)
 * @param maxEvents                 stop after this many records even before {@code duration} ends (default unlimited)
 * @param seed                      random seed (default 42)
 * @param badRecordShare            share of records replaced by a broken one, 0..1 (default 0)
 * @param slowMoverShare            share of intermittent products selling 0.05-0.5 lines a day (default 0.3)
 * @param launchShare               share of products launched mid-stream (default 0.1)
 * @param promotionShare            share of products with one 1-7 day promotion: 10-40% off, demand up (default 0.1)
 * @param spikeCount                injected demand spikes (default 10; at most one per product)
 * @param spikeBucket               length of a spike, aligned to the epoch like a bucket; whole minutes (default 1h)
 * @param spikeMinMultiplier        lowest rate multiplier of a spike (default 4)
 * @param spikeMaxMultiplier        highest rate multiplier of a spike (default 10)
 * @param wholesaleShare            share of order lines with wholesale quantities 24-144 (default 0.003)
 * @param maxDisorder               how far a record's event time may trail an earlier record's (default 5 s)
 * @param disorderShare             share of records delayed by up to {@code maxDisorder} (default 0.2)
 */
public record GeneratorConfig(
        int products,
        int categories,
        int customers,
        Instant start,
        Duration duration,
        double meanOrdersPerProductPerDay,
        long maxEvents,
        long seed,
        double badRecordShare,
        double slowMoverShare,
        double launchShare,
        double promotionShare,
        int spikeCount,
        Duration spikeBucket,
        double spikeMinMultiplier,
        double spikeMaxMultiplier,
        double wholesaleShare,
        Duration maxDisorder,
        double disorderShare,
        double zipfExponent) {

    public static final Instant DEFAULT_START = Instant.parse("2025-01-06T00:00:00Z");

    public GeneratorConfig {
        require(products > 0, "products must be positive");
        require(categories > 0, "categories must be positive");
        require(customers > 0, "customers must be positive");
        require(start != null, "start is required");
        require(duration != null && !duration.isNegative() && !duration.isZero(), "duration must be positive");
        require(meanOrdersPerProductPerDay > 0, "meanOrdersPerProductPerDay must be positive");
        require(maxEvents > 0, "maxEvents must be positive");
        require(share(badRecordShare), "badRecordShare must be in 0..1");
        require(share(slowMoverShare), "slowMoverShare must be in 0..1");
        require(share(launchShare), "launchShare must be in 0..1");
        require(share(promotionShare), "promotionShare must be in 0..1");
        require(share(wholesaleShare), "wholesaleShare must be in 0..1");
        require(share(disorderShare), "disorderShare must be in 0..1");
        require(spikeCount >= 0, "spikeCount must not be negative");
        require(spikeBucket != null && spikeBucket.toMillis() >= 60_000 && spikeBucket.toMillis() % 60_000 == 0,
                "spikeBucket must be a whole number of minutes");
        require(spikeMinMultiplier >= 1 && spikeMaxMultiplier >= spikeMinMultiplier,
                "need 1 <= spikeMinMultiplier <= spikeMaxMultiplier");
        require(maxDisorder != null && !maxDisorder.isNegative(), "maxDisorder must not be negative");
        require(zipfExponent >= 0, "zipfExponent must not be negative");
    }

    public static GeneratorConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to change a few of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.products = products;
        b.categories = categories;
        b.customers = customers;
        b.start = start;
        b.duration = duration;
        b.meanOrdersPerProductPerDay = meanOrdersPerProductPerDay;
        b.maxEvents = maxEvents;
        b.seed = seed;
        b.badRecordShare = badRecordShare;
        b.slowMoverShare = slowMoverShare;
        b.launchShare = launchShare;
        b.promotionShare = promotionShare;
        b.spikeCount = spikeCount;
        b.spikeBucket = spikeBucket;
        b.spikeMinMultiplier = spikeMinMultiplier;
        b.spikeMaxMultiplier = spikeMaxMultiplier;
        b.wholesaleShare = wholesaleShare;
        b.maxDisorder = maxDisorder;
        b.disorderShare = disorderShare;
        b.zipfExponent = zipfExponent;
        return b;
    }

    /** The end of simulated time (exclusive). */
    public Instant end() {
        return start.plus(duration);
    }

    /** Average records per simulated second over all products, before seasonality and the rest. */
    public double meanEventsPerSimulatedSecond() {
        return products * meanOrdersPerProductPerDay / 86_400.0;
    }

    private static boolean share(double x) {
        return x >= 0 && x <= 1;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private int products = 2_000;
        private int categories = 20;
        private int customers = 20_000;
        private Instant start = DEFAULT_START;
        private Duration duration = Duration.ofDays(28);
        private double meanOrdersPerProductPerDay = 20;
        private long maxEvents = Long.MAX_VALUE;
        private long seed = 42;
        private double badRecordShare = 0;
        private double slowMoverShare = 0.3;
        private double launchShare = 0.1;
        private double promotionShare = 0.1;
        private int spikeCount = 10;
        private Duration spikeBucket = Duration.ofHours(1);
        private double spikeMinMultiplier = 4;
        private double spikeMaxMultiplier = 10;
        private double wholesaleShare = 0.003;
        private Duration maxDisorder = Duration.ofSeconds(5);
        private double disorderShare = 0.2;
        private double zipfExponent = 0;

        private Builder() {}

        public Builder products(int v) { products = v; return this; }
        public Builder categories(int v) { categories = v; return this; }
        public Builder customers(int v) { customers = v; return this; }
        public Builder start(Instant v) { start = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder meanOrdersPerProductPerDay(double v) { meanOrdersPerProductPerDay = v; return this; }
        /** Sets the per-product rate so that all products together average {@code eps} records per simulated second. */
        public Builder eventsPerSimulatedSecond(double eps) { meanOrdersPerProductPerDay = eps * 86_400.0 / products; return this; }
        public Builder maxEvents(long v) { maxEvents = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder badRecordShare(double v) { badRecordShare = v; return this; }
        public Builder slowMoverShare(double v) { slowMoverShare = v; return this; }
        public Builder launchShare(double v) { launchShare = v; return this; }
        public Builder promotionShare(double v) { promotionShare = v; return this; }
        public Builder spikeCount(int v) { spikeCount = v; return this; }
        public Builder spikeBucket(Duration v) { spikeBucket = v; return this; }
        public Builder spikeMultiplier(double min, double max) { spikeMinMultiplier = min; spikeMaxMultiplier = max; return this; }
        public Builder wholesaleShare(double v) { wholesaleShare = v; return this; }
        public Builder maxDisorder(Duration v) { maxDisorder = v; return this; }
        public Builder disorderShare(double v) { disorderShare = v; return this; }
        /**
         * Above 0: popularity by rank, rate proportional to 1 / rank^s with the same mean, instead of
         * slow movers and a lognormal spread (a long-tail catalogue: most products idle in an hour).
         */
        public Builder zipfExponent(double v) { zipfExponent = v; return this; }

        public GeneratorConfig build() {
            return new GeneratorConfig(products, categories, customers, start, duration, meanOrdersPerProductPerDay,
                    maxEvents, seed, badRecordShare, slowMoverShare, launchShare, promotionShare, spikeCount,
                    spikeBucket, spikeMinMultiplier, spikeMaxMultiplier, wholesaleShare, maxDisorder, disorderShare,
                    zipfExponent);
        }
    }
}
