import io.flowcast.core.buckets.BucketAggregate;
import io.flowcast.core.buckets.BucketHistory;
import io.flowcast.core.buckets.BucketSize;
import io.flowcast.core.calendar.ClosedDays;
import io.flowcast.core.calendar.HolidayCalendar;
import io.flowcast.core.forecast.AutoForecaster;
import io.flowcast.core.forecast.AutoForecaster.Weighting;
import io.flowcast.core.forecast.CrostonTsbForecaster;
import io.flowcast.core.forecast.ExponentialSmoothingForecaster;
import io.flowcast.core.forecast.Forecaster;
import io.flowcast.core.forecast.ForecasterSelector;
import io.flowcast.core.forecast.MedianForecaster;
import io.flowcast.core.forecast.MovingAverageForecaster;
import io.flowcast.core.forecast.RobustSeasonalForecaster;
import io.flowcast.core.forecast.SeasonalMeanForecaster;
import io.flowcast.core.forecast.SeasonalNaiveForecaster;
import io.flowcast.core.forecast.SelectorState;
import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.SyntheticOrderGenerator;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Offline trial of auto's weighting rules on the retail hold-out (the protocol of docs/evaluation.md:
 * origins every 7 days from 2011-06-01, top 200 products by selling days, daily UTC buckets,
 * h 1-7, lookback 168, UK holidays) without the Flink job: the same classes the engine calls per
 * bucket (ClosedDays, AutoForecaster.recordActual / forecast). Only the point (RMSE, MAE, total)
 * and the p50 of the median pool are scored; the job's intervals are not. It is a screening tool:
 * the chosen rule is then measured with `./flowcast backtest` (docs/evaluation.md).
 *
 *   ./flowcast --help >/dev/null     # builds flowcast-cli/target/flowcast.jar (the generator's classes)
 *   java -Dvariants=weights -cp flowcast-cli/target/flowcast.jar eval/AutoVariants.java ../shared/data/online-retail/online_retail_2010-12-01_2011-08-31.csv.gz
 *   (-Dvariants=weights|pools|final|synthetic|means: which rules; -Dinput=synthetic: the synthetic hold-out and its oracle)
 */
public class AutoVariants {
    static final long DAY = 86_400_000L;
    static final int H = 7;

    public static void main(String[] args) throws Exception {
        boolean synthetic = "synthetic".equals(System.getProperty("input"));
        String file = args.length > 0 ? args[0] : "../shared/data/online-retail/online_retail_2010-12-01_2011-08-31.csv.gz";
        LocalDate first = LocalDate.parse(synthetic ? "2025-03-10" : args.length > 1 ? args[1] : "2011-06-01");
        SyntheticOrderGenerator generator = synthetic ? generator() : null;
        Map<String, TreeMap<Long, Double>> daily = synthetic ? read(generator) : read(file);
        long firstOrigin = first.toEpochDay() * DAY;
        long lastDay = Long.MIN_VALUE;
        for (TreeMap<Long, Double> d : daily.values()) {
            lastDay = Math.max(lastDay, d.lastKey());
        }
        List<String> top = new ArrayList<>(daily.keySet());
        Map<String, Long> selling = new HashMap<>();
        for (String p : top) {
            selling.put(p, daily.get(p).headMap(firstOrigin).values().stream().filter(v -> v > 0).count());
        }
        top.sort(java.util.Comparator.comparing((String p) -> -selling.get(p)).thenComparing(p -> p));
        top = top.subList(0, Math.min(top.size(), 200));

        BucketSize size = BucketSize.ofMillis(DAY);
        HolidayCalendar uk = HolidayCalendar.parse("uk");
        ForecasterSelector rule = ForecasterSelector.forBuckets(size);
        // the candidates before the long means and the slow TSB joined (this session's start)
        List<Forecaster> base = new ArrayList<>(rule.baselines());
        base.addAll(List.of(new RobustSeasonalForecaster(7), new MovingAverageForecaster(28), new MedianForecaster(28, 1),
                new MedianForecaster(12, 7)));
        // the default before the seasonal means: + long flat means and a slow TSB, every candidate but the plain medians in the point's pool
        List<Forecaster> previous = new ArrayList<>(base);
        previous.addAll(List.of(new MovingAverageForecaster(56), new MovingAverageForecaster(84), new MovingAverageForecaster(168),
                new CrostonTsbForecaster(0.05, 0.05)));
        Map<String, AutoForecaster> variants = new LinkedHashMap<>();
        Predicate<Forecaster> means = f -> !f.forecastsMedian();
        variants.put("before (1/MSE, 28 d, 8 candidates)", new AutoForecaster(base, rule, H, true,
                new Weighting(AutoForecaster.DECAY, 0, f -> !f.forecastsMedian())));
        variants.put("previous (long flat means, robust-seasonal in the point's pool)", new AutoForecaster(previous, rule, H, true,
                new Weighting(AutoForecaster.DECAY, 0, f -> !(f instanceof MedianForecaster))));
        variants.put("default now", AutoForecaster.forBuckets(size, H, true));
        String only = System.getProperty("variants", "pools");
        if (only.equals("weights")) {
            for (double s : new double[] {0.25, 0.5, 0.75, 1.0}) {
                variants.put("shrink " + s, new AutoForecaster(base, rule, H, true, new Weighting(AutoForecaster.DECAY, s, means)));
            }
            for (int m : new int[] {56, 91, 182}) {
                variants.put("memory " + m + " d", new AutoForecaster(base, rule, H, true, new Weighting(1 - 1.0 / m, 0, means)));
                variants.put("memory " + m + " d, shrink 0.5", new AutoForecaster(base, rule, H, true, new Weighting(1 - 1.0 / m, 0.5, means)));
            }
            Predicate<Forecaster> noSnaive = means.and(f -> !(f instanceof SeasonalNaiveForecaster));
            variants.put("no seasonal-naive", new AutoForecaster(base, rule, H, true, new Weighting(AutoForecaster.DECAY, 0, noSnaive)));
            variants.put("no seasonal-naive, 91 d", new AutoForecaster(base, rule, H, true, new Weighting(1 - 1.0 / 91, 0, noSnaive)));
            Predicate<Forecaster> plusRobust = means.or(f -> f instanceof RobustSeasonalForecaster);
            variants.put("+robust-seasonal", new AutoForecaster(base, rule, H, true, new Weighting(AutoForecaster.DECAY, 0, plusRobust)));
            variants.put("+robust-seasonal, 91 d", new AutoForecaster(base, rule, H, true, new Weighting(1 - 1.0 / 91, 0, plusRobust)));
            variants.put("all candidates", new AutoForecaster(base, rule, H, true, new Weighting(AutoForecaster.DECAY, 0, f -> true)));
            for (Forecaster f : base) {
                variants.put("only " + f, new AutoForecaster(base, rule, H, true, new Weighting(AutoForecaster.DECAY, 0, g -> g == f)));
            }
        } else {
            List<Forecaster> more = new ArrayList<>(base);
            Forecaster ma56 = new MovingAverageForecaster(56), ma84 = new MovingAverageForecaster(84),
                    ma168 = new MovingAverageForecaster(168), tsbSlow = new CrostonTsbForecaster(0.05, 0.05),
                    hwDamped = new ExponentialSmoothingForecaster(7, 0.1, 0.01, 0.05, 0.8);
            more.addAll(List.of(ma56, ma84, ma168, tsbSlow, hwDamped));
            for (Forecaster f : List.of(ma56, ma84, ma168, tsbSlow, hwDamped)) {
                variants.put("only " + f, new AutoForecaster(more, rule, H, true, new Weighting(AutoForecaster.DECAY, 0, g -> g == f)));
            }
            java.util.function.BiConsumer<String, Predicate<Forecaster>> pool = (name, pr) -> {
                variants.put(name, new AutoForecaster(more, rule, H, true, new Weighting(AutoForecaster.DECAY, 0, pr)));
                variants.put(name + ", equal", new AutoForecaster(more, rule, H, true, new Weighting(AutoForecaster.DECAY, 1, pr)));
                variants.put(name + ", 91 d", new AutoForecaster(more, rule, H, true, new Weighting(1 - 1.0 / 91, 0, pr)));
            };
            Forecaster tsb = base.get(3), ma7 = base.get(1), hw = base.get(2), ma28 = base.get(5), robust = base.get(4);
            if (only.equals("pools")) {
                pool.accept("all means + MA56/84/168, slow TSB, damped HW", means);
                pool.accept("means - snaive + new", means.and(f -> !(f instanceof SeasonalNaiveForecaster)));
                pool.accept("tsb, ma28", f -> f == tsb || f == ma28);
                pool.accept("tsb, ma28, ma56", f -> f == tsb || f == ma28 || f == ma56);
                pool.accept("tsb, ma28, ma56, robust", f -> f == tsb || f == ma28 || f == ma56 || f == robust);
                pool.accept("tsb, ma7, ma28, ma56, hw", f -> f == tsb || f == ma28 || f == ma56 || f == ma7 || f == hw);
                pool.accept("tsb, slow tsb, ma28, ma56, ma84", f -> f == tsb || f == tsbSlow || f == ma28 || f == ma56 || f == ma84);
            } else if (only.equals("synthetic")) {
                List<Forecaster> now = AutoForecaster.candidatesFor(size);
                Predicate<Forecaster> pointPool = AutoForecaster.Weighting.DEFAULT.point();
                variants.put("default now, select best", new AutoForecaster(now, rule, H, false));
                variants.put("default now, 91 d", new AutoForecaster(now, rule, H, true, new Weighting(1 - 1.0 / 91, 0, pointPool)));
                variants.put("default now, 14 d", new AutoForecaster(now, rule, H, true, new Weighting(1 - 1.0 / 14, 0, pointPool)));
                // also tried (commit efc6ef6 has the knobs): only the k lowest errors weighted (trimmed
                // combination, k = 2..5) and squared errors clipped at 1.5-5 MAE: docs/evaluation.md
            } else if (only.equals("means")) {
                // the seasonal means (SeasonalMeanForecaster) and which pool the point takes them in. Also screened
                // (commit bafaf5b has the knobs): 1/MAE, 1/MSE^k, 1/MAE^k (k 2-16), 1/(err - a * min err) (a 0.5-1),
                // memories 28 / 56 / 91 days: every sharper rule traded synthetic MAE for retail total (docs/evaluation.md)
                List<Forecaster> now = AutoForecaster.candidatesFor(size);
                double d = AutoForecaster.DECAY;
                List<Forecaster> plus = new ArrayList<>(previous);
                List<Forecaster> sms = now.stream().filter(f -> f instanceof SeasonalMeanForecaster).toList();
                plus.addAll(sms);
                for (Forecaster f : sms) {
                    variants.put("only " + f, new AutoForecaster(plus, rule, H, true, new Weighting(d, 0, g -> g == f)));
                }
                Predicate<Forecaster> sm = sms::contains;
                Map<String, Predicate<Forecaster>> pools = new LinkedHashMap<>();
                pools.put("seasonal means", sm);
                pools.put("seasonal means + TSBs (the default's pool)", sm.or(g -> g instanceof CrostonTsbForecaster));
                pools.put("seasonal means + TSBs + Holt-Winters", sm.or(g -> g instanceof CrostonTsbForecaster || g instanceof ExponentialSmoothingForecaster));
                pools.put("seasonal means + robust-seasonal", sm.or(g -> g instanceof RobustSeasonalForecaster));
                pools.put("seasonal means + robust-seasonal + TSBs", sm.or(g -> g instanceof RobustSeasonalForecaster || g instanceof CrostonTsbForecaster));
                Predicate<Forecaster> old = f -> !(f instanceof MedianForecaster);
                pools.put("seasonal means + the previous pool", old);
                pools.put("seasonal means + the previous pool - robust-seasonal", old.and(g -> !(g instanceof RobustSeasonalForecaster)));
                pools.put("seasonal means + the previous pool - flat means", old.and(g -> !(g instanceof MovingAverageForecaster)));
                for (var e : pools.entrySet()) {
                    variants.put(e.getKey(), new AutoForecaster(plus, rule, H, true, new Weighting(d, 0, e.getValue())));
                    variants.put(e.getKey() + ", 91 d", new AutoForecaster(plus, rule, H, true, new Weighting(1 - 1.0 / 91, 0, e.getValue())));
                }
                variants.put("default now, select best", new AutoForecaster(now, rule, H, false));
            } else if (only.equals("final")) {
                Predicate<Forecaster> a = means.and(f -> f != hwDamped);
                pool.accept("means + ma56, ma84, ma168, slow tsb", a);
                pool.accept("means + ma56, ma84, ma168, slow tsb + robust", a.or(f -> f == robust));
                pool.accept("means + ma56, ma84, ma168, slow tsb + robust - snaive", a.or(f -> f == robust).and(f -> !(f instanceof SeasonalNaiveForecaster)));
            } else {
                Predicate<Forecaster> chosen = means.and(f -> f != ma84 && f != tsbSlow && f != hwDamped);
                pool.accept("means + ma56, ma168", chosen);
                pool.accept("means + ma56, ma168 - snaive", chosen.and(f -> !(f instanceof SeasonalNaiveForecaster)));
                pool.accept("means + ma56, ma168 - snaive - hw", chosen.and(f -> !(f instanceof SeasonalNaiveForecaster) && f != hw));
                pool.accept("means + ma168", means.and(f -> f != ma84 && f != tsbSlow && f != hwDamped && f != ma56));
                pool.accept("means + ma56, ma168, slow tsb", means.and(f -> f != ma84 && f != hwDamped));
            }
        }

        Map<String, double[]> acc = new LinkedHashMap<>(); // sum sq, sum abs, sum point, sum actual, n, sum |p50 err|
        variants.keySet().forEach(k -> acc.put(k, new double[6]));
        if (synthetic) {
            acc.put("oracle (noise-free mean)", new double[6]);
        }
        for (String p : top) {
            TreeMap<Long, Double> d = daily.get(p);
            BucketHistory history = new BucketHistory(168, DAY);
            Map<String, SelectorState> states = new HashMap<>();
            variants.forEach((k, a) -> states.put(k, a.newState()));
            for (long b = d.firstKey(); b <= lastDay; b += DAY) {
                double units = d.getOrDefault(b, 0.0);
                boolean closedDay = ClosedDays.learn(history, uk).isClosed(b);
                for (var e : variants.entrySet()) {
                    e.getValue().recordActual(states.get(e.getKey()), b, units, closedDay);
                }
                history.append(b, units > 0 ? new BucketAggregate(units, 0, 1, 0) : null);
                ClosedDays closed = ClosedDays.learn(history, uk);
                long origin = b + DAY;
                boolean scored = origin >= firstOrigin && (origin - firstOrigin) % (7 * DAY) == 0 && origin + (H - 1) * DAY <= lastDay;
                if (scored && synthetic) {
                    double[] a = acc.get("oracle (noise-free mean)");
                    for (int h = 1; h <= H; h++) {
                        long t = b + h * DAY;
                        double mean = generator.expectedUnits(p, t, t + DAY);
                        add(a, d.getOrDefault(t, 0.0), mean, mean);
                    }
                }
                for (var e : variants.entrySet()) {
                    AutoForecaster.Result r = e.getValue().forecast(states.get(e.getKey()), history, closed, null);
                    if (!scored) {
                        continue;
                    }
                    double[] a = acc.get(e.getKey());
                    for (int h = 1; h <= H; h++) {
                        long t = b + h * DAY;
                        double actual = d.getOrDefault(t, 0.0);
                        double point = closed.isClosed(t) ? 0 : Math.round(r.point()[h - 1] * 1000) / 1000.0;
                        double p50 = closed.isClosed(t) || r.p50() == null ? point : r.p50()[h - 1];
                        add(a, actual, point, p50);
                    }
                }
            }
        }
        System.out.printf("| variant | RMSE | MAE (point) | total / sold | p50 WAPE | steps |%n|---|---|---|---|---|---|%n");
        acc.forEach((k, a) -> System.out.printf("| %s | %.2f | %.3f | %.3f | %.3f | %d |%n", k, Math.sqrt(a[0] / a[4]),
                a[1] / a[4], a[2] / a[3], a[5] / a[3], (long) a[4]));
    }

    static void add(double[] a, double actual, double point, double p50) {
        double err = actual - point;
        a[0] += err * err;
        a[1] += Math.abs(err);
        a[2] += point;
        a[3] += actual;
        a[4]++;
        a[5] += Math.abs(actual - p50);
    }

    /** The generator of the synthetic hold-out in docs/evaluation.md (as SyntheticInput builds it for 120,000 events, 100 products, 10 lines per product-day, seed 42). */
    static SyntheticOrderGenerator generator() {
        long events = 120_000;
        int products = 100;
        double rate = 10;
        double days = (double) events / (products * rate);
        return new SyntheticOrderGenerator(GeneratorConfig.builder().products(products)
                .start(GeneratorConfig.DEFAULT_START).duration(java.time.Duration.ofDays((long) Math.ceil(days * 1.5) + 2))
                .meanOrdersPerProductPerDay(rate).maxEvents(events).seed(42).badRecordShare(0.0).build());
    }

    /** Units per product per UTC day of the generator's orders (it ends at maxEvents). */
    static Map<String, TreeMap<Long, Double>> read(SyntheticOrderGenerator g) {
        Map<String, TreeMap<Long, Double>> out = new HashMap<>();
        while (g.hasNext()) {
            var r = g.next();
            if (r.order != null && !r.bad && r.order.quantity > 0) {
                long day = Math.floorDiv(r.eventTime, DAY) * DAY;
                out.computeIfAbsent(r.order.productId, k -> new TreeMap<>()).merge(day, (double) r.order.quantity, Double::sum);
            }
        }
        return out;
    }

    /** Units per product per UTC day, cleaned as `flowcast import` does (no cancellations, qty and price > 0, product codes). */
    static Map<String, TreeMap<Long, Double>> read(String file) throws Exception {
        Map<String, TreeMap<Long, Double>> out = new HashMap<>();
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        ZoneId shop = ZoneId.of("Europe/London");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(new FileInputStream(file)),
                StandardCharsets.UTF_8))) {
            List<String> header = split(r.readLine());
            int inv = header.indexOf("InvoiceNo"), code = header.indexOf("StockCode"), qty = header.indexOf("Quantity"),
                    date = header.indexOf("InvoiceDate"), price = header.indexOf("UnitPrice");
            for (String line; (line = r.readLine()) != null; ) {
                List<String> f = split(line);
                if (f.size() <= price) {
                    continue;
                }
                double q, pr;
                try {
                    q = Double.parseDouble(f.get(qty));
                    pr = Double.parseDouble(f.get(price));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (f.get(inv).startsWith("C") || f.get(inv).startsWith("c") || q <= 0 || pr <= 0
                        || !f.get(code).matches("^[0-9]{5}.*")) {
                    continue;
                }
                long t = LocalDateTime.parse(f.get(date), fmt).atZone(shop).toInstant().toEpochMilli();
                long day = Math.floorDiv(t, DAY) * DAY;
                out.computeIfAbsent(f.get(code), k -> new TreeMap<>()).merge(day, q, Double::sum);
            }
        }
        return out;
    }

    /** RFC 4180 fields of one line (the descriptions quote commas). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
