package io.flowcast.job.functions;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.lstm.LstmStepper;

/** The LSTM a subtask serves right now: decoded once per accepted version, never shared across subtasks. */
final class ServingModel {
    final String json;
    final String version;
    final LstmStepper stepper;

    ServingModel(String json, ModelRecord record) {
        this.json = json;
        this.version = record.version;
        this.stepper = new LstmStepper(record.featureSpec, record.kernelWeights(), record.version);
    }
}
