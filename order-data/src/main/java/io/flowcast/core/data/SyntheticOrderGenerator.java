package io.flowcast.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.events.OrderEvent;
import io.flowcast.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A seeded, deterministic stream of synthetic order lines in event-time order (up to a bounded
 * disorder), with the ground truth of its injected demand spikes. Same config, same bytes.
 *
 * <p>The demand model: each product is an independent Poisson process of order lines whose rate is
 * {@code baseRate * daily(t) * weekly(t) * trend(t) * launchRamp(t) * promotionLift(t) * spike(t)}.
 * Daily and weekly seasonality are shared (UTC, busiest mid-afternoon and on Fridays and Saturdays),
 * the rest is per product. A share of products are slow movers (0.05-0.5 lines a day: most buckets
 * empty), a share launch mid-stream (no sales before, ramping up over a week), a share run one
 * promotion (price cut, demand lift, {@code promotion} flag on those lines). Quantities are small
 * (1 + geometric, up to 12) except for a few wholesale lines (24-144).
 *
 * <p>Spikes multiply one product's rate for one bucket (x4-x10 by default). They go to busy regular
 * products, after a day of the product's history, and sub-day spikes into the busy half of the day
 * (09:00-21:00): the ground truth should be something a detector could see (docs/alerts.md).
 *
 * <p>How it stays fast and streaming: time advances in one-minute slices. Per slice it draws the
 * total number of lines from a Poisson of the summed rate, spreads them uniformly over the slice and
 * picks each line's product in proportion to its rate (binary search over cumulative weights,
 * recomputed hourly and at every launch, promotion and spike edge). That is the same distribution as
 * simulating every product separately, at a cost that grows with events rather than with products.
 * Only one slice is held in memory.
 *
 * <p>Disorder: a share of records are stamped up to {@code maxDisorder} before their place in the
 * stream (as if they sat in a client buffer), so a record's event time is never more than
 * {@code maxDisorder} behind any earlier record's.
 *
 * <p>Not thread-safe; one generator per thread.
 */
public final class SyntheticOrderGenerator implements Iterator<GeneratedRecord> {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    /** Monday..Sunday, mean 1: weekend shopping, a quiet Sunday evening is folded into the daily curve. */
    private static final double[] WEEKLY = normalise(new double[] {0.92, 0.95, 0.98, 1.0, 1.1, 1.2, 0.85});
    private static final double DAILY_AMPLITUDE = 0.7;
    private static final double DAILY_PEAK_HOUR = 15.0;
    private static final int SMALL_QTY_CAP = 12;
    private static final int[] WHOLESALE_QTY = {24, 36, 48, 96, 144};
    private static final String[] COUNTRIES = {"United Kingdom", "Germany", "France", "EIRE", "Netherlands",
            "Spain", "Belgium", "Switzerland", "Portugal", "Australia", "Norway", "Italy"};
    private static final double[] COUNTRY_WEIGHTS = {0.62, 0.08, 0.07, 0.05, 0.04, 0.03, 0.03, 0.02, 0.02, 0.02,
            0.01, 0.01};
    private static final long FAR_FUTURE_SHIFT = 3650L * DAY;

    private final GeneratorConfig config;
    private final ObjectWriter writer = Json.MAPPER.writerFor(OrderEvent.class);
    private final SplittableRandom rng;
    private final long start;
    private final long end;
    private final double meanQuantity;

    // catalogue, as parallel arrays for the hot loop
    private final int n;
    private final String[] productIds;
    private final String[] categories;
    private final double[] basePrice;
    private final double[] baseRate;
    private final boolean[] slow;
    private final long[] launch;
    private final double[] trend;
    private final long[] promoStart;
    private final long[] promoEnd;
    private final double[] promoDiscount;
    private final double[] promoLift;
    private final int[] spikeOf;
    private final String[] customerIds;
    private final String[] customerCountry;

    // spikes
    private final long[] spikeStart;
    private final long[] spikeEnd;
    private final double[] spikeMultiplier;
    private final int[] spikeProduct;
    private final double[] spikeExpected;
    private final double[] spikeActual;

    // simulation state
    private final long[] changePoints;
    private int nextChangeIdx;
    private long nextRecompute = Long.MIN_VALUE;
    private final double[] cumulative;
    private double totalWeight;
    private long sliceStart;
    private long[] sliceTimes = new long[64];
    private int sliceSize;
    private int slicePos;
    private long emitted;
    private long badEmitted;

    public SyntheticOrderGenerator(GeneratorConfig config) {
        this.config = config;
        this.start = config.start().toEpochMilli();
        this.end = start + config.duration().toMillis();
        this.n = config.products();
        // the catalogue plan and the event draws use separate streams: changing how many events are
        // drawn (maxEvents, bad share) never changes the catalogue or the spikes
        SplittableRandom plan = new SplittableRandom(config.seed());
        this.rng = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        this.meanQuantity = meanQuantity(config.wholesaleShare());

        productIds = new String[n];
        categories = new String[n];
        basePrice = new double[n];
        baseRate = new double[n];
        slow = new boolean[n];
        launch = new long[n];
        trend = new double[n];
        promoStart = new long[n];
        promoEnd = new long[n];
        promoDiscount = new double[n];
        promoLift = new double[n];
        spikeOf = new int[n];
        cumulative = new double[n];
        planCatalogue(plan);
        planPromotions(plan);

        customerIds = new String[config.customers()];
        customerCountry = new String[config.customers()];
        for (int c = 0; c < customerIds.length; c++) {
            customerIds[c] = Integer.toString(10_000 + c);
            customerCountry[c] = COUNTRIES[pick(COUNTRY_WEIGHTS, plan.nextDouble())];
        }

        int[] chosen = chooseSpikeProducts(plan);
        int k = chosen.length;
        spikeStart = new long[k];
        spikeEnd = new long[k];
        spikeMultiplier = new double[k];
        spikeProduct = chosen;
        spikeExpected = new double[k];
        spikeActual = new double[k];
        Arrays.fill(spikeOf, -1);
        planSpikes(plan);

        changePoints = changePoints();
        sliceStart = start;
    }

    public GeneratorConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- plan

    private void planCatalogue(SplittableRandom plan) {
        int cats = config.categories();
        double[] categoryPriceLevel = new double[cats];
        for (int c = 0; c < cats; c++) {
            categoryPriceLevel[c] = 2.0 * Math.exp(1.2 * plan.nextDouble() * 2); // about 2..22
        }
        double slowShare = config.slowMoverShare();
        double slowMean = 0.275; // mean of U(0.05, 0.5)
        double fastMean = slowShare >= 1 ? 0
                : Math.max(0.1, (config.meanOrdersPerProductPerDay() - slowShare * slowMean) / (1 - slowShare));
        double sigma = 1.0;
        double durationDays = (double) (end - start) / DAY;
        double zipf = config.zipfExponent();
        double zipfNorm = 0; // sum of 1 / rank^s: rates that average meanOrdersPerProductPerDay
        for (int p = 0; zipf > 0 && p < n; p++) {
            zipfNorm += Math.pow(p + 1, -zipf);
        }
        int width = Math.max(6, Integer.toString(n - 1).length());
        for (int p = 0; p < n; p++) {
            productIds[p] = "P" + pad(p, width);
            int c = plan.nextInt(cats);
            categories[p] = "cat-" + pad(c, 2);
            basePrice[p] = Math.max(0.29, round2(categoryPriceLevel[c] * Math.exp(0.5 * gaussian(plan))));
            slow[p] = plan.nextDouble() < slowShare;
            baseRate[p] = slow[p] ? 0.05 + 0.45 * plan.nextDouble()
                    : fastMean * Math.exp(sigma * gaussian(plan) - sigma * sigma / 2); // lognormal with mean fastMean
            if (zipf > 0) { // after the draws above, so the rest of the plan stays as it was
                baseRate[p] = config.meanOrdersPerProductPerDay() * n * Math.pow(p + 1, -zipf) / zipfNorm;
            }
            // a total drift of about exp(N(0, 0.3)) over the whole run, whatever its length
            trend[p] = 0.3 * gaussian(plan) / Math.max(1.0, durationDays);
            launch[p] = plan.nextDouble() < config.launchShare()
                    ? floorTo(start + (long) ((0.1 + 0.7 * plan.nextDouble()) * (end - start)), MINUTE)
                    : start;
            promoStart[p] = -1;
            promoEnd[p] = -1;
            promoLift[p] = 1;
        }
    }

    private void planPromotions(SplittableRandom plan) {
        int count = (int) Math.round(config.promotionShare() * n);
        int[] order = shuffledIndices(plan);
        for (int i = 0; i < count; i++) {
            int p = order[i];
            long from = Math.max(launch[p], start);
            long s = floorTo(from + (long) (plan.nextDouble() * 0.9 * (end - from)), HOUR);
            long len = floorTo((long) ((1 + 6 * plan.nextDouble()) * DAY), HOUR);
            promoStart[p] = s;
            promoEnd[p] = Math.min(end, s + len);
            promoDiscount[p] = Math.round((0.1 + 0.3 * plan.nextDouble()) * 20) / 20.0; // 10%..40% in 5% steps
            promoLift[p] = 1 + 4 * promoDiscount[p]; // 20% off sells 1.8x as often
        }
    }

    /**
     * Spikes go to the busiest regular products (top 5%, at least three per spike): on a product selling a
     * unit an hour a 4x spike drowns in Poisson noise, and the ground truth should be detectable.
     */
    private int[] chooseSpikeProducts(SplittableRandom plan) {
        Integer[] regular = new Integer[n];
        int m = 0;
        long size = BucketSize.of(config.spikeBucket()).millis();
        for (int p = 0; p < n; p++) {
            // launched early enough for a day of history before the spike (see planSpikes)
            boolean room = Math.max(start, launch[p]) + size + Math.max(2 * size, DAY) + size <= end - 2 * size;
            if (!slow[p] && room) {
                regular[m++] = p;
            }
        }
        Integer[] byRate = Arrays.copyOf(regular, m);
        Arrays.sort(byRate, (a, b) -> a.equals(b) ? 0 : Double.compare(baseRate[b], baseRate[a]) != 0
                ? Double.compare(baseRate[b], baseRate[a]) : Integer.compare(a, b));
        int pool = Math.min(m, Math.max(3 * config.spikeCount(), n / 20));
        int k = Math.min(config.spikeCount(), pool);
        // partial Fisher-Yates over the pool
        int[] candidates = new int[pool];
        for (int i = 0; i < pool; i++) {
            candidates[i] = byRate[i];
        }
        for (int i = 0; i < k; i++) {
            int j = i + plan.nextInt(pool - i);
            int t = candidates[i];
            candidates[i] = candidates[j];
            candidates[j] = t;
        }
        return Arrays.copyOf(candidates, k);
    }

    private void planSpikes(SplittableRandom plan) {
        BucketSize bucket = BucketSize.of(config.spikeBucket());
        long size = bucket.millis();
        for (int i = 0; i < spikeProduct.length; i++) {
            int p = spikeProduct[i];
            // whole bucket inside the run, a day of history before it (something to judge a spike
            // against) and a neighbour bucket after it
            long firstFullBucket = bucket.start(Math.max(start, launch[p]) + size - 1); // launches are minute-aligned
            long lo = firstFullBucket + Math.max(2 * size, DAY);
            long hi = bucket.start(end) - 2 * size;
            long s;
            int tries = 0;
            do {
                s = hi > lo ? bucket.start(lo + (long) (plan.nextDouble() * (hi - lo))) : bucket.start(start);
            } while (!inShoppingHours(s, size) && ++tries < 100); // half the day qualifies: 100 misses are 2^-100
            spikeStart[i] = s;
            spikeEnd[i] = s + size;
            double min = config.spikeMinMultiplier();
            double max = config.spikeMaxMultiplier();
            spikeMultiplier[i] = Math.round((min + (max - min) * plan.nextDouble()) * 10) / 10.0;
            spikeOf[p] = i;
            spikeExpected[i] = expectedUnits(p, s, s + size);
        }
    }

    /**
     * Sub-day spikes land in the busy half of the day (the shared daily curve at or above its mean,
     * 09:00-21:00): at night a top product expects about one order line an hour, and four or five
     * lines are ordinary Poisson noise there, not a spike anyone could see (docs/alerts.md).
     */
    private static boolean inShoppingHours(long bucketStart, long size) {
        if (size >= DAY) {
            return true;
        }
        return dailyCycle(bucketStart + size / 2) >= 0;
    }

    /**
     * The noise-free mean: units {@code productId} sells in [from, to) on average, without spikes
     * (they cannot be foreseen). What an oracle forecaster would say; NaN for an unknown product.
     */
    public double expectedUnits(String productId, long from, long to) {
        for (int p = 0; p < n; p++) {
            if (productIds[p].equals(productId)) {
                return expectedUnits(p, from, to);
            }
        }
        return Double.NaN;
    }

    /** Expected units of product p in [from, to) without a spike: the integral of its rate times the mean quantity. */
    private double expectedUnits(int p, long from, long to) {
        double lines = 0;
        for (long t = from; t < to; t += MINUTE) {
            lines += weight(p, t, false) * season(t + MINUTE / 2) * MINUTE / DAY;
        }
        return lines * meanQuantity;
    }

    private long[] changePoints() {
        TreeSet<Long> points = new TreeSet<>();
        for (int p = 0; p < n; p++) {
            if (launch[p] > start) {
                points.add(launch[p]);
            }
            if (promoStart[p] >= 0) {
                points.add(promoStart[p]);
                points.add(promoEnd[p]);
            }
        }
        for (int i = 0; i < spikeStart.length; i++) {
            points.add(spikeStart[i]);
            points.add(spikeEnd[i]);
        }
        return points.stream().mapToLong(Long::longValue).toArray();
    }

    // ---------------------------------------------------------------- rates

    /** A product's rate in lines per day at time t, without the shared seasonality. */
    private double weight(int p, long t, boolean withSpike) {
        if (t < launch[p]) {
            return 0;
        }
        double w = baseRate[p] * Math.exp(trend[p] * (t - start) / DAY);
        if (launch[p] > start) {
            w *= Math.min(1.0, 0.2 + 0.8 * (t - launch[p]) / (7.0 * DAY));
        }
        if (t >= promoStart[p] && t < promoEnd[p]) {
            w *= promoLift[p];
        }
        int s = spikeOf[p];
        if (withSpike && s >= 0 && t >= spikeStart[s] && t < spikeEnd[s]) {
            w *= spikeMultiplier[s];
        }
        return w;
    }

    /** Shared daily and weekly seasonality, mean 1 over a week. */
    private static double season(long t) {
        long dayIndex = Math.floorDiv(t, DAY);
        int dow = (int) Math.floorMod(dayIndex + 3, 7); // 1970-01-01 was a Thursday; 0 = Monday
        double daily = 1 + DAILY_AMPLITUDE * dailyCycle(t);
        return daily * WEEKLY[dow];
    }

    /** The shape of the daily curve at time t, from -1 (03:00) to 1 (the 15:00 peak). */
    private static double dailyCycle(long t) {
        double hour = (double) Math.floorMod(t, DAY) / HOUR;
        return Math.cos(2 * Math.PI * (hour - DAILY_PEAK_HOUR) / 24);
    }

    private void recomputeWeights(long t) {
        double sum = 0;
        for (int p = 0; p < n; p++) {
            sum += weight(p, t, true);
            cumulative[p] = sum;
        }
        totalWeight = sum;
        long nextHour = floorTo(t, HOUR) + HOUR;
        while (nextChangeIdx < changePoints.length && changePoints[nextChangeIdx] <= t) {
            nextChangeIdx++;
        }
        nextRecompute = nextChangeIdx < changePoints.length ? Math.min(nextHour, changePoints[nextChangeIdx]) : nextHour;
    }

    // ---------------------------------------------------------------- stream

    @Override
    public boolean hasNext() {
        if (emitted >= config.maxEvents()) {
            return false;
        }
        while (slicePos >= sliceSize) {
            if (sliceStart >= end) {
                return false;
            }
            fillSlice();
        }
        return true;
    }

    private void fillSlice() {
        if (sliceStart >= nextRecompute) {
            recomputeWeights(sliceStart);
        }
        long sliceEnd = Math.min(end, Math.min(sliceStart + MINUTE, nextRecompute));
        long len = sliceEnd - sliceStart;
        double lambda = totalWeight * season(sliceStart + len / 2) * len / DAY;
        int count = poisson(rng, lambda);
        if (sliceTimes.length < count) {
            sliceTimes = new long[Math.max(count, sliceTimes.length * 2)];
        }
        for (int i = 0; i < count; i++) {
            sliceTimes[i] = sliceStart + (long) (rng.nextDouble() * len);
        }
        Arrays.sort(sliceTimes, 0, count);
        sliceSize = count;
        slicePos = 0;
        sliceStart = sliceEnd;
    }

    @Override
    public GeneratedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long arrival = sliceTimes[slicePos++];
        int p = sampleProduct(rng.nextDouble() * totalWeight);
        long eventTime = arrival;
        if (config.disorderShare() > 0 && rng.nextDouble() < config.disorderShare()) {
            eventTime = Math.max(start, arrival - (long) (rng.nextDouble() * config.maxDisorder().toMillis()));
        }
        boolean promo = arrival >= promoStart[p] && arrival < promoEnd[p];
        int customer = rng.nextInt(customerIds.length);

        OrderEvent e = new OrderEvent();
        e.orderId = "SO" + emitted;
        e.productId = productIds[p];
        e.quantity = quantity();
        e.unitPrice = promo ? round2(basePrice[p] * (1 - promoDiscount[p])) : basePrice[p];
        e.eventTime = eventTime;
        e.category = categories[p];
        e.customerId = customerIds[customer];
        e.country = customerCountry[customer];
        e.promotion = promo;
        emitted++;

        if (config.badRecordShare() > 0 && rng.nextDouble() < config.badRecordShare()) {
            BadRecordKind kind = BadRecordKind.values()[rng.nextInt(BadRecordKind.values().length)];
            badEmitted++;
            return new GeneratedRecord(e.productId, corrupt(e, kind), eventTime, kind, null);
        }
        int s = spikeOf[p];
        if (s >= 0 && eventTime >= spikeStart[s] && eventTime < spikeEnd[s]) {
            spikeActual[s] += e.quantity;
        }
        return new GeneratedRecord(e.productId, serialize(e), eventTime, null, e);
    }

    private int sampleProduct(double u) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private double quantity() {
        if (config.wholesaleShare() > 0 && rng.nextDouble() < config.wholesaleShare()) {
            return WHOLESALE_QTY[rng.nextInt(WHOLESALE_QTY.length)];
        }
        int q = 1;
        while (q < SMALL_QTY_CAP && rng.nextDouble() < 0.5) {
            q++;
        }
        return q;
    }

    /** Mean of {@link #quantity()}'s distribution, worked out exactly. */
    private static double meanQuantity(double wholesaleShare) {
        double small = 0;
        double pq = 1;
        for (int q = 1; q < SMALL_QTY_CAP; q++) {
            small += q * pq * 0.5;
            pq *= 0.5;
        }
        small += SMALL_QTY_CAP * pq;
        double wholesale = Arrays.stream(WHOLESALE_QTY).average().orElse(0);
        return (1 - wholesaleShare) * small + wholesaleShare * wholesale;
    }

    private byte[] serialize(OrderEvent e) {
        try {
            return writer.writeValueAsBytes(e);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private byte[] corrupt(OrderEvent e, BadRecordKind kind) {
        switch (kind) {
            case MALFORMED_JSON: {
                if (rng.nextBoolean()) {
                    byte[] good = serialize(e);
                    // cut before the closing brace: never a complete JSON object
                    return Arrays.copyOf(good, 1 + rng.nextInt(good.length - 2));
                }
                return ("order " + e.orderId + ";" + e.productId + ";" + e.quantity).getBytes(StandardCharsets.UTF_8);
            }
            case MISSING_PRODUCT_ID:
                e.productId = null;
                return serialize(e);
            case NEGATIVE_QUANTITY:
                e.quantity = -e.quantity;
                return serialize(e);
            case NEGATIVE_PRICE:
                e.unitPrice = -Math.max(0.01, e.unitPrice);
                return serialize(e);
            case FAR_FUTURE_TIME:
                e.eventTime += FAR_FUTURE_SHIFT;
                return serialize(e);
            default: {
                ObjectNode node = Json.MAPPER.valueToTree(e);
                if (kind == BadRecordKind.MISSING_QUANTITY) {
                    node.remove("quantity");
                } else if (kind == BadRecordKind.NAN_PRICE) {
                    node.put("unitPrice", "NaN");
                } else {
                    node.put("eventTime", "2025-13-45 25:61");
                }
                return Json.toBytes(node);
            }
        }
    }

    // ---------------------------------------------------------------- ground truth

    /** The catalogue with its hidden demand parameters. */
    public List<SyntheticProduct> products() {
        List<SyntheticProduct> out = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            out.add(new SyntheticProduct(productIds[p], categories[p], basePrice[p], baseRate[p], slow[p], launch[p],
                    trend[p], promoStart[p], promoEnd[p], promoDiscount[p], promoLift[p]));
        }
        return Collections.unmodifiableList(out);
    }

    /** Spike ground truth, by bucket start; {@link Spike#actualUnits()} counts the good records emitted so far. */
    public List<Spike> spikes() {
        List<Spike> out = new ArrayList<>(spikeProduct.length);
        for (int i = 0; i < spikeProduct.length; i++) {
            out.add(new Spike(productIds[spikeProduct[i]], spikeStart[i], spikeEnd[i] - spikeStart[i],
                    spikeMultiplier[i], spikeExpected[i], spikeExpected[i] * spikeMultiplier[i], spikeActual[i]));
        }
        out.sort((a, b) -> a.bucketStart() != b.bucketStart() ? Long.compare(a.bucketStart(), b.bucketStart())
                : a.productId().compareTo(b.productId()));
        return Collections.unmodifiableList(out);
    }

    /**
     * Writes the spike ground truth as CSV: {@code productId,bucketStart,bucketStartMillis,bucketSizeMillis,
     * multiplier,expectedUnits,spikedExpectedUnits,actualUnits}. Call it after the stream is drained for
     * complete actual units.
     */
    public void writeGroundTruth(Path csv) {
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("productId,bucketStart,bucketStartMillis,bucketSizeMillis,multiplier,expectedUnits,"
                    + "spikedExpectedUnits,actualUnits\n");
            for (Spike s : spikes()) {
                w.write(String.format(Locale.ROOT, "%s,%s,%d,%d,%.1f,%.3f,%.3f,%.0f%n", s.productId(),
                        Instant.ofEpochMilli(s.bucketStart()), s.bucketStart(), s.bucketSizeMillis(), s.multiplier(),
                        s.expectedUnits(), s.spikedExpectedUnits(), s.actualUnits()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + csv, e);
        }
    }

    /** Records emitted so far, good and bad. */
    public long emitted() {
        return emitted;
    }

    public long badEmitted() {
        return badEmitted;
    }

    /** Mean units per order line, to turn expected lines into expected units. */
    public double meanQuantity() {
        return meanQuantity;
    }

    // ---------------------------------------------------------------- helpers

    /** Poisson draws: Knuth's product method for small means, a rounded normal above 30 (error well under 1%). */
    static int poisson(SplittableRandom r, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda < 30) {
            double limit = Math.exp(-lambda);
            double prod = r.nextDouble();
            int k = 0;
            while (prod > limit) {
                k++;
                prod *= r.nextDouble();
            }
            return k;
        }
        return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(r)));
    }

    /** Box-Muller by hand: JDK versions may change {@code nextGaussian}, and the bytes must not. */
    static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private int[] shuffledIndices(SplittableRandom plan) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = plan.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    private static int pick(double[] weights, double u) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = u * sum;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static double[] normalise(double[] v) {
        double mean = Arrays.stream(v).average().orElse(1);
        return Arrays.stream(v).map(x -> x / mean).toArray();
    }

    private static long floorTo(long t, long unit) {
        return Math.floorDiv(t, unit) * unit;
    }

    private static double round2(double x) {
        return Math.round(x * 100) / 100.0;
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
