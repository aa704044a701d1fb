package io.flowcast.backtest;

import io.flowcast.core.data.GeneratedRecord;
import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.OnlineRetailReader;
import io.flowcast.core.data.SyntheticOrderGenerator;
import io.flowcast.core.events.Forecast;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Small, repeatable order files for the backtest tests. */
final class TestOrders {
    static final Instant BEGINNING = Instant.parse("2025-01-06T00:00:00Z");

    private TestOrders() {}

    /** The seeded synthetic stream: {@code products} products over {@code days} days, as order JSON lines. */
    static List<GeneratedRecord> synthetic(int products, int days, double ordersPerProductDay, long seed) {
        SyntheticOrderGenerator gen = new SyntheticOrderGenerator(GeneratorConfig.builder()
                .products(products).start(BEGINNING).duration(Duration.ofDays(days))
                .meanOrdersPerProductPerDay(ordersPerProductDay).seed(seed).badRecordShare(0).spikeCount(2)
                .spikeBucket(Duration.ofDays(1)).build());
        List<GeneratedRecord> out = new ArrayList<>();
        while (gen.hasNext()) {
            out.add(gen.next());
        }
        return out;
    }

    static Path writeJsonLines(List<GeneratedRecord> records, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (GeneratedRecord r : records) {
                out.write(r.value);
                out.write('\n');
            }
        }
        return file;
    }

    /** The first {@code lines} data lines of the shared Online Retail file, as a plain CSV. */
    static Path retailHead(int lines, Path file) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(OnlineRetailReader.defaultFile())), StandardCharsets.UTF_8));
             Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i <= lines; i++) {
                String line = in.readLine();
                if (line == null) {
                    break;
                }
                w.write(line);
                w.write('\n');
            }
        }
        return file;
    }

    static final Comparator<Forecast> ORDER = Comparator.comparing((Forecast f) -> f.productId)
            .thenComparingLong(f -> f.bucketStart).thenComparingInt(f -> f.revision);

    static List<Forecast> sorted(List<Forecast> forecasts) {
        List<Forecast> out = new ArrayList<>(forecasts);
        out.sort(ORDER);
        return out;
    }

    /** Lists differing in anything but producedAt, as readable lines (empty when equal). */
    static List<String> differences(List<Forecast> expected, List<Forecast> actual) {
        List<String> diff = new ArrayList<>();
        List<Forecast> a = sorted(expected);
        List<Forecast> b = sorted(actual);
        if (a.size() != b.size()) {
            diff.add("sizes differ: " + a.size() + " vs " + b.size());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()) && diff.size() < 10; i++) {
            if (!a.get(i).sameContent(b.get(i))) {
                diff.add(a.get(i) + "\n   vs " + b.get(i));
            }
        }
        return diff;
    }
}
