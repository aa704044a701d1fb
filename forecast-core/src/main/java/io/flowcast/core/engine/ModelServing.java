package io.flowcast.core.engine;

import io.flowcast.core.models.ModelGate;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which LSTM a keyed operator serves, without Flink: the model name it listens for, the model file
 * served until a model arrives, and the keys whose signed models it trusts. The operator keeps the
 * accepted model's JSON (in broadcast state, so a restore serves it again) and asks this class to
 * judge a new one and to decode the one it keeps, once per version.
 */
public final class ModelServing implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String modelName;
    /** A model to serve before any arrives (a replay's model file), or null. */
    private final String initialModelJson;
    /** PEM texts of the trusted public keys; empty: models are not authenticated. */
    private final ArrayList<String> publicKeys;
    private transient ModelGate gate;
    private transient ServedModel served;

    /** Checks the model file on the client, so a bad file fails the submission with its reason. */
    public ModelServing(EngineSettings settings, String modelName, String initialModelJson, List<String> publicKeys) {
        this.modelName = modelName;
        this.initialModelJson = initialModelJson;
        this.publicKeys = new ArrayList<>(publicKeys);
        if (initialModelJson != null) {
            ModelGate.requireServable(initialModelJson, ForecastEngine.modelSpec(settings), "--model-file");
        }
    }

    /** On the task: parses the trusted keys. */
    public void open(EngineSettings settings) {
        gate = ModelGate.fromPems(publicKeys, ForecastEngine.modelSpec(settings), modelName);
    }

    /** The name under which the accepted model is kept. */
    public String modelName() {
        return modelName;
    }

    /** The gate's decision on a model record that arrived, against the one kept ({@code kept}, null: none). */
    public ModelGate.Decision judge(String json, String kept) {
        return gate.judge(json, ModelGate.served(kept != null ? kept : initialModelJson));
    }

    /** The model to serve given the kept one (else the model file), decoded once per version; null for none. */
    public ServedModel serve(String kept) {
        served = ServedModel.of(kept != null ? kept : initialModelJson, served);
        return served;
    }
}
