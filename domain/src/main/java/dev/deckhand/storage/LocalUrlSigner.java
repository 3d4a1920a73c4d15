package dev.deckhand.storage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

/**
 * Presigned URLs for local private storage: {@code HMAC-SHA256(key, "private-media|" + key + "|" + expires)}
 * keyed by a key derived from SECRET_KEY. The web tier serves {@code /media/private/<key>} only
 * when {@link #verify} accepts the query parameters.
 */
public final class LocalUrlSigner {

    private final byte[] macKey;
    private final Clock clock;

    public LocalUrlSigner(String secretKey, Clock clock) {
        this.macKey = hmac(secretKey.getBytes(StandardCharsets.UTF_8), "deckhand local storage url signing");
        this.clock = clock;
    }

    public String sign(String key, long expiresEpochSecond) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                hmac(macKey, "private-media|" + key + "|" + expiresEpochSecond));
    }

    /** True when the signature matches and the expiry has not passed (constant-time compare). */
    public boolean verify(String key, long expiresEpochSecond, String signature) {
        if (signature == null || clock.instant().getEpochSecond() > expiresEpochSecond) {
            return false;
        }
        return MessageDigest.isEqual(sign(key, expiresEpochSecond).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
