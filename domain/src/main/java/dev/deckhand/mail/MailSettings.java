package dev.deckhand.mail;

import dev.deckhand.config.EmailUrl;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * EMAIL_URL, FROM_EMAIL and OPERATOR_EMAIL as this process uses them (validated at boot by the
 * settings catalogue). Empty EMAIL_URL means mail is off: that is logged once, when this bean is
 * first needed, and every mail feature then quietly does nothing.
 */
@Singleton
public class MailSettings {

    private static final Logger LOG = LoggerFactory.getLogger(MailSettings.class);

    private final Optional<EmailUrl> server;
    private final String from;
    private final List<String> operators;
    private final Optional<String> siteHost;

    public MailSettings(ResolvedSettings settings) {
        this.server = settings.find(SettingsCatalog.EMAIL_URL).map(EmailUrl::parse);
        this.from = settings.find(SettingsCatalog.FROM_EMAIL).orElse("");
        this.operators = settings.value(SettingsCatalog.OPERATOR_EMAIL);
        this.siteHost = settings.value(SettingsCatalog.ALLOWED_HOSTS).stream()
                .filter(h -> !h.contains("*") && !h.startsWith(".")).findFirst();
        if (server.isEmpty()) {
            LOG.info("e-mail is disabled (EMAIL_URL is empty): no mail will be sent");
        } else {
            LOG.info("e-mail goes through {}", server.get());
        }
    }

    public boolean enabled() {
        return server.isPresent();
    }

    /** @throws IllegalStateException when mail is disabled */
    public EmailUrl server() {
        return server.orElseThrow(() -> new IllegalStateException("e-mail is disabled (EMAIL_URL is empty)"));
    }

    public String from() {
        return from;
    }

    /** OPERATOR_EMAIL's addresses; empty when none. */
    public List<String> operators() {
        return operators;
    }

    /** {@code https://<first ALLOWED_HOSTS entry>} for links in mails; empty when there is no such host. */
    public Optional<String> siteUrl() {
        return siteHost.map(h -> "https://" + h);
    }
}
