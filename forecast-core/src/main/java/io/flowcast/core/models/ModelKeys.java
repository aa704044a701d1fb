package io.flowcast.core.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Ed25519 key files for signing models, from the JDK alone: PEM text ({@code NAME.key} PKCS#8,
 * {@code NAME.pub} X.509), the formats {@code openssl pkey} reads too.
 */
public final class ModelKeys {
    public static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private ModelKeys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + ALGORITHM, e);
        }
    }

    /** Writes {@code dir/name.key} (owner-only where the file system allows) and {@code dir/name.pub}. */
    public static void write(KeyPair pair, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.resolve(name + ".key");
        Path pub = dir.resolve(name + ".pub");
        if (Files.exists(key) || Files.exists(pub)) {
            throw new IOException(key + " or " + pub + " exists already: not overwriting a key");
        }
        Files.writeString(key, pem(PRIVATE, pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the operator protects the file
        }
        Files.writeString(pub, pem(PUBLIC, pair.getPublic().getEncoded()));
    }

    public static PrivateKey readPrivate(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(unpem(file, PRIVATE)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        return parsePublic(Files.readString(file), file.toString());
    }

    /** A public key from its PEM text; {@code where} names it in the error. */
    public static PublicKey parsePublic(String pemText, String where) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(unpem(pemText, PUBLIC, where)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(where + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Reads a comma-separated list of public key files (blank: none). */
    public static List<String> readPublicPems(String commaSeparatedFiles) throws IOException {
        List<String> out = new ArrayList<>();
        for (String f : commaSeparatedFiles.split(",")) {
            if (!f.isBlank()) {
                String text = Files.readString(Path.of(f.trim()));
                parsePublic(text, f.trim()); // fail now, with the file name, not on a task manager
                out.add(text);
            }
        }
        return out;
    }

    /** A short, stable name of a public key: the first 8 bytes of the SHA-256 of its encoding, in hex. */
    public static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(Path file, String type) throws IOException {
        return unpem(Files.readString(file), type, file.toString());
    }

    private static byte[] unpem(String text, String type, String where) throws IOException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(where + " has no '" + begin + "' block");
        }
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }
}
