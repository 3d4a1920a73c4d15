package dev.deckhand.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/**
 * Creates picocli's command objects: a command whose constructor takes {@link Services} gets the
 * CLI's; everything else (converters, version provider) is made by picocli's default factory.
 */
final class CliFactory implements CommandLine.IFactory {

    private final Services services;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CliFactory(Services services) {
        this.services = services;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            Constructor<K> constructor = type.getDeclaredConstructor(Services.class);
            constructor.setAccessible(true);
            return constructor.newInstance(services);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
    }
}
