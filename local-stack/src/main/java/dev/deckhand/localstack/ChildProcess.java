package dev.deckhand.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** One proctype jar running as a child process, its output prefixed with its name. */
final class ChildProcess {

    private final String name;
    private final Process process;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static ChildProcess start(String name, Path jar, Path root, Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-jar", jar.toString()))
                .directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            ChildProcess child = new ChildProcess(name, p);
            Thread pump = new Thread(child::pump, name + "-output");
            pump.setDaemon(true);
            pump.start();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private void pump() {
        String prefix = String.format("%-10s| ", name);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println(prefix + line);
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    String name() {
        return name;
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    void onExit(IntConsumer callback) {
        process.onExit().thenAccept(p -> callback.accept(p.exitValue()));
    }

    /** Exit status, or -1 while running. */
    int exitStatus() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGTERM: the proctype drains and exits by itself. */
    void terminate() {
        process.destroy();
    }

    void awaitExit(int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                LocalStack.log(name + " did not stop within " + seconds + " s; killing");
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
