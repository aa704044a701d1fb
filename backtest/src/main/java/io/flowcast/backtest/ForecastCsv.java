package io.flowcast.backtest;

import io.flowcast.core.metrics.ErrorAccumulator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-forecast export: one row per scored forecast step, the same layout for Flowcast's runs and
 * for any other tool (eval/r-peers.R writes it too), so one scorer ({@link #score}) scores them all.
 * Times are UTC dates for daily buckets, else ISO instants; {@code origin} is the first target bucket
 * (the forecast was made when the bucket before it closed).
 */
public final class ForecastCsv {
    public static final String FILE = "forecasts.csv";
    public static final List<String> COLUMNS = List.of("run", "product", "origin", "step", "target", "actual", "point",
            "p10", "p50", "p90", "model", "model_version");

    private ForecastCsv() {}

    /**
     * Writes rows as they are scored: memory does not grow with the number of forecasts. Rows go to
     * {@code FILE.partial} first; {@link #close} moves it to the file, keeping only the products
     * {@link #keepOnly} named for a run (the top products are known only at the end).
     */
    public static final class Writer implements Closeable { // thread-safe: every run's scorers write rows from their own writer threads
        private final Path file;
        private final Path partial;
        private final BufferedWriter out;
        private final boolean daily;
        private final Map<String, java.util.Set<String>> keep = new java.util.HashMap<>();
        private long rows;

        public Writer(Path file, long bucketMillis) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.file = file;
            this.partial = file.resolveSibling(file.getFileName() + ".partial");
            this.out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
            this.daily = bucketMillis % 86_400_000L == 0;
            out.write(String.join(",", COLUMNS));
            out.write('\n');
        }

        /** {@code model} is "forecaster,modelVersion" (or null: left empty). */
        public synchronized void row(String run, String product, long origin, int step, long target, double actual, double point,
                        double p10, double p50, double p90, String model) {
            try {
                out.write(field(run));
                out.write(',');
                out.write(field(product));
                out.write(',');
                out.write(time(origin));
                out.write(',');
                out.write(Integer.toString(step));
                out.write(',');
                out.write(time(target));
                for (double v : new double[] {actual, point, p10, p50, p90}) {
                    out.write(',');
                    out.write(Double.isNaN(v) ? "" : num(v));
                }
                out.write(',');
                out.write(model == null ? "," : model);
                out.write('\n');
                rows++;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Rows written so far (before {@link #keepOnly} drops any). */
        public synchronized long rows() {
            return rows;
        }

        /** At close, keep only these products' rows of run {@code run} (other runs keep all theirs). */
        public synchronized void keepOnly(String run, java.util.Set<String> products) {
            keep.put(run, products);
        }

        private String time(long millis) {
            Instant t = Instant.ofEpochMilli(millis);
            return daily ? DateTimeFormatter.ISO_LOCAL_DATE.format(t.atOffset(ZoneOffset.UTC)) : t.toString();
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
            if (keep.isEmpty()) {
                Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            try (BufferedReader in = Files.newBufferedReader(partial, StandardCharsets.UTF_8);
                 BufferedWriter kept = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                kept.write(in.readLine());
                kept.write('\n');
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    List<String> f = split(line);
                    java.util.Set<String> products = keep.get(f.get(0));
                    if (products == null || products.contains(f.get(1))) {
                        kept.write(line);
                        kept.write('\n');
                    }
                }
            }
            Files.delete(partial);
        }
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String field(String s) {
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /**
     * Scores export files: per run, accumulators per step (index h - 1) and pooled (index H), in the
     * order runs first appear; streams the files, so memory holds only the accumulators.
     */
    public static Map<String, List<ErrorAccumulator>> score(List<Path> files, int horizon) throws IOException {
        return score(files, horizon, null);
    }

    /**
     * As {@link #score(List, int)}, but only rows whose (product, origin) is in {@code keep}
     * (null: all): to compare runs on the forecasts they all made ({@link #commonForecasts}).
     */
    public static Map<String, List<ErrorAccumulator>> score(List<Path> files, int horizon, java.util.Set<String> keep)
            throws IOException {
        Map<String, List<ErrorAccumulator>> out = new LinkedHashMap<>();
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String header = in.readLine();
                List<String> cols = split(header == null ? "" : header);
                if (!cols.subList(0, Math.min(cols.size(), 10)).equals(COLUMNS.subList(0, 10))) {
                    throw new IOException(file + ": expected columns " + COLUMNS + ", got " + cols);
                }
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    List<String> f = split(line);
                    int step = Integer.parseInt(f.get(3));
                    if (step < 1 || step > horizon || (keep != null && !keep.contains(f.get(1) + '@' + f.get(2)))) {
                        continue;
                    }
                    List<ErrorAccumulator> accs = out.computeIfAbsent(f.get(0), k -> {
                        List<ErrorAccumulator> l = new ArrayList<>();
                        for (int h = 0; h <= horizon; h++) {
                            l.add(new ErrorAccumulator());
                        }
                        return l;
                    });
                    double actual = parse(f.get(5));
                    double point = parse(f.get(6));
                    double p10 = parse(f.get(7));
                    double p50 = parse(f.get(8));
                    double p90 = parse(f.get(9));
                    accs.get(step - 1).add(actual, point, p10, p50, p90);
                    accs.get(horizon).add(actual, point, p10, p50, p90);
                }
            }
        }
        return out;
    }

    /** The "product@origin" keys every run of the files forecast (all H steps present). */
    public static java.util.Set<String> commonForecasts(List<Path> files, int horizon) throws IOException {
        Map<String, Map<String, Integer>> stepsByRun = new LinkedHashMap<>();
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                in.readLine();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    List<String> f = split(line);
                    if (f.size() >= 3) {
                        stepsByRun.computeIfAbsent(f.get(0), k -> new java.util.HashMap<>())
                                .merge(f.get(1) + '@' + f.get(2), 1, Integer::sum);
                    }
                }
            }
        }
        java.util.Set<String> common = null;
        for (Map<String, Integer> steps : stepsByRun.values()) {
            java.util.Set<String> full = new java.util.HashSet<>();
            steps.forEach((k, n) -> {
                if (n >= horizon) {
                    full.add(k);
                }
            });
            if (common == null) {
                common = full;
            } else {
                common.retainAll(full);
            }
        }
        return common == null ? java.util.Set.of() : common;
    }

    private static double parse(String s) {
        return s.isEmpty() || s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }

    /** Splits one CSV line (RFC 4180 quotes). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** A markdown table of the scores: one row per run, pooled over steps, or for one step (1-based). */
    public static String markdown(Map<String, List<ErrorAccumulator>> scores, int column) {
        StringBuilder sb = new StringBuilder(
                "| run | forecasts | WAPE p50 | WAPE point | RMSE | MAE | total / sold | coverage p10-p90 |\n"
                        + "|---|---|---|---|---|---|---|---|\n");
        scores.forEach((run, accs) -> {
            ErrorAccumulator a = accs.get(column);
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %.2f | %.2f | %.3f | %.3f |%n", run,
                    a.count(), a.wapeP50(), a.wape(), a.rmse(), a.mae(), a.totalRatio(), a.coverage()));
        });
        return sb.toString();
    }
}
