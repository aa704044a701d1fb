package io.flowcast.core.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.features.FeatureSpec;
import io.flowcast.core.json.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether the job takes a record from the {@code models} topic: is it authentic (signed by
 * a trusted key, when the job has keys), is it for this job's model, is it newer than the served one,
 * and can it serve (shapes, finite weights, finite outputs). Plain Java; the Flink operator asks it
 * and logs and counts every refusal.
 *
 * <p>Newer means a higher {@link ModelRecord#sequence}: the trainer signs it, so a writer without the
 * key cannot choose it, and a signed rollback is simply an old model re-published with a higher one.
 */
public final class ModelGate {
    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();
    private final FeatureSpec expected;
    private final String modelName;

    /**
     * @param trustedKeys public keys whose signatures are accepted; empty: records are taken unsigned
     *     (models are not authenticated)
     * @param expected the job's feature spec (hidden size is the model's own)
     */
    public ModelGate(List<PublicKey> trustedKeys, FeatureSpec expected, String modelName) {
        for (PublicKey k : trustedKeys) {
            trusted.put(ModelKeys.keyId(k), k);
        }
        this.expected = expected;
        this.modelName = modelName;
    }

    /** A gate from PEM texts of public keys (what the job ships to its task managers). */
    public static ModelGate fromPems(List<String> publicKeyPems, FeatureSpec expected, String modelName) {
        List<PublicKey> keys = new ArrayList<>();
        for (String pem : publicKeyPems) {
            try {
                keys.add(ModelKeys.parsePublic(pem, "a --model-public-keys file"));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return new ModelGate(keys, expected, modelName);
    }

    /** The served record from its JSON in the job's state (null: none). */
    public static ModelRecord served(String json) {
        return json == null ? null : Json.fromString(json, ModelRecord.class);
    }

    /** Throws with the reasons when {@code json} (from {@code source}, e.g. a file option) is no model to serve. */
    public static void requireServable(String json, FeatureSpec expected, String source) {
        List<String> why = check(Json.fromString(json, ModelRecord.class), expected);
        if (!why.isEmpty()) {
            throw new IllegalArgumentException(source + " is not a model this job can serve: " + why);
        }
    }

    /** Everything that would make the job refuse {@code record} as a model (not who signed it); empty when it may serve. */
    public static List<String> check(ModelRecord record, FeatureSpec expected) {
        List<String> why = new ArrayList<>(record.verify(expected));
        if (why.isEmpty()) {
            why.addAll(record.probe());
        }
        return why;
    }

    public boolean authenticates() {
        return !trusted.isEmpty();
    }

    /** Ids of the trusted keys, for messages. */
    public List<String> keyIds() {
        return List.copyOf(trusted.keySet());
    }

    /** The verdict on one record. */
    public record Decision(Verdict verdict, ModelRecord record, String label, String reason) {
        public boolean accepted() {
            return verdict == Verdict.ACCEPT;
        }
    }

    /** ACCEPT: serve it; REFUSE: log and count it; OTHER_MODEL: for another job's model name on the same topic. */
    public enum Verdict { ACCEPT, REFUSE, OTHER_MODEL }

    /**
     * Judges {@code text} (a {@link SignedModel} or, for a job without keys, a plain {@link ModelRecord})
     * against the served record ({@code current}, null when none). An accepted record comes back
     * without its DL4J zip: the job serves the kernel weights and does not carry the zip.
     */
    public Decision judge(String text, ModelRecord current) {
        Opened o = open(text);
        if (o.record() == null) {
            return refuse(o.label(), o.reason());
        }
        ModelRecord record = o.record();
        String via = o.keyId() == null ? "unsigned" : "key " + o.keyId();
        String label = record.modelName + " " + record.version + " #" + record.sequence + " (" + via + ")";
        if (!modelName.equals(record.modelName)) {
            return new Decision(Verdict.OTHER_MODEL, null, label, "model name is not " + modelName);
        }
        if (current != null && record.sequence <= current.sequence) {
            return refuse(label, "sequence " + record.sequence + " is not after the served " + current.version
                    + "'s " + current.sequence + (record.sequence == current.sequence ? " (a replay of the served model, or a clash)" : ""));
        }
        List<String> why = check(record, expected);
        if (!why.isEmpty()) {
            return refuse(label, String.join("; ", why));
        }
        return new Decision(Verdict.ACCEPT, record.withoutDl4j(), label, null);
    }

    /** A record taken out of its envelope: {@code record} null with the {@code reason} when it is not authentic or not readable. */
    public record Opened(ModelRecord record, String keyId, String label, String reason) {}

    /**
     * Reads a record from the topic's text: the payload of a {@link SignedModel} whose signature verifies
     * with a trusted key, or (only for a gate without keys) a plain record or an unverified envelope.
     */
    public Opened open(String text) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(text);
        } catch (IOException | RuntimeException e) {
            return new Opened(null, null, null, "not JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            return new Opened(null, null, null, "not a JSON object");
        }
        if (!tree.has("signature") && !tree.has("payload")) {
            if (authenticates()) {
                return new Opened(null, null, label(tree), "unsigned: this job only serves models signed by key "
                        + keyIds() + " (--model-public-keys)");
            }
            try {
                return new Opened(Json.MAPPER.treeToValue(tree, ModelRecord.class), null, null, null);
            } catch (IOException | RuntimeException e) {
                return new Opened(null, null, null, "not a model record: " + firstLine(e.getMessage()));
            }
        }
        SignedModel s;
        byte[] payload;
        try {
            s = Json.MAPPER.treeToValue(tree, SignedModel.class);
            payload = Base64.getDecoder().decode(s.payload == null ? "" : s.payload);
        } catch (IOException | IllegalArgumentException e) {
            return new Opened(null, null, null, "not a signed model record: " + firstLine(e.getMessage()));
        }
        if (authenticates()) {
            String why = signatureProblem(s, payload);
            if (why != null) {
                return new Opened(null, s.keyId, null, why);
            }
        }
        try {
            return new Opened(Json.MAPPER.readValue(payload, ModelRecord.class), s.keyId, null, null);
        } catch (IOException | RuntimeException e) {
            return new Opened(null, s.keyId, null, "signed payload is not a model record: " + firstLine(e.getMessage()));
        }
    }

    private String signatureProblem(SignedModel s, byte[] payload) {
        PublicKey key = s.keyId == null ? null : trusted.get(s.keyId);
        if (key == null) {
            return "signed by key " + s.keyId + ", which is not one of the trusted " + keyIds();
        }
        if (s.signature == null) {
            return "no signature";
        }
        try {
            Signature sig = Signature.getInstance(ModelKeys.ALGORITHM);
            sig.initVerify(key);
            sig.update(payload);
            if (!sig.verify(Base64.getDecoder().decode(s.signature))) {
                return "signature does not verify with key " + s.keyId + ": the record was changed after signing";
            }
            return null;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "signature does not verify with key " + s.keyId + ": " + e.getMessage();
        }
    }

    private static String label(JsonNode tree) {
        return tree.path("modelName").asText("?") + " " + tree.path("version").asText("?");
    }

    private static Decision refuse(String label, String reason) {
        return new Decision(Verdict.REFUSE, null, label == null ? "?" : label, reason);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
