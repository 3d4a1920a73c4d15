package dev.deckhand.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** A built proctype jar run as an operator would: {@code java -jar}, configured by environment only. */
final class ProctypeJar implements AutoCloseable {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String proctype;
    /** The output file's name without {@code .out}: the proctype, unless several run at once. */
    final String name;
    final Path output;
    private final Process process;
    /** The PORT it serves health on, when the starter records it. */
    int port;

    private ProctypeJar(String proctype, String name, Path output, Process process) {
        this.proctype = proctype;
        this.name = name;
        this.output = output;
        this.process = process;
    }

    static Path jar(String proctype) {
        String module = "local-stack".equals(proctype) ? "local-stack" : proctype;
        Path jar = REPOSITORY.resolve(module).resolve("target/deckhand-" + proctype + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the whole reactor (./mvnw verify)");
        }
        return jar;
    }

    static ProctypeJar start(String proctype, Path workDir, Map<String, String> env, String... args) throws IOException {
        return startNamed(proctype, proctype, workDir, env, args);
    }

    /** As {@link #start}, with output in {@code <name>.out}: for several processes of one proctype. */
    static ProctypeJar startNamed(String proctype, String name, Path workDir, Map<String, String> env, String... args)
            throws IOException {
        Path out = workDir.resolve(name + ".out");
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", jar(proctype).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> !List.of("PATH", "HOME", "LANG").contains(k));
        pb.environment().putAll(env);
        return new ProctypeJar(proctype, name, out, pb.start());
    }

    int awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(proctype + " did not exit within " + seconds + " s:\n" + outputText());
        }
        return process.exitValue();
    }

    /** Whether it exited within {@code seconds} (no assertion, no kill). */
    boolean awaitExitQuietly(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    void awaitReady(int port) {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                .timeout(Duration.ofSeconds(5)).build();
        // Generous: a loaded 2-core CI machine starts several JVMs at once.
        try {
            Awaitility.await(proctype + " ready on " + port).atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError(proctype + " exited early:\n" + outputText());
                        }
                        return HTTP.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String out = outputText();
            throw new AssertionError(e.getMessage() + "\n" + out.substring(Math.max(0, out.length() - 20000)), e);
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM, as a platform does on deploy or scale-in. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL (kill -9): a crash, an OOM kill, a node lost. */
    void kill() {
        process.destroyForcibly();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String outputText() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /**
     * A process still running (a failed assertion) first gets SIGTERM, so a stack stops its
     * children and services itself; whatever is left of its process tree is then killed, so no
     * test leaves proctypes or embedded services running on the machine.
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                process.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
