package dev.deckhand.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures every log event (message, MDC, stack trace) while installed; dev.deckhand at DEBUG. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    public final List<String> lines = new CopyOnWriteArrayList<>();
    private final Level previous;

    public LogCapture() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger deckhand = (Logger) LoggerFactory.getLogger("dev.deckhand");
        previous = deckhand.getLevel();
        deckhand.setLevel(Level.DEBUG);
        setContext(root.getLoggerContext());
        start();
        root.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent e) {
        lines.add(e.getLoggerName() + " " + e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }

    @Override
    public void close() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
        ((Logger) LoggerFactory.getLogger("dev.deckhand")).setLevel(previous);
        stop();
    }
}
