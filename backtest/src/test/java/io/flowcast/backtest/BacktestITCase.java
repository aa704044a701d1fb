package io.flowcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.backtest.sources.FileInput;
import io.flowcast.core.events.Forecast;
import io.flowcast.core.json.Json;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backtests on a MiniCluster at parallelism 2 over small inputs: a replay is deterministic, every
 * run is scored, and the report opens in headless Chromium with its charts drawn.
 */
class BacktestITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    static Path dir;
    private static FileInput retail;
    private static FileInput synthetic;

    @BeforeAll
    static void writeInputs() throws IOException {
        retail = FileInput.of(TestOrders.retailHead(40_000, dir.resolve("retail-head.csv")));
        synthetic = FileInput.of(TestOrders.writeJsonLines(TestOrders.synthetic(40, 45, 6, 11), dir.resolve("synthetic.jsonl")));
    }

    @Test
    void shouldReplayTheRetailFileToTheSameForecastsTwice() throws Exception {
        BacktestConfig config = BacktestConfig.builder(retail).runs(List.of("auto", "tsb")).lookback(28).build();

        List<List<Forecast>> first = replayByRun(config);
        List<List<Forecast>> second = replayByRun(config);

        assertThat(retail.format()).isEqualTo(io.flowcast.core.data.OrderFiles.Format.ONLINE_RETAIL_CSV);
        for (int r = 0; r < 2; r++) {
            assertThat(first.get(r)).hasSizeGreaterThan(1_000);
            assertThat(TestOrders.differences(first.get(r), second.get(r))).isEmpty();
        }
        // the interval contract of the forecasts schema, over every forecast step of both runs
        for (List<Forecast> run : first) {
            assertThat(run).allSatisfy(f -> assertThat(f.steps).allSatisfy(
                    s -> assertThat(s.isConsistent()).as("%s %s", f.productId, s).isTrue()));
        }
        // the runs differ in the model, not in the buckets they forecast
        assertThat(first.get(0)).hasSameSizeAs(first.get(1));
        assertThat(first.get(1)).allSatisfy(f -> assertThat(f.forecaster).isEqualTo("tsb"));
    }

    private static List<List<Forecast>> replayByRun(BacktestConfig config) throws Exception {
        return Backtest.replayByRun(config, config.runs());
    }

    @Test
    void shouldScoreEveryRunAndWriteAReportThatChromiumDraws() throws Exception {
        Path out = dir.resolve("report");
        BacktestConfig config = BacktestConfig.builder(synthetic).runs(List.of("seasonal-naive", "moving-average"))
                .lookback(28).productsToChart(2).outDir(out).build();

        BacktestResult result = Backtest.run(config, ProgressListener.NONE);
        MetricsExport.writeAll(result, out);
        Path report = ReportWriter.write(result, out);

        assertThat(result.runs()).extracting(RunResult::label).containsExactly("seasonal-naive", "moving-average");
        for (RunResult r : result.runs()) {
            assertThat(r.recordsRead()).isEqualTo(synthetic.expectedRecords());
            assertThat(r.at(0, 1).count()).isPositive();
            assertThat(r.at(0, 7).count()).isPositive().isLessThan(r.at(0, 1).count());
            assertThat(r.at(0, 1).wape()).isBetween(0.0, 5.0);
        }
        assertThat(result.charts()).hasSizeGreaterThanOrEqualTo(2);
        String csv = Files.readString(out.resolve(MetricsExport.CSV_FILE));
        assertThat(csv.lines()).hasSize(1 + 2 * 4 * 8); // header + models x segments x (7 steps + all)
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("model,segment,horizon,count,mae,rmse,mape,smape,wape,wape_p50,total_ratio,mase,r2,pinball10,pinball50,pinball90,coverage80");
        var json = Json.MAPPER.readTree(out.resolve(MetricsExport.JSON_FILE).toFile());
        assertThat(json.get("metrics")).hasSize(2 * 4 * 8);
        assertThat(json.get("runs").get(0).get("model").asText()).isEqualTo("seasonal-naive");
        String html = Files.readString(report);
        // self-contained: nothing to fetch (the SVG namespace URI is a name, not a fetch)
        assertThat(html).doesNotContain("src=", "<link", "@import", "url(", "<script", "https://").contains("<svg");

        renderInChromium(report, dir.resolve("chromium"));
    }

    /** Dumps the DOM and takes a screenshot; skipped with a message when there is no Chromium. */
    private static void renderInChromium(Path report, Path work) throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null,
                "no chromium binary (apt-get install chromium, or set FLOWCAST_CHROMIUM): report rendering not checked");
        Files.createDirectories(work);
        String dom = run(chromium, work.resolve("profile-dom"), "--dump-dom", report.toUri().toString());
        Matcher svgs = Pattern.compile("<svg").matcher(dom);
        int svgCount = 0;
        while (svgs.find()) {
            svgCount++;
        }
        Matcher paths = Pattern.compile("<path class=\"series\" d=\"M[0-9.]+ [0-9.]+ L").matcher(dom);
        int drawn = 0;
        while (paths.find()) {
            drawn++;
        }
        assertThat(svgCount).as("charts in the DOM").isGreaterThanOrEqualTo(7);
        assertThat(drawn).as("drawn lines in the DOM").isGreaterThanOrEqualTo(8);
        assertThat(dom).contains("class=\"band\"", "<circle");

        Path png = work.resolve("report.png");
        run(chromium, work.resolve("profile-shot"), "--window-size=1200,2000", "--screenshot=" + png,
                report.toUri().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(1200);
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff && rgb != 0xf6f7f9) {
                    nonWhite++;
                }
            }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
        assertThat(nonWhite).as("drawn pixels").isGreaterThan(5_000);
    }

    static String chromium() {
        String env = System.getenv("FLOWCAST_CHROMIUM");
        List<String> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.addAll(List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
        return candidates.stream().filter(p -> new File(p).canExecute()).findFirst().orElse(null);
    }

    private static String run(String chromium, Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium exit code").isZero();
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
