package io.flowcast.core.engine;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a record from the models topic may replace the model being served: ours by name, newer
 * than the current one, fits the job's features and horizon, and its kernel gives finite outputs.
 * The one place that decides it (a signature check would go here too).
 */
public final class ModelAcceptance {
    /** What to do with a record: {@code reason} says why it was refused, null otherwise. */
    public record Verdict(Outcome outcome, String version, String reason) {}

    public enum Outcome { ACCEPT, IGNORE, REFUSE }

    private final String modelName;
    private final FeatureSpec expected;

    /** The hidden size is the model's own choice: only the features and horizon must fit. */
    public ModelAcceptance(String modelName, FeatureSpec expected) {
        this.modelName = modelName;
        this.expected = expected;
    }

    /** Judges {@code json} against the model served now ({@code currentJson}, null for none). */
    public Verdict judge(String json, String currentJson) {
        ModelRecord record;
        try {
            record = Json.fromString(json, ModelRecord.class);
        } catch (RuntimeException e) {
            return new Verdict(Outcome.REFUSE, "?", "not a model record: " + e.getMessage());
        }
        if (!modelName.equals(record.modelName)) {
            return new Verdict(Outcome.IGNORE, record.version, null); // another model on the same topic
        }
        String currentVersion = currentJson == null ? null : Json.fromString(currentJson, ModelRecord.class).version;
        if (!ModelRecord.isNewer(record.version, currentVersion)) {
            return new Verdict(Outcome.IGNORE, record.version, null); // a compacted topic replayed an old or the same one
        }
        List<String> why = check(record, expected);
        return why.isEmpty() ? new Verdict(Outcome.ACCEPT, record.version, null)
                : new Verdict(Outcome.REFUSE, record.version, String.join("; ", why));
    }

    /** Throws with the reasons when {@code json} (from {@code source}, e.g. a file option) is no model to serve. */
    public static void requireServable(String json, FeatureSpec expected, String source) {
        List<String> why = check(Json.fromString(json, ModelRecord.class), expected);
        if (!why.isEmpty()) {
            throw new IllegalArgumentException(source + " is not a model this job can serve: " + why);
        }
    }

    /** Everything that would make the job refuse {@code record}; empty when it may serve. */
    public static List<String> check(ModelRecord record, FeatureSpec expected) {
        List<String> why = new ArrayList<>(record.verify(expected));
        if (why.isEmpty()) {
            why.addAll(record.probe());
        }
        return why;
    }
}
