package dev.deckhand.credentials;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

/**
 * AES-256-GCM for account tokens at rest. Blob layout: {@code version(1)=1 | key id(4) |
 * nonce(12) | ciphertext+tag}. The associated data binds a blob to its account (and to the key
 * id), so a ciphertext copied onto another account's row fails to decrypt instead of lending
 * that account someone else's token.
 */
public final class CredentialVault {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int HEADER = 1 + 4 + NONCE_BYTES;
    private final EncryptionKeys keys;
    private final SecureRandom random = new SecureRandom();

    public CredentialVault(EncryptionKeys keys) {
        this.keys = keys;
    }

    public byte[] encrypt(String plaintext, UUID accountId) {
        if (plaintext == null) {
            return null;
        }
        EncryptionKeys.Key key = keys.primary();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, accountId);
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(HEADER + ct.length).put(VERSION).put(key.id()).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** @throws TamperedCredentialException when the blob was altered, moved to another account or its key is gone */
    public String decrypt(byte[] blob, UUID accountId) {
        if (blob == null) {
            return null;
        }
        if (blob.length < HEADER + 16 || blob[0] != VERSION) {
            throw new TamperedCredentialException("unknown credential format");
        }
        byte[] id = Arrays.copyOfRange(blob, 1, 5);
        EncryptionKeys.Key key = keys.byId(id)
                .orElseThrow(() -> new TamperedCredentialException("credential encrypted with a key no longer configured"));
        byte[] nonce = Arrays.copyOfRange(blob, 5, HEADER);
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce, accountId);
            return new String(c.doFinal(blob, HEADER, blob.length - HEADER), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new TamperedCredentialException("credential failed authentication");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    /** True when the blob is not under the current primary key (re-encrypt it). */
    public boolean needsRotation(byte[] blob) {
        return blob != null && !Arrays.equals(Arrays.copyOfRange(blob, 1, 5), keys.primary().id());
    }

    public byte[] reencrypt(byte[] blob, UUID accountId) {
        return encrypt(decrypt(blob, accountId), accountId);
    }

    private static Cipher cipher(int mode, EncryptionKeys.Key key, byte[] nonce, UUID accountId)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(("deckhand-credential|" + accountId).getBytes(StandardCharsets.UTF_8));
        c.updateAAD(key.id());
        return c;
    }
}
