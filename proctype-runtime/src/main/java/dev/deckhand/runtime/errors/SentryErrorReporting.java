package dev.deckhand.runtime.errors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.deckhand.config.ProcessIdentity;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.sentry.Sentry;
import io.sentry.SentryOptions;
import io.sentry.logback.SentryAppender;
import jakarta.annotation.PreDestroy;
import org.slf4j.LoggerFactory;

/**
 * Sends ERROR log events (with their exceptions) to Sentry when {@code SENTRY_DSN} is set; does
 * nothing otherwise. Contract: no personal data (sendDefaultPii off), events carry the
 * environment and a {@code proctype} tag, INFO+ lines become breadcrumbs. Log messages never
 * contain secrets (house rule), so what reaches Sentry does not either.
 */
@Context
public class SentryErrorReporting {

    static final String APPENDER_NAME = "SENTRY";

    private final SentryAppender appender;

    public SentryErrorReporting(@Nullable ResolvedSettings settings, ProcessIdentity identity) {
        String dsn = settings == null ? null : settings.find(SettingsCatalog.SENTRY_DSN).orElse(null);
        if (dsn == null || dsn.isBlank() || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            this.appender = null;
            return;
        }
        SentryOptions options = new SentryOptions();
        options.setDsn(dsn);
        options.setEnvironment(identity.environment());
        options.setServerName(identity.proctype());
        options.setTag("proctype", identity.proctype());
        options.setSendDefaultPii(false);
        SentryAppender sentry = new SentryAppender();
        sentry.setName(APPENDER_NAME);
        sentry.setContext(logback);
        sentry.setOptions(options);
        sentry.setMinimumEventLevel(Level.ERROR);
        sentry.setMinimumBreadcrumbLevel(Level.INFO);
        sentry.start();
        logback.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(sentry);
        this.appender = sentry;
    }

    /** True when events are being sent (SENTRY_DSN set). */
    public boolean enabled() {
        return appender != null;
    }

    @PreDestroy
    void close() {
        if (appender != null && LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            appender.stop();
            Sentry.close();
        }
    }
}
