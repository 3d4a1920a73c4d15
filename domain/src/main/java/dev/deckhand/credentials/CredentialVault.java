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
 * AES-256-GCM for secrets at rest. Blob layout: {@code version(1) | key id(4) | nonce(12) |
 * ciphertext+tag}. The associated data binds a blob to where it is stored, so a ciphertext copied
 * elsewhere fails to decrypt instead of lending its plaintext to the wrong place:
 *
 * <ul>
 *   <li>version 2 (account tokens, {@link #encrypt(String, TokenColumn, UUID)}): the column and
 *       the row id, so an access-token blob cannot be swapped with the refresh-token blob, nor
 *       moved to another account;</li>
 *   <li>version 1 (the row id only): rows holding a single secret (the PKCE verifier of an OAuth
 *       flow, {@link #encrypt(String, UUID)}), and account tokens written before version 2. Those
 *       still decrypt; {@code credentials.reencrypt} rewrites them as version 2.</li>
 * </ul>
 *
 * Both include the key id. The version byte selects the associated data, and because the two
 * differ, changing the byte makes authentication fail: a blob cannot be downgraded.
 */
public final class CredentialVault {

    static final byte ROW_BOUND = 1;
    static final byte COLUMN_BOUND = 2;
    private static final int NONCE_BYTES = 12;
    private static final int HEADER = 1 + 4 + NONCE_BYTES;
    private final EncryptionKeys keys;
    private final SecureRandom random = new SecureRandom();

    public CredentialVault(EncryptionKeys keys) {
        this.keys = keys;
    }

    /** An account token, bound to its column and row. */
    public byte[] encrypt(String plaintext, TokenColumn column, UUID rowId) {
        return seal(plaintext, COLUMN_BOUND, columnBound(column, rowId));
    }

    /**
     * @throws TamperedCredentialException when the blob was altered, moved to another column or
     *                                     account, or its key is no longer configured
     */
    public String decrypt(byte[] blob, TokenColumn column, UUID rowId) {
        if (blob == null) {
            return null;
        }
        byte[] ad = switch (version(blob)) {
            case COLUMN_BOUND -> columnBound(column, rowId);
            case ROW_BOUND -> rowBound(rowId);
            default -> throw new TamperedCredentialException("unknown credential format");
        };
        return open(blob, ad);
    }

    /** The only secret of its row (bound to the row id). */
    public byte[] encrypt(String plaintext, UUID rowId) {
        return seal(plaintext, ROW_BOUND, rowBound(rowId));
    }

    /** @throws TamperedCredentialException when the blob was altered, moved to another row or its key is gone */
    public String decrypt(byte[] blob, UUID rowId) {
        if (blob == null) {
            return null;
        }
        if (version(blob) != ROW_BOUND) {
            throw new TamperedCredentialException("unknown credential format");
        }
        return open(blob, rowBound(rowId));
    }

    /** True when an account token is not in the current format under the current primary key. */
    public boolean needsRotation(byte[] blob) {
        return blob != null && (blob.length < HEADER || blob[0] != COLUMN_BOUND
                || !Arrays.equals(Arrays.copyOfRange(blob, 1, 5), keys.primary().id()));
    }

    /** The account token re-encrypted under the primary key, bound to its column. */
    public byte[] reencrypt(byte[] blob, TokenColumn column, UUID rowId) {
        return encrypt(decrypt(blob, column, rowId), column, rowId);
    }

    private byte[] seal(String plaintext, byte version, byte[] ad) {
        if (plaintext == null) {
            return null;
        }
        EncryptionKeys.Key key = keys.primary();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, ad);
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(HEADER + ct.length).put(version).put(key.id()).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    private String open(byte[] blob, byte[] ad) {
        byte[] id = Arrays.copyOfRange(blob, 1, 5);
        EncryptionKeys.Key key = keys.byId(id)
                .orElseThrow(() -> new TamperedCredentialException(
                        "credential encrypted with a key no longer configured"));
        byte[] nonce = Arrays.copyOfRange(blob, 5, HEADER);
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce, ad);
            return new String(c.doFinal(blob, HEADER, blob.length - HEADER), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new TamperedCredentialException("credential failed authentication");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    private static byte version(byte[] blob) {
        return blob.length < HEADER + 16 ? 0 : blob[0];
    }

    private static byte[] rowBound(UUID rowId) {
        return ("deckhand-credential|" + rowId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] columnBound(TokenColumn column, UUID rowId) {
        return ("deckhand-credential|v2|" + column.qualifiedName() + "|" + rowId).getBytes(StandardCharsets.UTF_8);
    }

    private static Cipher cipher(int mode, EncryptionKeys.Key key, byte[] nonce, byte[] ad)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(ad);
        c.updateAAD(key.id());
        return c;
    }
}
