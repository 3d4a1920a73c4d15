package dev.deckhand.web.seed;

import dev.deckhand.catalogue.CatalogueCode;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CATALOGUE_SEED_FILE: when the web proctype starts and the catalogue has no product at all, it
 * applies that catalogue file ({@link CatalogueCode#apply}, audited with no actor), so the local
 * stack shows its demo product on first start with no other command. A catalogue with any
 * product is never touched (an admin's deletions are not undone on restart). A file that cannot
 * be read or applied is logged and the web proctype starts anyway; two web processes starting
 * together on an empty catalogue: one applies it, the other's apply fails on the unique slugs and
 * is logged.
 */
@Singleton
public class CatalogueSeed {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueSeed.class);
    private final CatalogueCode code;
    private final ResolvedSettings settings;

    public CatalogueSeed(CatalogueCode code, ResolvedSettings settings) {
        this.code = code;
        this.settings = settings;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        settings.find(SettingsCatalog.CATALOGUE_SEED_FILE).filter(f -> !f.isBlank()).ifPresent(this::seed);
    }

    /** Applies the file if the catalogue is empty; returns whether it did. */
    public boolean seed(String file) {
        Path path = settings.projectRoot().resolve(file);
        try {
            if (!code.isEmpty()) {
                return false;
            }
            try (Reader in = Files.newBufferedReader(path)) {
                var report = code.apply(in, "CATALOGUE_SEED_FILE");
                LOG.info("catalogue was empty: applied {} ({} changes)", path, report.changes().size());
                return true;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("CATALOGUE_SEED_FILE {} was not applied: {}", path, e.getMessage());
            return false;
        }
    }
}
