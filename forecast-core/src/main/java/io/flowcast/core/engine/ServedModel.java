package io.flowcast.core.engine;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.json.Json;
import io.flowcast.core.lstm.LstmStepper;

/** The LSTM served right now: decoded once per accepted version; one per thread (the stepper has scratch buffers). */
public final class ServedModel {
    private final String json;
    private final String version;
    private final LstmStepper stepper;

    private ServedModel(String json, ModelRecord record) {
        this.json = json;
        this.version = record.version;
        this.stepper = new LstmStepper(record.featureSpec, record.kernelWeights(), record.version);
    }

    /** The model for {@code json} (an accepted record), reusing {@code current} when it is the same one; null for none. */
    public static ServedModel of(String json, ServedModel current) {
        if (json == null) {
            return null;
        }
        if (current != null && json.equals(current.json)) {
            return current;
        }
        return new ServedModel(json, Json.fromString(json, ModelRecord.class));
    }

    public String version() {
        return version;
    }

    public LstmStepper stepper() {
        return stepper;
    }
}
