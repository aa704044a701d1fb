package io.flowcast.backtest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.core.json.Json;
import io.flowcast.core.metrics.ErrorAccumulator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metrics as machine-readable files: {@code metrics.json} (settings, runs and every metric row)
 * and {@code metrics.csv} (one row per model, segment and horizon step, plus a pooled {@code all}
 * step). Fractions stay fractions (0.25 = 25%); an undefined metric is {@code null} in JSON and an
 * empty cell in CSV.
 */
public final class MetricsExport {
    public static final String JSON_FILE = "metrics.json";
    public static final String CSV_FILE = "metrics.csv";
    /** Column order of the CSV after model, segment and horizon: {@link ErrorAccumulator#asMap()}'s keys. */
    public static final List<String> METRICS = List.copyOf(new ErrorAccumulator().asMap().keySet());

    private MetricsExport() {}

    /** One row: a model, a segment, a step ("1".."H" or "all") and its accumulator. */
    public record Row(String model, String segment, String horizon, ErrorAccumulator metrics) {}

    public static List<Row> rows(BacktestResult result) {
        List<Row> rows = new ArrayList<>();
        for (RunResult run : result.runs()) {
            for (int s = 0; s < Scorer.SEGMENTS.size(); s++) {
                for (int h = 1; h <= run.horizon(); h++) {
                    rows.add(new Row(run.label(), Scorer.SEGMENTS.get(s), String.valueOf(h), run.at(s, h)));
                }
                rows.add(new Row(run.label(), Scorer.SEGMENTS.get(s), "all", run.pooled(s)));
            }
        }
        return rows;
    }

    public static void writeAll(BacktestResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON_FILE), json(result), StandardCharsets.UTF_8);
        try (Writer w = Files.newBufferedWriter(dir.resolve(CSV_FILE), StandardCharsets.UTF_8)) {
            w.write(csv(result));
        }
    }

    public static String csv(BacktestResult result) {
        StringBuilder sb = new StringBuilder("model,segment,horizon");
        METRICS.forEach(m -> sb.append(',').append(m));
        sb.append('\n');
        for (Row r : rows(result)) {
            sb.append(csvField(r.model())).append(',').append(r.segment()).append(',').append(r.horizon());
            for (Map.Entry<String, Double> e : r.metrics().asMap().entrySet()) {
                sb.append(',');
                double v = e.getValue();
                if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                    sb.append(e.getKey().equals("count") ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.6g", v));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    public static String json(BacktestResult result) {
        BacktestConfig c = result.config();
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("generatedAt", result.finishedAt().toString());
        root.put("input", result.inputDescription());
        root.put("bucketSize", c.bucketSize().toString());
        root.put("horizon", c.horizon());
        root.put("lookback", c.lookback());
        root.put("parallelism", c.parallelism());
        root.put("wallSeconds", result.wallSeconds());
        ObjectNode seg = root.putObject("productsPerSegment");
        result.productsPerSegment().forEach((k, v) -> seg.put(k.name().toLowerCase(Locale.ROOT), v));
        ArrayNode runs = root.putArray("runs");
        for (RunResult r : result.runs()) {
            ObjectNode n = runs.addObject();
            n.put("model", r.label());
            n.put("forecasts", r.forecasts());
            n.put("revisions", r.revisions());
            n.put("tooLateToScore", r.tooLate());
            n.put("products", r.products());
            n.put("recordsRead", r.recordsRead());
            n.put("replaySeconds", r.replaySeconds());
            n.put("recordsPerSecond", r.replaySeconds() > 0 ? r.recordsRead() / r.replaySeconds() : 0);
        }
        ArrayNode metrics = root.putArray("metrics");
        for (Row r : rows(result)) {
            ObjectNode n = metrics.addObject();
            n.put("model", r.model());
            n.put("segment", r.segment());
            if (r.horizon().equals("all")) {
                n.put("horizon", "all");
            } else {
                n.put("horizon", Integer.parseInt(r.horizon()));
            }
            for (Map.Entry<String, Double> e : r.metrics().asMap().entrySet()) {
                double v = e.getValue();
                if (e.getKey().equals("count")) {
                    n.put("count", (long) v);
                } else if (Double.isNaN(v) || Double.isInfinite(v)) {
                    n.putNull(e.getKey());
                } else {
                    n.put(e.getKey(), v);
                }
            }
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
