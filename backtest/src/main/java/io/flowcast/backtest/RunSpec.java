package io.flowcast.backtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replay of a backtest: the job's {@code --forecaster} and any other job options for that run,
 * written {@code NAME[:KEY=VALUE[:KEY=VALUE...]]}, e.g. {@code tsb} or
 * {@code auto:model-file=docs/models/online-retail-lstm-v1.json} (the LSTM serves under auto once a
 * model is there). The job's option parser checks the name and the keys.
 */
public record RunSpec(String label, String forecaster, Map<String, String> options) {
    /** The default line-up: the selector and each baseline. */
    public static final List<String> DEFAULT_FORECASTERS =
            List.of("auto", "seasonal-naive", "moving-average", "exp-smoothing", "tsb");

    public RunSpec {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static RunSpec parse(String spec) {
        String[] parts = spec.trim().split(":");
        if (parts[0].isBlank()) {
            throw new IllegalArgumentException("empty forecaster in '" + spec + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected KEY=VALUE after ':' in '" + spec + "', got '" + parts[i] + "'");
            }
            options.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
        }
        return new RunSpec(spec.trim(), parts[0].trim(), options);
    }

    public static List<RunSpec> parseAll(List<String> specs) {
        List<RunSpec> out = new ArrayList<>();
        for (String s : specs) {
            RunSpec r = parse(s);
            if (out.stream().anyMatch(o -> o.label.equals(r.label))) {
                throw new IllegalArgumentException("forecaster '" + r.label + "' listed twice");
            }
            out.add(r);
        }
        return out;
    }
}
