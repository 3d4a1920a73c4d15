package dev.deckhand.localstack;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps one proctype running, as a process manager does: when its process exits or crashes
 * (kill -9, an error at boot) while the stack is not stopping, it is started again after a
 * backoff that starts at {@link #FIRST_BACKOFF} and doubles up to {@link #MAX_BACKOFF}; a process
 * that ran for {@link #HEALTHY_PERIOD} before it exited starts the sequence over. Every exit and
 * restart is logged with the status. {@link #terminate()} cancels a pending restart and sends
 * SIGTERM, so stopping the stack never races a restart.
 */
final class SupervisedProctype {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration HEALTHY_PERIOD = Duration.ofSeconds(60);

    private final String name;
    private final Supplier<ChildProcess> launcher;
    private final Consumer<String> log;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration healthyPeriod;
    private final ScheduledExecutorService timer;
    private ChildProcess current;
    private long startedAtNanos;
    private Duration backoff;
    private ScheduledFuture<?> pendingRestart;
    private boolean stopping;
    private int restarts;

    SupervisedProctype(String name, Supplier<ChildProcess> launcher) {
        this(name, launcher, LocalStack::log, FIRST_BACKOFF, MAX_BACKOFF, HEALTHY_PERIOD);
    }

    SupervisedProctype(String name, Supplier<ChildProcess> launcher, Consumer<String> log, Duration firstBackoff,
                       Duration maxBackoff, Duration healthyPeriod) {
        this.name = name;
        this.launcher = launcher;
        this.log = log;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.healthyPeriod = healthyPeriod;
        this.backoff = firstBackoff;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    String name() {
        return name;
    }

    synchronized void start() {
        if (stopping) {
            return;
        }
        pendingRestart = null;
        ChildProcess child;
        try {
            child = launcher.get();
        } catch (RuntimeException e) {
            log.accept(name + " could not be started: " + e.getMessage());
            scheduleRestart();
            return;
        }
        current = child;
        startedAtNanos = System.nanoTime();
        child.onExit(code -> exited(child, code));
    }

    private synchronized void exited(ChildProcess child, int status) {
        if (stopping || child != current) {
            return;
        }
        Duration ran = Duration.ofNanos(System.nanoTime() - startedAtNanos);
        if (ran.compareTo(healthyPeriod) >= 0) {
            backoff = firstBackoff;
        }
        log.accept(name + " exited with status " + status + "; restarting in " + format(backoff)
                + " (restart " + (restarts + 1) + ", after " + ran.toSeconds() + " s running)");
        scheduleRestart();
    }

    private void scheduleRestart() {
        restarts++;
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
        pendingRestart = timer.schedule(this::start, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** SIGTERM to the running process (it drains and exits by itself); no restart after this. */
    synchronized void terminate() {
        stopping = true;
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
        }
        timer.shutdownNow();
        if (current != null) {
            current.terminate();
        }
    }

    /** After {@link #terminate()}: waits for the process, killing it after {@code seconds}. */
    void awaitExit(int seconds) {
        ChildProcess child;
        synchronized (this) {
            child = current;
        }
        if (child != null) {
            child.awaitExit(seconds);
        }
    }

    /** Exit status of the last process, -1 while it runs or when none was started. */
    synchronized int exitStatus() {
        return current == null ? -1 : current.exitStatus();
    }
}
