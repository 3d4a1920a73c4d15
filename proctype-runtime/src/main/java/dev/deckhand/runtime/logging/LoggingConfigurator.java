package dev.deckhand.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * Applies LOG_FORMAT, LOG_LEVEL and LOG_LEVELS to logback before the framework starts logging.
 * Re-runs logback's configuration because something may already have initialised it.
 */
public final class LoggingConfigurator {

    private LoggingConfigurator() {
    }

    public static void configure(ResolvedSettings settings) {
        System.setProperty("deckhand.proctype", settings.proctype());
        System.setProperty("deckhand.log.format", settings.value(SettingsCatalog.LOG_FORMAT));
        System.setProperty("deckhand.log.level", settings.value(SettingsCatalog.LOG_LEVEL));
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        URL config = LoggingConfigurator.class.getClassLoader().getResource("logback.xml");
        if (config != null) {
            ctx.reset();
            JoranConfigurator joran = new JoranConfigurator();
            joran.setContext(ctx);
            try {
                joran.doConfigure(config);
            } catch (Exception e) {
                System.err.println("logback configuration failed: " + e.getMessage());
            }
        }
        // Quiet by default: these libraries log connection chatter at INFO.
        ctx.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        ctx.getLogger("io.netty").setLevel(Level.WARN);
        for (String pair : settings.find(SettingsCatalog.LOG_LEVELS).orElse("").split(",")) {
            String[] kv = pair.strip().split("=", 2);
            if (kv.length == 2) {
                ctx.getLogger(kv[0].strip()).setLevel(Level.toLevel(kv[1].strip(), Level.INFO));
            }
        }
    }
}
