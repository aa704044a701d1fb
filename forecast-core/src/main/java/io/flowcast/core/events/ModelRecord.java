package io.flowcast.core.events;

import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.lstm.LstmKernel;
import io.flowcast.core.lstm.LstmWeights;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A trained LSTM on the compacted {@code models} topic (key = {@link #modelName}): the kernel
 * weights the job serves, the DL4J model for provenance, what it was trained on and how it did.
 *
 * <p>Size: about 55 KB of JSON for nIn 5, H 32, H 7 (20 KB weights + ~20 KB DL4J zip, base64).
 * Kafka's default {@code max.message.bytes} is 1 MB; once a record would pass ~500 KB (hidden
 * above ~250, or several layers) publish a pointer (URI + sha256) to a model store instead of the bytes.
 *
 * <p>The job calls {@link #verify(FeatureSpec)} and then {@link #probe()} before swapping a model in;
 * any reason returned means keep serving the current model.
 */
public class ModelRecord {
    public static final int SCHEMA_VERSION = 1;

    public int schemaVersion = SCHEMA_VERSION;
    public String modelName;
    /** {@code v1}, {@code v2}, ...: a label for people; which record is newer is decided by {@link #sequence}. */
    public String version;
    /**
     * Publish order per model name, set by the publisher (one more than the highest on the topic) and
     * covered by the signature: the job serves a record only when its sequence is above the served one's.
     */
    public long sequence;
    /** Set on a signed rollback: the version this re-publication of an older model replaced. */
    public String rolledBackFrom;
    /** Epoch millis. */
    public long createdAt;
    public FeatureSpec featureSpec;
    /** Training data range, epoch millis (bucket starts, inclusive from, exclusive to). */
    public long trainingFrom;
    public long trainingTo;
    public Validation validation;
    /** Base64 of {@link LstmWeights#toBytes()} (little-endian format documented there). */
    public String weights;
    /** Base64 of the DL4J {@code ModelSerializer} zip, without updater: in the trainer's report only, never published (the job does not need it). */
    public String dl4jModel;
    /** Hex SHA-256 of the decoded weights bytes followed by the decoded dl4jModel bytes. */
    public String sha256;

    public ModelRecord() {}

    /** Accuracy on the validation window, of this model, of the champion it challenged and of seasonal naive. */
    // a metric not computed (no champion yet) is left out of the JSON instead of written as the string "NaN"
    @com.fasterxml.jackson.annotation.JsonInclude(value = com.fasterxml.jackson.annotation.JsonInclude.Include.CUSTOM,
            valueFilter = NotANumber.class)
    public static class Validation {
        /** Start of the validation window, epoch millis: targets at or after it were never trained on. */
        public long windowFrom;
        public long windowTo;
        public double wape = Double.NaN;
        public double mase = Double.NaN;
        /** The champion's version, null when there was none. */
        public String championVersion;
        public double championWape = Double.NaN;
        public double championMase = Double.NaN;
        public double seasonalNaiveWape = Double.NaN;
        public double seasonalNaiveMase = Double.NaN;
        public double trainLoss = Double.NaN;
        public double validationLoss = Double.NaN;
        /** True when it beat the champion and seasonal naive on both metrics. */
        public boolean published;
        /** The champion/challenger verdict, for a person. */
        public String decision;

        public Validation() {}
    }

    /** Fills {@link #weights}, {@link #dl4jModel} and {@link #sha256} from the raw bytes. */
    public ModelRecord withPayload(byte[] weightBytes, byte[] dl4jBytes) {
        this.weights = Base64.getEncoder().encodeToString(weightBytes);
        this.dl4jModel = dl4jBytes == null ? null : Base64.getEncoder().encodeToString(dl4jBytes);
        this.sha256 = sha256(weightBytes, dl4jBytes == null ? new byte[0] : dl4jBytes);
        return this;
    }

    /** Drops the DL4J zip (the job serves the kernel weights and never needs it), keeping the checksum true. */
    public ModelRecord withoutDl4j() {
        if (dl4jModel != null) {
            dl4jModel = null;
            sha256 = sha256(Base64.getDecoder().decode(weights), new byte[0]);
        }
        return this;
    }

    public static String sha256(byte[] a, byte[] b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(a);
            md.update(b);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded kernel weights; call {@link #verify} first, this throws on a bad payload. */
    public LstmWeights kernelWeights() {
        return LstmWeights.fromBytes(Base64.getDecoder().decode(weights));
    }

    /** Decoded DL4J zip bytes, or null. */
    public byte[] dl4jModelBytes() {
        return dl4jModel == null ? null : Base64.getDecoder().decode(dl4jModel);
    }

    /** The number in {@code v<n>}, or -1 when the version has another form. */
    public static long versionNumber(String version) {
        if (version == null || version.length() < 2 || version.charAt(0) != 'v') {
            return -1;
        }
        try {
            return Long.parseLong(version.substring(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The version after {@code previous} ({@code v1} when there is none). */
    public static String nextVersion(String previous) {
        return "v" + (Math.max(0, versionNumber(previous)) + 1);
    }

    /**
     * Why the job must not use this model; empty when it may. Checks schema, checksum, the weights
     * header and length, shapes against the record's own spec and against {@code expected} (the job's
     * spec; null skips that), and that every weight is finite. Never throws.
     */
    public List<String> verify(FeatureSpec expected) {
        List<String> why = new ArrayList<>();
        if (schemaVersion != SCHEMA_VERSION) {
            why.add("schema version " + schemaVersion + ", this reader knows " + SCHEMA_VERSION);
        }
        if (modelName == null || version == null) {
            why.add("missing model name or version");
        }
        if (featureSpec == null) {
            why.add("missing feature spec");
            return why;
        }
        why.addAll(featureSpec.problems());
        if (expected != null) {
            why.addAll(featureSpec.incompatibilities(expected));
        }
        if (weights == null || sha256 == null) {
            why.add("missing weights or checksum");
            return why;
        }
        byte[] w;
        byte[] d;
        try {
            w = Base64.getDecoder().decode(weights);
            d = dl4jModel == null ? new byte[0] : Base64.getDecoder().decode(dl4jModel);
        } catch (IllegalArgumentException e) {
            why.add("payload is not base64: " + e.getMessage());
            return why;
        }
        if (!sha256(w, d).equalsIgnoreCase(sha256)) {
            why.add("checksum mismatch: payload sha256 " + sha256(w, d) + " != recorded " + sha256);
            return why;
        }
        LstmWeights lw;
        try {
            lw = LstmWeights.fromBytes(w);
        } catch (IllegalArgumentException e) {
            why.add("bad weights: " + e.getMessage());
            return why;
        }
        if (lw.nIn() != featureSpec.nIn) {
            why.add("weights nIn " + lw.nIn() + " != feature spec nIn " + featureSpec.nIn);
        }
        if (lw.hidden() != featureSpec.hidden) {
            why.add("weights hidden " + lw.hidden() + " != feature spec hidden " + featureSpec.hidden);
        }
        if (lw.nOut() != featureSpec.nOut()) {
            int blocks = featureSpec.outputBlocks().size();
            why.add("weights nOut " + lw.nOut() + " != feature spec horizon " + featureSpec.horizon
                    + (blocks > 1 ? " x " + blocks + " outputs " + featureSpec.outputBlocks() : ""));
        }
        List<String> bad = lw.nonFinite();
        if (!bad.isEmpty()) {
            why.add("non-finite weights in " + bad);
        }
        return why;
    }

    /**
     * Runs the kernel over a fixed 64-step probe input (including large values) from zero state;
     * returns why its outputs are unusable (non-finite), empty when fine. Call after {@link #verify}.
     */
    public List<String> probe() {
        List<String> why = new ArrayList<>();
        LstmKernel k;
        try {
            k = new LstmKernel(kernelWeights());
        } catch (RuntimeException e) {
            why.add("weights do not load: " + e.getMessage());
            return why;
        }
        float[] x = new float[k.nIn()];
        float[] h = new float[k.hidden()];
        float[] c = new float[k.hidden()];
        float[] out = new float[k.nOut()];
        for (int t = 0; t < 64; t++) {
            for (int i = 0; i < x.length; i++) {
                // deterministic mix of ordinary and extreme inputs (a demand spike of 100x scale)
                x[i] = (t % 16 == 15) ? 100f : (float) Math.sin(0.7 * t + i);
            }
            k.step(x, h, c);
            k.head(h, out);
            for (float v : out) {
                if (!Float.isFinite(v)) {
                    why.add("probe output not finite at step " + t);
                    return why;
                }
            }
        }
        return why;
    }

    @Override
    public String toString() {
        return "ModelRecord{" + modelName + " " + version + " " + featureSpec + " sha256=" + sha256 + "}";
    }

    /** Short summary for logs: name, version, size in bytes of the payload. */
    public String summary() {
        int size = (weights == null ? 0 : weights.length()) + (dl4jModel == null ? 0 : dl4jModel.length());
        return modelName + "/" + version + " (" + size + " base64 chars, sha256 "
                + (sha256 == null ? "-" : sha256.substring(0, Math.min(12, sha256.length()))) + ")";
    }

    /** Jackson value filter: true (leave out) for NaN. */
    static final class NotANumber {
        @Override
        public boolean equals(Object value) {
            return value instanceof Double d && d.isNaN();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
