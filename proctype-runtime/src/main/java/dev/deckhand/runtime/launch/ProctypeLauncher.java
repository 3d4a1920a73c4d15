package dev.deckhand.runtime.launch;

import dev.deckhand.config.BuildInfo;
import dev.deckhand.config.InvalidSettingsException;
import dev.deckhand.config.MicronautProperties;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.config.SettingsReport;
import dev.deckhand.config.SettingsValidator;
import dev.deckhand.runtime.logging.LoggingConfigurator;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.runtime.EmbeddedApplication;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Boots a proctype: load layered settings, validate all of them (exit 2 naming every bad
 * variable, before anything connects), create runtime directories, configure logging, then start
 * Micronaut with properties derived only from those settings.
 *
 * <p>{@code --print-settings} prints the redacted report and exits. {@code --version} prints the
 * release ({@link BuildInfo}) and exits 0 before reading any setting.
 */
public final class ProctypeLauncher {

    /** Exit status for bad configuration: distinct from crashes so orchestrators can tell. */
    public static final int EXIT_BAD_CONFIG = 2;
    /** Exit status when a backing service named by a variable cannot be reached at boot. */
    public static final int EXIT_BACKING_SERVICE = 3;

    private ProctypeLauncher() {
    }

    /** Entry point for a proctype's {@code main}. Never returns on configuration errors. */
    public static ApplicationContext run(String proctype, Class<?> mainClass, String[] args) {
        if (Arrays.asList(args).contains("--version")) {
            System.out.println(BuildInfo.current().describe(proctype));
            System.exit(0);
        }
        ResolvedSettings settings;
        try {
            settings = SettingsLoader.load(proctype);
        } catch (RuntimeException e) {
            System.err.println("Invalid configuration for " + proctype + ": " + e.getMessage());
            System.exit(EXIT_BAD_CONFIG);
            return null;
        }
        if (Arrays.asList(args).contains("--print-settings")) {
            System.out.print(SettingsReport.render(settings));
            var problems = SettingsValidator.problems(settings);
            problems.forEach(p -> System.out.println("PROBLEM " + p));
            System.exit(problems.isEmpty() ? 0 : EXIT_BAD_CONFIG);
        }
        try {
            ApplicationContext context = start(settings, mainClass, args);
            exitZeroOnSigterm(context);
            return context;
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_BAD_CONFIG);
        } catch (BackingServiceUnavailableException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_BACKING_SERVICE);
        }
        return null;
    }

    /** Starts a proctype from already-loaded settings; used by tests and the local stack. */
    public static ApplicationContext start(ResolvedSettings settings, Class<?> mainClass, String[] args) {
        return start(settings, mainClass, args, Map.of());
    }

    /**
     * As {@link #start(ResolvedSettings, Class, String[])}, with extra Micronaut properties that
     * win over the derived ones (tests use it, e.g. {@code deckhand.schema-check=false}).
     */
    public static ApplicationContext start(ResolvedSettings settings, Class<?> mainClass, String[] args,
                                           Map<String, Object> overrides) {
        SettingsValidator.requireValid(settings);
        createRuntimeDirectories(settings);
        LoggingConfigurator.configure(settings);
        dev.deckhand.runtime.tracing.TracingSetup.configure(settings); // no-op unless OTEL_TRACING_ENABLED
        Map<String, Object> properties = new java.util.LinkedHashMap<>(MicronautProperties.from(settings));
        properties.putAll(dev.deckhand.runtime.metrics.MetricsProperties.defaults());
        properties.putAll(overrides);
        // A pool opens its minimum-idle connections before boot returns (bounded by the
        // datasource's initialization-fail-timeout). The web's pool is fixed-size (MicronautProperties):
        // Hikari would otherwise open it in the background, and a context closed during that fill
        // leaves the connections being opened open for good (WebPoolLifecycleTest). Other
        // proctypes keep one idle connection, which fail-fast already opens at boot.
        System.setProperty("com.zaxxer.hikari.blockUntilFilled", "true");
        long started = System.nanoTime();
        ApplicationContextBuilder builder = ApplicationContext.builder()
                .args(args)
                .mainClass(mainClass)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                // Settings are the only source of configuration: no stray env var reconfigures us.
                .environmentPropertySource(false)
                .environments(settings.environment(), settings.proctype())
                .properties(properties)
                .singletons(settings)
                .banner(false);
        ApplicationContext context = null;
        try {
            // Built, then started: a start that fails (a bean validating its configuration, the
            // schema check) leaves the context in hand, so the catch can close what it opened.
            context = builder.build();
            context.start();
            context.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::start);
            ApplicationContext running = context;
            // SIGTERM: close the context, which runs graceful shutdown (drain) before exit.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (running.isRunning()) {
                    running.close();
                }
            }, "deckhand-shutdown"));
            LoggerFactory.getLogger(ProctypeLauncher.class).info("{} started in {} ms on port {}",
                    settings.proctype(), (System.nanoTime() - started) / 1_000_000, settings.value(SettingsCatalog.PORT));
            return context;
        } catch (RuntimeException e) {
            if (context != null) {
                closeAfterFailedStart(context, e);
            }
            // A bean that validates its own configuration at boot (e.g. the scheduler's CRON_SCHEDULE)
            // throws InvalidSettingsException: surface it unwrapped so run() exits 2 naming the variable.
            for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
                if (t instanceof InvalidSettingsException invalid) {
                    throw invalid;
                }
            }
            throw BackingServiceUnavailableException.explain(e, settings).orElseThrow(() -> e);
        }
    }

    /**
     * Destroys the beans a failed start created, newest first. Micronaut's {@code close()} does
     * nothing to a context that never finished starting (it stops only a running one), so the
     * pool's connections would stay open in the JVM of a test or the local stack: a scheduler that
     * refused an unmigrated database held one connection per attempt (SchedulerBootTest).
     */
    private static void closeAfterFailedStart(ApplicationContext context, RuntimeException failure) {
        if (context.isRunning()) {
            context.close();
            return;
        }
        List<io.micronaut.context.BeanRegistration<Object>> created =
                new ArrayList<>(context.getActiveBeanRegistrations(Object.class));
        Collections.reverse(created);
        for (io.micronaut.context.BeanRegistration<Object> bean : created) {
            try {
                context.destroyBean(bean);
            } catch (RuntimeException closing) {
                failure.addSuppressed(closing);
            }
        }
    }

    /**
     * SIGTERM is how platforms stop a process on deploy or scale-in: close the context (graceful
     * shutdown, drain) and exit 0, because a cleanly stopped process has not failed. The JVM's
     * default would exit 143 after the same hooks. A second SIGTERM while stopping is ignored.
     */
    static void exitZeroOnSigterm(ApplicationContext context) {
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> {
                if (!stopping.compareAndSet(false, true)) {
                    return;
                }
                int status = 0;
                try {
                    if (context.isRunning()) {
                        context.close();
                    }
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(ProctypeLauncher.class).error("graceful shutdown failed", e);
                    status = 1;
                }
                System.exit(status);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LoggerFactory.getLogger(ProctypeLauncher.class).warn("cannot handle SIGTERM; default exit status applies");
        }
    }

    /** Creates MEDIA_ROOT and {@code var/tmp}; a failure names the setting that places the directory. */
    static void createRuntimeDirectories(ResolvedSettings settings) {
        createDirectory(settings, SettingsCatalog.MEDIA_ROOT.name(), settings.path(SettingsCatalog.MEDIA_ROOT));
        createDirectory(settings, SettingsCatalog.PROJECT_ROOT.name(), settings.projectRoot().resolve("var/tmp"));
    }

    private static void createDirectory(ResolvedSettings settings, String setting, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidSettingsException(settings.proctype(), settings.environment(), java.util.List.of(
                    new dev.deckhand.config.SettingsProblem(setting, "cannot create directory " + dir + ": " + e)));
        }
    }
}
