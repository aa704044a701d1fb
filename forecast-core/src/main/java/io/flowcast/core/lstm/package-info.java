/**
 * Serving the global LSTM inside the Flink job without DL4J.
 *
 * <p>How the job uses it, per subtask: a {@code models} record must pass
 * {@link io.flowcast.core.models.ModelGate} (signature, sequence, {@code verify}, {@code probe}); then build one {@link io.flowcast.core.lstm.LstmStepper} from
 * {@code record.featureSpec}, {@code record.kernelWeights()} and {@code record.version} (one per
 * subtask, never shared across threads). Keyed state per product: a
 * {@link io.flowcast.core.features.FeatureState} (always advanced, whatever model is live) and a
 * {@link io.flowcast.core.lstm.LstmState}. On each closed bucket, after appending it to the ring
 * buffer: {@code stepper.onBucketClosed(featureState, lstmState, ring, forecast)} - one LSTM step,
 * or a re-warm over the ring when the state was computed by another model. While no model is live,
 * still advance the features with {@link io.flowcast.core.features.FeatureEncoder#step}, so the
 * scale and usual price keep their whole history. A late correction of a ring bucket should also
 * be added to {@code featureState.unitsSum} (clamped at 0), or a later re-warm rewinds slightly off.
 */
package io.flowcast.core.lstm;
