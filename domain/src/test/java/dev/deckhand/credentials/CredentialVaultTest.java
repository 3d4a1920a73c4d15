package dev.deckhand.credentials;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialVaultTest {

    static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    final String oldKey = newKey();
    final String newKey = newKey();
    final UUID account = UUID.randomUUID();

    @Test
    void roundTripsAndNeverStoresPlaintext() {
        CredentialVault vault = new CredentialVault(EncryptionKeys.parse(oldKey));
        byte[] blob = vault.encrypt("secret-access-token", account);
        assertThat(new String(blob, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("secret-access-token");
        assertThat(vault.decrypt(blob, account)).isEqualTo("secret-access-token");
        assertThat(vault.encrypt("secret-access-token", account)).isNotEqualTo(blob);
    }

    @Test
    void rotationDecryptsOldBlobsAndReencryptsUnderTheNewKey() {
        byte[] old = new CredentialVault(EncryptionKeys.parse(oldKey)).encrypt("t1", TokenColumn.ACCESS_TOKEN, account);
        CredentialVault rotated = new CredentialVault(EncryptionKeys.parse(newKey + "," + oldKey));
        assertThat(rotated.decrypt(old, TokenColumn.ACCESS_TOKEN, account)).isEqualTo("t1");
        assertThat(rotated.needsRotation(old)).isTrue();
        byte[] fresh = rotated.reencrypt(old, TokenColumn.ACCESS_TOKEN, account);
        assertThat(rotated.needsRotation(fresh)).isFalse();
        CredentialVault newOnly = new CredentialVault(EncryptionKeys.parse(newKey));
        assertThat(newOnly.decrypt(fresh, TokenColumn.ACCESS_TOKEN, account)).isEqualTo("t1");
        assertThatThrownBy(() -> newOnly.decrypt(old, TokenColumn.ACCESS_TOKEN, account))
                .isInstanceOf(TamperedCredentialException.class);
    }

    @Test
    void theAssociatedDataNamesTheColumnSoTokenBlobsCannotBeSwapped() {
        CredentialVault vault = new CredentialVault(EncryptionKeys.parse(oldKey));
        byte[] access = vault.encrypt("the-access-token", TokenColumn.ACCESS_TOKEN, account);
        assertThat(vault.decrypt(access, TokenColumn.ACCESS_TOKEN, account)).isEqualTo("the-access-token");
        assertThatThrownBy(() -> vault.decrypt(access, TokenColumn.REFRESH_TOKEN, account))
                .isInstanceOf(TamperedCredentialException.class);
        assertThatThrownBy(() -> vault.decrypt(access, TokenColumn.ACCESS_TOKEN, UUID.randomUUID()))
                .isInstanceOf(TamperedCredentialException.class);
        byte[] downgraded = access.clone();
        downgraded[0] = 1;
        assertThatThrownBy(() -> vault.decrypt(downgraded, TokenColumn.ACCESS_TOKEN, account))
                .as("the version byte cannot be changed to pick the row-only associated data")
                .isInstanceOf(TamperedCredentialException.class);
        assertThatThrownBy(() -> vault.decrypt(access, account)).isInstanceOf(TamperedCredentialException.class);
    }

    @Test
    void blobsWrittenWithTheRowOnlyAssociatedDataStillDecryptAndAreRewritten() {
        CredentialVault vault = new CredentialVault(EncryptionKeys.parse(oldKey));
        byte[] legacy = vault.encrypt("t3", account);
        assertThat(vault.decrypt(legacy, account)).isEqualTo("t3");
        assertThat(vault.decrypt(legacy, TokenColumn.REFRESH_TOKEN, account)).isEqualTo("t3");
        assertThat(vault.needsRotation(legacy)).as("same key, old format").isTrue();
        byte[] rewritten = vault.reencrypt(legacy, TokenColumn.REFRESH_TOKEN, account);
        assertThat(vault.needsRotation(rewritten)).isFalse();
        assertThat(vault.decrypt(rewritten, TokenColumn.REFRESH_TOKEN, account)).isEqualTo("t3");
        assertThatThrownBy(() -> vault.decrypt(rewritten, TokenColumn.ACCESS_TOKEN, account))
                .isInstanceOf(TamperedCredentialException.class);
    }

    @Test
    void detectsTamperingAndBlobsMovedToAnotherAccount() {
        CredentialVault vault = new CredentialVault(EncryptionKeys.parse(oldKey));
        byte[] blob = vault.encrypt("t2", account);
        byte[] flipped = blob.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.decrypt(flipped, account)).isInstanceOf(TamperedCredentialException.class);
        assertThatThrownBy(() -> vault.decrypt(blob, UUID.randomUUID())).isInstanceOf(TamperedCredentialException.class);
    }

    @Test
    void rejectsBadKeysWithoutEchoingThem() {
        assertThatThrownBy(() -> EncryptionKeys.parse("c2hvcnQ=")).hasMessageContaining("32 bytes")
                .hasMessageNotContaining("c2hvcnQ=");
        assertThat(EncryptionKeys.parse(oldKey).toString()).doesNotContain(oldKey);
        assertThat(new AccountTokens("at-value", "rt-value", null).toString()).doesNotContain("at-value", "rt-value");
    }
}
