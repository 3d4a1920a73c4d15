package dev.deckhand.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Starts {@link BenchWorkerMain} processes (separate JVMs) and stops them with SIGTERM. */
final class WorkerFleet implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();

    WorkerFleet(int count, String redisUrl, String queues) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        List<CountDownLatch> latches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx1g"));
            String extra = System.getenv("BENCH_WORKER_JVM_OPTS");
            if (extra != null && !extra.isBlank()) {
                cmd.addAll(List.of(extra.trim().split("\\s+")));
            }
            cmd.addAll(List.of("-cp", cp, BenchWorkerMain.class.getName(), redisUrl, queues));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            processes.add(p);
            CountDownLatch ready = new CountDownLatch(1);
            Thread pump = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.contains("READY")) {
                            ready.countDown();
                        } else {
                            System.err.println("[worker " + p.pid() + "] " + line);
                        }
                    }
                } catch (IOException ignored) {
                    // gone
                }
            });
            pump.setDaemon(true);
            pump.start();
            latches.add(ready);
        }
        // Started in parallel, then awaited: the processes begin consuming at about the same time.
        for (CountDownLatch ready : latches) {
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("bench worker did not start");
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : processes) {
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

}
