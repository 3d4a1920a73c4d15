package dev.deckhand.storage;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Chooses the backend: S3 when ENABLE_S3_STORAGE, else files under MEDIA_ROOT. */
@Factory
public class StorageFactory {

    @Singleton
    public LocalUrlSigner localUrlSigner(ResolvedSettings settings, Clock clock) {
        return new LocalUrlSigner(settings.value(SettingsCatalog.SECRET_KEY), clock);
    }

    @Singleton
    public Storage storage(ResolvedSettings settings, LocalUrlSigner signer, Clock clock) {
        if (settings.value(SettingsCatalog.ENABLE_S3_STORAGE)) {
            return S3Clients.storage(new S3Clients.Config(settings.value(SettingsCatalog.AWS_REGION),
                    settings.find(SettingsCatalog.AWS_S3_ENDPOINT).orElse(null), settings.find(SettingsCatalog.AWS_ACCESS_KEY_ID).orElse(null),
                    settings.find(SettingsCatalog.AWS_SECRET_ACCESS_KEY).orElse(null), settings.value(SettingsCatalog.AWS_BUCKET_NAME)));
        }
        return new LocalFileStorage(settings.path(SettingsCatalog.MEDIA_ROOT), signer, clock);
    }
}
