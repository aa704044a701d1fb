package io.flowcast.core.engine;

import io.flowcast.core.features.FeatureSpec;

/**
 * The model side of one subtask: judges records from the models topic against the one kept (the
 * caller keeps the accepted record's JSON, e.g. in broadcast state) and serves the kept one, or the
 * model file's before any arrived, decoded once per version.
 */
public final class ModelServing {
    private final ModelAcceptance acceptance;
    private final String initialJson;
    private ServedModel served;

    /** {@code initialJson}: a model to serve before any is kept (a replay's model file), or null. */
    public ModelServing(String modelName, FeatureSpec expected, String initialJson) {
        this.acceptance = new ModelAcceptance(modelName, expected);
        this.initialJson = initialJson;
    }

    /** The verdict on {@code json} given the kept record ({@code keptJson}, null for none); keep it on ACCEPT. */
    public ModelAcceptance.Verdict judge(String json, String keptJson) {
        return acceptance.judge(json, keptJson != null ? keptJson : initialJson);
    }

    /** The model to serve given the kept record, or null for none (the baselines serve). */
    public ServedModel served(String keptJson) {
        served = ServedModel.of(keptJson != null ? keptJson : initialJson, served);
        return served;
    }
}
