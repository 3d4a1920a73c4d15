package dev.deckhand.credentials;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The AES-256 keys from DB_ENCRYPTION_KEY: comma-separated base64, the first encrypts, all
 * decrypt. Each key is known by a 4-byte id (a SHA-256 prefix of the key) stored in front of
 * every ciphertext, so rotation is: prepend the new key, re-encrypt, drop the old key.
 */
public final class EncryptionKeys {

    public record Key(byte[] id, byte[] material) {
        @Override
        public String toString() {
            return "Key[id=" + java.util.HexFormat.of().formatHex(id) + ", material=<redacted>]";
        }
    }

    private final List<Key> keys;

    private EncryptionKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    public static EncryptionKeys parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("DB_ENCRYPTION_KEY is empty");
        }
        List<Key> keys = new ArrayList<>();
        for (String part : value.split(",")) {
            byte[] material;
            try {
                material = Base64.getDecoder().decode(part.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DB_ENCRYPTION_KEY entry " + (keys.size() + 1) + " is not base64");
            }
            if (material.length != 32) {
                throw new IllegalArgumentException("DB_ENCRYPTION_KEY entry " + (keys.size() + 1)
                        + " must decode to 32 bytes, got " + material.length);
            }
            keys.add(new Key(idOf(material), material));
        }
        return new EncryptionKeys(keys);
    }

    public Key primary() {
        return keys.get(0);
    }

    public Optional<Key> byId(byte[] id) {
        return keys.stream().filter(k -> Arrays.equals(k.id(), id)).findFirst();
    }

    static byte[] idOf(byte[] material) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(material), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "EncryptionKeys[" + keys.size() + " keys, redacted]";
    }
}
