package io.flowcast.backtest;

import io.flowcast.core.data.GeneratorConfig;
import io.flowcast.core.data.SyntheticOrderGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The oracle of a synthetic backtest: for every forecast step of one run in a {@link ForecastCsv}
 * export, the generator's noise-free mean for that product and target bucket, written as run
 * {@code oracle} in the same layout, so the scorer puts the best possible point forecast next to
 * the models.
 */
public final class SyntheticOracle {
    public static final String RUN = "oracle";
    public static final String FILE = "oracle.csv";

    private SyntheticOracle() {}

    /** Writes the oracle rows for the steps of {@code run} in {@code export} to {@code out}; returns the rows written. */
    public static long write(GeneratorConfig config, Path export, String run, long bucketMillis, Path out) throws IOException {
        SyntheticOrderGenerator generator = new SyntheticOrderGenerator(config);
        try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8);
             ForecastCsv.Writer w = new ForecastCsv.Writer(out, bucketMillis)) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<String> f = ForecastCsv.split(line);
                if (!f.get(0).equals(run)) {
                    continue;
                }
                long target = time(f.get(4));
                double mean = generator.expectedUnits(f.get(1), target, target + bucketMillis);
                w.row(RUN, f.get(1), time(f.get(2)), Integer.parseInt(f.get(3)), target, Double.parseDouble(f.get(5)),
                        mean, Double.NaN, mean, Double.NaN, "oracle,generator");
            }
            return w.rows();
        }
    }

    private static long time(String s) {
        return s.length() == 10 ? LocalDate.parse(s).toEpochDay() * 86_400_000L : Instant.parse(s).toEpochMilli();
    }
}
