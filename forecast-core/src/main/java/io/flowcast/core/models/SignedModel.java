package io.flowcast.core.models;

/**
 * What goes on the {@code models} topic when the trainer has a signing key: the model record's
 * JSON bytes (base64, so every byte the job parses is exactly what was signed), the Ed25519
 * signature over those bytes and the id of the key that made it.
 */
public class SignedModel {
    public static final int SCHEMA_VERSION = 1;

    public int schemaVersion = SCHEMA_VERSION;
    /** {@link ModelKeys#keyId} of the signing key. */
    public String keyId;
    /** Base64 Ed25519 signature of the decoded {@link #payload}. */
    public String signature;
    /** Base64 of the {@link io.flowcast.core.events.ModelRecord} JSON. */
    public String payload;

    public SignedModel() {}
}
