package dev.deckhand.credentials;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

@Factory
public class CredentialVaultFactory {

    @Singleton
    public CredentialVault credentialVault(ResolvedSettings settings) {
        return new CredentialVault(EncryptionKeys.parse(settings.value(SettingsCatalog.DB_ENCRYPTION_KEY)));
    }
}
