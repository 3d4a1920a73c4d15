package dev.deckhand.scheduler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler proctype as a real OS process (its own JVM on the test class path, so it uses
 * {@link RecordingJobEnqueuer}), the way operators run replicas. Output goes to a file.
 */
final class SchedulerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process process;
    private final int port;
    private final Path output;

    private SchedulerProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts {@code dev.deckhand.scheduler.Application}; env holds its variables (PORT among them). */
    static SchedulerProcess start(Map<String, String> env, Path projectRoot, Path output, String... systemProperties)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(List.of(systemProperties));
        cmd.addAll(List.of("-cp", classPathSnapshot(), Application.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME"));
        pb.environment().putAll(env);
        pb.environment().put("PROJECT_ROOT", projectRoot.toString());
        return new SchedulerProcess(pb.start(), Integer.parseInt(env.getOrDefault("PORT", "0")), output);
    }

    private static String snapshot;

    /**
     * The test class path with every directory (module {@code target/classes}) copied once per test
     * JVM: replicas load classes lazily, and in a shared work tree a concurrent build of another
     * module must not hand them a half-written class file.
     */
    static synchronized String classPathSnapshot() throws IOException {
        if (snapshot == null) {
            String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path base = Files.createTempDirectory("scheduler-classpath");
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String entry : full.split(java.io.File.pathSeparator)) {
                Path source = Path.of(entry);
                if (Files.isDirectory(source)) {
                    Path copy = base.resolve(String.valueOf(i++));
                    try (var files = Files.walk(source)) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            Path target = copy.resolve(source.relativize(f).toString());
                            if (Files.isDirectory(f)) {
                                Files.createDirectories(target);
                            } else {
                                Files.copy(f, target);
                            }
                        }
                    }
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            snapshot = String.join(java.io.File.pathSeparator, entries);
        }
        return snapshot;
    }

    long pid() {
        return process.pid();
    }

    boolean healthy() {
        try {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
            return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no graceful anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait; returns the exit status (143 = terminated by SIGTERM after a clean shutdown). */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("scheduler " + pid() + " did not stop within 60 s of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** Waits for the process to exit by itself; returns the exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("scheduler " + pid() + " still running:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
