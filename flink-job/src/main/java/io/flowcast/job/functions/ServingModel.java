package io.flowcast.job.functions;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.lstm.LstmKernel;

/** The LSTM a subtask serves right now: decoded once per accepted version, never shared across subtasks. */
final class ServingModel {
    final String json;
    final String version;
    final LstmKernel kernel;
    final float[] out;

    ServingModel(String json, ModelRecord record) {
        this.json = json;
        this.version = record.version;
        this.kernel = new LstmKernel(record.kernelWeights());
        this.out = new float[kernel.nOut()];
    }
}
