package io.flowcast.core.models;

import io.flowcast.core.events.ModelRecord;
import io.flowcast.core.json.Json;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Signs model records for the {@code models} topic (the trainer and {@code flowcast models rollback} use it). */
public final class ModelSigner {
    private final PrivateKey key;
    private final String keyId;

    /** @param publicKey the key's public half: its id goes into every signed record */
    public ModelSigner(PrivateKey key, PublicKey publicKey) {
        this.key = key;
        this.keyId = ModelKeys.keyId(publicKey);
    }

    /** A signer from {@code NAME.key}, with {@code NAME.pub} beside it (as {@code flowcast keys generate} writes them). */
    public static ModelSigner fromKeyFile(java.nio.file.Path keyFile) throws java.io.IOException {
        java.nio.file.Path pub = publicKeyFile(keyFile);
        if (!java.nio.file.Files.exists(pub)) {
            throw new java.io.IOException("no public key " + pub + " beside the signing key " + keyFile);
        }
        return new ModelSigner(ModelKeys.readPrivate(keyFile), ModelKeys.readPublic(pub));
    }

    /** The public key file beside a signing key file. */
    public static java.nio.file.Path publicKeyFile(java.nio.file.Path keyFile) {
        String name = keyFile.getFileName().toString();
        return keyFile.resolveSibling(name.endsWith(".key") ? name.substring(0, name.length() - 4) + ".pub" : name + ".pub");
    }

    /** The signed envelope of {@code record}, as it goes on the topic. */
    public SignedModel sign(ModelRecord record) {
        byte[] payload = Json.toBytes(record);
        SignedModel s = new SignedModel();
        s.keyId = keyId;
        s.payload = Base64.getEncoder().encodeToString(payload);
        try {
            Signature sig = Signature.getInstance(ModelKeys.ALGORITHM);
            sig.initSign(key);
            sig.update(payload);
            s.signature = Base64.getEncoder().encodeToString(sig.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this key: " + e.getMessage(), e);
        }
        return s;
    }

    public String keyId() {
        return keyId;
    }
}
