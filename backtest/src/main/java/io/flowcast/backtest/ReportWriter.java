package io.flowcast.backtest;

import io.flowcast.core.metrics.DemandSegment;
import io.flowcast.core.metrics.ErrorAccumulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The backtest report as one self-contained HTML file: inline CSS and inline SVG charts, no
 * script and nothing fetched, so it opens offline and in any browser. Charts: error by horizon
 * step, model against model by segment, interval coverage, actual vs forecast with the p10-p90
 * band for chosen and worst products, and forecast vs actual as a scatter; then the tables.
 */
public final class ReportWriter {
    public static final String FILE = "report.html";
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
        "#8c564b", "#e377c2"};
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private ReportWriter() {}

    public static Path write(BacktestResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Files.writeString(file, html(result), StandardCharsets.UTF_8);
        return file;
    }

    public static String html(BacktestResult r) {
        BacktestConfig c = r.config();
        int h = c.horizon();
        StringBuilder sb = new StringBuilder(256 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Flowcast backtest</title>\n<style>\n")
                .append("body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#222;margin:0;background:#f6f7f9}")
                .append("main{max-width:1180px;margin:0 auto;padding:24px}h1{margin:0 0 4px}h2{margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}")
                .append(".meta{color:#555}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:16px}")
                .append(".card{background:#fff;border:1px solid #e2e4e8;border-radius:8px;padding:12px}.card h3{margin:0 0 6px;font-size:15px}")
                .append("table{border-collapse:collapse;background:#fff;font-variant-numeric:tabular-nums}td,th{padding:4px 10px;border-bottom:1px solid #eee;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}th{background:#fafafa}.best{font-weight:700;color:#0a7c2f}")
                .append("svg{display:block;max-width:100%;height:auto}svg text{font:11px system-ui,sans-serif;fill:#444}")
                .append(".legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:14px;height:4px;margin-right:4px;vertical-align:middle}")
                .append(".note{color:#555;font-size:13px}details{margin:8px 0}summary{cursor:pointer}\n</style></head><body><main>\n");

        sb.append("<h1>Flowcast backtest</h1>\n<p class=\"meta\">").append(esc(r.inputDescription())).append("<br>")
                .append(esc(c.bucketSize().toString())).append(" buckets, horizon 1&ndash;").append(h)
                .append(", lookback ").append(c.lookback()).append(", parallelism ").append(c.parallelism())
                .append(String.format(Locale.ROOT, "; replay and scoring took %.1f s; finished %s UTC", r.wallSeconds(),
                        TIME.format(r.finishedAt())))
                .append("<br>Products: ");
        r.productsPerSegment().forEach((s, n) -> sb.append(n).append(' ').append(s.name().toLowerCase(Locale.ROOT)).append(", "));
        sb.setLength(sb.length() - 2);
        sb.append(". Forecasts per model: ").append(r.runs().isEmpty() ? 0 : String.format(Locale.ROOT, "%,d", r.runs().get(0).forecasts()))
                .append(".</p>\n");
        sb.append(legend(r.runs()));

        summaryTable(sb, r);

        sb.append("<h2>Error by horizon</h2>\n<div class=\"grid\">\n");
        sb.append(card("WAPE by step (lower is better)", horizonChart(r.runs(), ErrorAccumulator::wape, false)));
        sb.append(card("MASE by step (below 1 beats the in-sample seasonal naive)", horizonChart(r.runs(), ErrorAccumulator::mase, true)));
        sb.append("</div>\n");

        sb.append("<h2>Model against model</h2>\n<div class=\"grid\">\n");
        sb.append(card("WAPE by segment, all steps (lower is better)", segmentBars(r.runs(), ErrorAccumulator::wape, Double.NaN)));
        sb.append(card("Coverage of the p10&ndash;p90 interval by segment (target 80%)", segmentBars(r.runs(), ErrorAccumulator::coverage, 0.8)));
        sb.append("</div>\n");

        if (!r.charts().isEmpty()) {
            String first = r.runs().get(0).label();
            sb.append("<h2>Actual vs forecast</h2>\n<p class=\"note\">Step-1 forecasts (made the bucket before) of <b>")
                    .append(esc(first)).append("</b> with its p10&ndash;p90 band, the other models as thin lines, and the actual in black.</p>\n<div class=\"grid\">\n");
            for (ProductChart pc : r.charts()) {
                StringBuilder title = new StringBuilder(esc(pc.productId())).append(" &middot; ").append(esc(pc.reason()))
                        .append(" &middot; ").append(pc.segment() == null ? "" : pc.segment().name().toLowerCase(Locale.ROOT))
                        .append(String.format(Locale.ROOT, " &middot; %,.0f units", pc.totalUnits()));
                StringBuilder sub = new StringBuilder("WAPE: ");
                pc.wape().forEach((k, v) -> sub.append(esc(k)).append(' ').append(fmt(v)).append("; "));
                sb.append(card(title + "<br><span class=\"note\">" + sub + "</span>", productChart(pc, r.runs())));
            }
            sb.append("</div>\n");
        }

        if (!r.runs().isEmpty()) {
            RunResult first = r.runs().get(0);
            sb.append("<h2>Forecast vs actual</h2>\n<div class=\"grid\">\n")
                    .append(card("Step-1 forecast of " + esc(first.label()) + " against the actual (log scale, "
                            + String.format(Locale.ROOT, "%,d", first.scatterActual().length) + " buckets sampled evenly)",
                            scatter(first.scatterActual(), first.scatterPoint())))
                    .append("</div>\n");
        }

        detailTables(sb, r);
        sb.append("<h2>How this was measured</h2>\n<ul class=\"note\">")
                .append("<li>Protocol: ").append(esc(protocol(c))).append("</li>")
                .append("<li>The orders were replayed through the live job graph (ForecastPipeline.build) once per model, all in one bounded local Flink job; every forecast the job emitted was scored.</li>")
                .append("<li>The actual of a bucket is what the job's own forecast for that bucket reported; step h of a forecast made at bucket t is scored against bucket t+h. Where a bucket was re-issued after late data, the highest revision counts.</li>")
                .append("<li>WAPE = &Sigma;|error| / &Sigma;actual; MAPE skips zero actuals; sMAPE counts 0/0 as 0; MASE scales each error by the in-sample seasonal-naive MAE (period ")
                .append(Math.max(1, c.bucketSize().seasonPeriod())).append(") of the product's own history up to the forecast; R&sup2; is pooled over products; pinball losses at 0.1/0.5/0.9 score p10/p50/p90; coverage is the share of actuals inside [p10, p90].</li>")
                .append("<li>Segments: intermittent if the average interval between sales (the quiet buckets after the last sale included) is at least 1.32 buckets, else fast with at least ")
                .append(fmt(c.fastUnitsPerBucket())).append(" units per bucket on average, else slow; decided on each product's whole replayed series.</li>")
                .append("<li>Metrics as data: <a href=\"metrics.json\">metrics.json</a>, <a href=\"metrics.csv\">metrics.csv</a>.</li></ul>\n");
        sb.append("</main></body></html>\n");
        return sb.toString();
    }

    /** The evaluation protocol in one sentence, as the report and the summary state it. */
    public static String protocol(BacktestConfig c) {
        StringBuilder p = new StringBuilder();
        p.append(c.bucketSize()).append(" buckets, horizons 1-").append(c.horizon());
        if (c.originEvery() > 0) {
            p.append(", rolling origins every ").append(java.time.Duration.ofMillis(c.originEvery()).toString().substring(2).toLowerCase(Locale.ROOT))
                    .append(" from ").append(java.time.Instant.ofEpochMilli(c.scoreFrom()))
                    .append(" (only the forecast made when the bucket before an origin closed is scored, every step of it; ")
                    .append("targets after a product's last order within the replay count as 0)");
        } else if (c.scoreFrom() != Long.MIN_VALUE) {
            p.append(", every forecast step whose target bucket starts at or after ").append(java.time.Instant.ofEpochMilli(c.scoreFrom()));
        } else {
            p.append(", every forecast step of the replay");
        }
        p.append(c.topProducts() > 0 ? ", the " + c.topProducts() + " products with the most selling days before the first origin"
                : ", all products");
        if (c.exportForecasts()) {
            p.append("; every scored step is in ").append(ForecastCsv.FILE);
        }
        return p.toString();
    }

    private static void summaryTable(StringBuilder sb, BacktestResult r) {
        int h = r.config().horizon();
        String[] heads = {"WAPE h1", "WAPE h" + h, "MASE h1", "MASE h" + h, "sMAPE h1", "RMSE h1", "R&sup2; h1",
            "mean pinball", "coverage 80%"};
        List<double[]> rows = new ArrayList<>();
        for (RunResult run : r.runs()) {
            ErrorAccumulator a1 = run.at(0, 1);
            ErrorAccumulator ah = run.at(0, h);
            ErrorAccumulator all = run.pooled(0);
            rows.add(new double[] {a1.wape(), ah.wape(), a1.mase(), ah.mase(), a1.smape(), a1.rmse(), a1.r2(),
                all.meanPinball(), all.coverage()});
        }
        sb.append("<h2>Summary (all products)</h2>\n<table><tr><th>model</th>");
        for (String head : heads) {
            sb.append("<th>").append(head).append("</th>");
        }
        sb.append("</tr>\n");
        for (int i = 0; i < rows.size(); i++) {
            sb.append("<tr><td>").append(swatch(i)).append(esc(r.runs().get(i).label())).append("</td>");
            for (int col = 0; col < heads.length; col++) {
                double v = rows.get(i)[col];
                boolean best = isBest(rows, col, v, col == 6 ? 1 : col == 8 ? 2 : 0);
                sb.append(best ? "<td class=\"best\">" : "<td>").append(col == 8 ? pct(v) : fmt(v)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<p class=\"note\">Best in bold green. Coverage is best nearest 80%.</p>\n");
    }

    /** mode 0: lowest wins, 1: highest wins, 2: nearest 0.8 wins. */
    private static boolean isBest(List<double[]> rows, int col, double v, int mode) {
        if (Double.isNaN(v) || rows.size() < 2) {
            return false;
        }
        for (double[] row : rows) {
            double o = row[col];
            if (Double.isNaN(o)) {
                continue;
            }
            if (mode == 0 && o < v || mode == 1 && o > v || mode == 2 && Math.abs(o - 0.8) < Math.abs(v - 0.8)) {
                return false;
            }
        }
        return true;
    }

    private static void detailTables(StringBuilder sb, BacktestResult r) {
        sb.append("<h2>All metrics</h2>\n");
        List<String> names = MetricsExport.METRICS;
        for (int s = 0; s < Scorer.SEGMENTS.size(); s++) {
            sb.append("<details").append(s == 0 ? " open" : "").append("><summary>").append(Scorer.SEGMENTS.get(s))
                    .append(" products</summary><table><tr><th>model</th><th>step</th>");
            names.forEach(n -> sb.append("<th>").append(n).append("</th>"));
            sb.append("</tr>\n");
            for (RunResult run : r.runs()) {
                for (int h = 1; h <= run.horizon() + 1; h++) {
                    ErrorAccumulator a = h <= run.horizon() ? run.at(s, h) : run.pooled(s);
                    sb.append("<tr><td>").append(esc(run.label())).append("</td><td>")
                            .append(h <= run.horizon() ? String.valueOf(h) : "all").append("</td>");
                    for (Map.Entry<String, Double> e : a.asMap().entrySet()) {
                        sb.append("<td>").append(e.getKey().equals("count")
                                ? String.format(Locale.ROOT, "%,d", e.getValue().longValue()) : fmt(e.getValue())).append("</td>");
                    }
                    sb.append("</tr>\n");
                }
            }
            sb.append("</table></details>\n");
        }
    }

    // ---- charts -----------------------------------------------------------------------------

    private static final int W = 540;
    private static final int H = 300;
    private static final int L = 56;
    private static final int R = 14;
    private static final int T = 14;
    private static final int B = 40;

    private static String horizonChart(List<RunResult> runs, ToDoubleFunction<ErrorAccumulator> metric, boolean oneLine) {
        int steps = runs.isEmpty() ? 1 : runs.get(0).horizon();
        double max = oneLine ? 1.0 : 0;
        for (RunResult run : runs) {
            for (int h = 1; h <= steps; h++) {
                max = Math.max(max, finite(metric.applyAsDouble(run.at(0, h))));
            }
        }
        Axis y = Axis.of(0, max <= 0 ? 1 : max * 1.08);
        StringBuilder sb = svgOpen();
        yAxis(sb, y, false);
        for (int h = 1; h <= steps; h++) {
            double x = xStep(h, steps);
            sb.append(text(x, H - B + 16, "middle", "h" + h));
        }
        sb.append(text(L + (W - L - R) / 2.0, H - 6, "middle", "horizon step (buckets ahead)"));
        if (oneLine) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>",
                    L, W - R, yPos(y, 1), yPos(y, 1)));
        }
        for (int i = 0; i < runs.size(); i++) {
            StringBuilder d = new StringBuilder();
            for (int h = 1; h <= steps; h++) {
                double v = metric.applyAsDouble(runs.get(i).at(0, h));
                if (Double.isNaN(v)) {
                    continue;
                }
                d.append(d.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", xStep(h, steps), yPos(y, v)));
            }
            sb.append("<path class=\"series\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color(i))
                    .append("\" stroke-width=\"2.2\"><title>").append(esc(runs.get(i).label())).append("</title></path>");
            for (int h = 1; h <= steps; h++) {
                double v = metric.applyAsDouble(runs.get(i).at(0, h));
                if (!Double.isNaN(v)) {
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s h%d: %s</title></circle>",
                            xStep(h, steps), yPos(y, v), color(i), esc(runs.get(i).label()), h, fmt(v)));
                }
            }
        }
        return sb.append("</svg>").toString();
    }

    private static String segmentBars(List<RunResult> runs, ToDoubleFunction<ErrorAccumulator> metric, double target) {
        int groups = Scorer.SEGMENTS.size();
        double max = Double.isNaN(target) ? 0 : 1.0;
        for (RunResult run : runs) {
            for (int s = 0; s < groups; s++) {
                max = Math.max(max, finite(metric.applyAsDouble(run.pooled(s))));
            }
        }
        Axis y = Axis.of(0, max <= 0 ? 1 : max * 1.08);
        StringBuilder sb = svgOpen();
        yAxis(sb, y, !Double.isNaN(target));
        double groupWidth = (W - L - R) / (double) groups;
        double barWidth = groupWidth * 0.8 / Math.max(1, runs.size());
        for (int s = 0; s < groups; s++) {
            double gx = L + s * groupWidth + groupWidth * 0.1;
            sb.append(text(L + (s + 0.5) * groupWidth, H - B + 16, "middle", Scorer.SEGMENTS.get(s)));
            for (int i = 0; i < runs.size(); i++) {
                double v = metric.applyAsDouble(runs.get(i).pooled(s));
                if (Double.isNaN(v)) {
                    continue;
                }
                double top = yPos(y, v);
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s, %s: %s</title></rect>",
                        gx + i * barWidth, top, Math.max(1, barWidth - 2), Math.max(0.5, H - B - top), color(i),
                        esc(runs.get(i).label()), Scorer.SEGMENTS.get(s), Double.isNaN(target) ? fmt(v) : pct(v)));
            }
        }
        if (!Double.isNaN(target)) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\" stroke-dasharray=\"5 3\"/>",
                    L, W - R, yPos(y, target), yPos(y, target)));
        }
        return sb.append("</svg>").toString();
    }

    private static String productChart(ProductChart pc, List<RunResult> runs) {
        String firstLabel = runs.get(0).label();
        ProductSeries base = pc.series().get(firstLabel);
        if (base == null) {
            return "<p class=\"note\">no forecasts</p>";
        }
        int n = base.actual().length;
        double max = 1;
        for (ProductSeries s : pc.series().values()) {
            for (int i = 0; i < s.actual().length; i++) {
                max = Math.max(max, Math.max(finite(s.actual()[i]), Math.max(finite(s.point()[i]), finite(s.p90()[i]))));
            }
        }
        Axis y = Axis.of(0, max * 1.05);
        StringBuilder sb = svgOpen();
        yAxis(sb, y, false);
        double span = Math.max(1, n - 1);
        ToDoubleFunction<Integer> x = i -> L + (W - L - R) * i / span;
        for (int k = 0; k <= 4; k++) {
            int i = (int) Math.round(k * span / 4);
            sb.append(text(x.applyAsDouble(i), H - B + 16, "middle", DAY.format(Instant.ofEpochMilli(base.firstBucket() + i * base.bucketMillis()))));
        }
        // band: p90 forward, p10 backward, over runs of buckets that have both
        StringBuilder band = new StringBuilder();
        int i = 0;
        while (i < n) {
            while (i < n && (Double.isNaN(base.p10()[i]) || Double.isNaN(base.p90()[i]))) {
                i++;
            }
            int start = i;
            while (i < n && !Double.isNaN(base.p10()[i]) && !Double.isNaN(base.p90()[i])) {
                i++;
            }
            if (i - start >= 1) {
                for (int j = start; j < i; j++) {
                    band.append(j == start ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x.applyAsDouble(j), yPos(y, base.p90()[j])));
                }
                for (int j = i - 1; j >= start; j--) {
                    band.append(String.format(Locale.ROOT, "L%.1f %.1f ", x.applyAsDouble(j), yPos(y, base.p10()[j])));
                }
                band.append("Z ");
            }
        }
        sb.append("<path class=\"band\" d=\"").append(band).append("\" fill=\"").append(color(0))
                .append("\" fill-opacity=\"0.18\" stroke=\"none\"><title>p10-p90 of ").append(esc(firstLabel)).append("</title></path>");
        int idx = 0;
        for (RunResult run : runs) {
            ProductSeries s = pc.series().get(run.label());
            if (s != null && idx > 0) {
                sb.append(linePath(s.point(), s.firstBucket(), base, x, y, color(idx), 1.0, 0.7, run.label()));
            }
            idx++;
        }
        sb.append(linePath(base.point(), base.firstBucket(), base, x, y, color(0), 2.0, 1.0, firstLabel));
        sb.append(linePath(base.actual(), base.firstBucket(), base, x, y, "#111", 1.6, 1.0, "actual"));
        return sb.append("</svg>").toString();
    }

    private static String linePath(double[] values, long firstBucket, ProductSeries base, ToDoubleFunction<Integer> x, Axis y,
                                   String color, double width, double opacity, String title) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        long offset = (firstBucket - base.firstBucket()) / base.bucketMillis();
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                pen = false;
                continue;
            }
            d.append(pen ? "L" : "M").append(String.format(Locale.ROOT, "%.1f %.1f ", x.applyAsDouble((int) (i + offset)), yPos(y, values[i])));
            pen = true;
        }
        return String.format(Locale.ROOT, "<path class=\"series\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" stroke-opacity=\"%.2f\"><title>%s</title></path>",
                d, color, width, opacity, esc(title));
    }

    private static String scatter(double[] actual, double[] point) {
        double max = 1;
        for (int i = 0; i < actual.length; i++) {
            max = Math.max(max, Math.max(finite(actual[i]), finite(point[i])));
        }
        double lmax = Math.log1p(max) * 1.03;
        int size = H;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">", W, size, W, size));
        double plot = Math.min(W - L - R, size - T - B);
        ToDoubleFunction<Double> px = v -> L + plot * Math.log1p(Math.max(0, v)) / lmax;
        ToDoubleFunction<Double> py = v -> size - B - plot * Math.log1p(Math.max(0, v)) / lmax;
        for (double tick : new double[] {0, 1, 10, 100, 1000, 10000, 100000}) {
            if (Math.log1p(tick) > lmax) {
                break;
            }
            double tx = px.applyAsDouble(tick);
            double ty = py.applyAsDouble(tick);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", tx, tx, (double) T, size - B + 0.0));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", L, L + plot, ty, ty));
            sb.append(text(tx, size - B + 16, "middle", fmtTick(tick)));
            sb.append(text(L - 6, ty + 4, "end", fmtTick(tick)));
        }
        sb.append(text(L + plot / 2, size - 6, "middle", "actual"));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">forecast</text>",
                T + plot / 2, T + plot / 2));
        sb.append(String.format(Locale.ROOT, "<path class=\"diagonal\" d=\"M%.1f %.1f L%.1f %.1f\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>",
                px.applyAsDouble(0.0), py.applyAsDouble(0.0), L + plot, size - B - plot));
        for (int i = 0; i < actual.length; i++) {
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\" fill-opacity=\"0.35\"/>",
                    px.applyAsDouble(actual[i]), py.applyAsDouble(point[i]), color(0)));
        }
        return sb.append("</svg>").toString();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private record Axis(double min, double max, double step) {
        static Axis of(double min, double max) {
            double raw = (max - min) / 5;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / mag >= 5 ? 5 * mag : raw / mag >= 2 ? 2 * mag : mag;
            return new Axis(min, Math.ceil(max / step) * step, step);
        }
    }

    private static StringBuilder svgOpen() {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\">", W, H, W, H));
    }

    private static void yAxis(StringBuilder sb, Axis y, boolean percent) {
        for (double v = y.min(); v <= y.max() + y.step() / 2; v += y.step()) {
            double py = yPos(y, v);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", L, W - R, py, py));
            sb.append(text(L - 6, py + 4, "end", percent ? pct(v) : fmtTick(v)));
        }
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#888\"/>", L, W - R, H - B, H - B));
    }

    private static double yPos(Axis y, double v) {
        return H - B - (H - T - B) * (v - y.min()) / (y.max() - y.min());
    }

    private static double xStep(int h, int steps) {
        return steps == 1 ? L + (W - L - R) / 2.0 : L + 20 + (W - L - R - 40) * (h - 1) / (double) (steps - 1);
    }

    private static String text(double x, double y, String anchor, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor, esc(s));
    }

    private static String card(String title, String body) {
        return "<div class=\"card\"><h3>" + title + "</h3>" + body + "</div>\n";
    }

    private static String legend(List<RunResult> runs) {
        StringBuilder sb = new StringBuilder("<p class=\"legend\">");
        for (int i = 0; i < runs.size(); i++) {
            sb.append("<span><i style=\"background:").append(color(i)).append("\"></i>").append(esc(runs.get(i).label())).append("</span>");
        }
        return sb.append("<span><i style=\"background:#111\"></i>actual</span></p>\n").toString();
    }

    private static String swatch(int i) {
        return "<i style=\"display:inline-block;width:10px;height:10px;margin-right:6px;background:" + color(i) + "\"></i>";
    }

    private static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    private static double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? 0 : v;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "&ndash;";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : "%.3f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "&ndash;" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String fmtTick(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        if (s.startsWith("&") && s.endsWith(";")) {
            return s; // an entity produced by fmt/pct
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
