package dev.deckhand.jobqueue.fault;

import dev.deckhand.jobqueue.testsupport.FaultWorkerMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Starts real worker JVMs ({@link FaultWorkerMain}) on this test's classpath and signals them. */
final class WorkerProcesses implements AutoCloseable {

    private final List<Process> started = new ArrayList<>();
    private final java.util.Map<Process, Path> logs = new java.util.concurrent.ConcurrentHashMap<>();

    Process start(String redisUrl, String queues, long visibilityMs, long drainMs) throws IOException, InterruptedException {
        return start(FaultWorkerMain.class, redisUrl, queues, Long.toString(visibilityMs), Long.toString(drainMs));
    }

    /** Starts {@code main} with {@code args} on this test's classpath; returns once it printed READY. */
    Process start(Class<?> main, String... args) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("dh-worker-", ".log");
        log.toFile().deleteOnExit(); // kept while the test JVM runs, for diagnosing failures
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        started.add(p);
        logs.put(p, log);
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    if (line.contains("READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "worker-output-" + p.pid());
        pump.setDaemon(true);
        pump.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("worker did not become ready; output in " + log);
        }
        return p;
    }

    /** Everything the process printed so far. */
    String output(Process p) throws IOException {
        return Files.readString(logs.get(p), StandardCharsets.UTF_8);
    }

    static void signal(Process p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " failed");
        }
    }

    @Override
    public void close() {
        for (Process p : started) {
            if (p.isAlive()) {
                try {
                    signal(p, "CONT");
                } catch (Exception ignored) {
                    // best effort
                }
                p.destroyForcibly();
            }
        }
    }
}
