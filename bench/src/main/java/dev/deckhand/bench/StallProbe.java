package dev.deckhand.bench;

import java.util.Arrays;

/**
 * Measures how late a thread that sleeps 1 ms at a time wakes up: on a shared, oversubscribed host
 * this is the scheduling noise that every latency figure measured at the same time also contains.
 */
final class StallProbe {

    private final long[] lateMicros = new long[200_000];
    private volatile boolean stop;
    private int n;
    private final Thread thread;

    private StallProbe() {
        thread = new Thread(() -> {
            while (!stop && n < lateMicros.length) {
                long t0 = System.nanoTime();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
                lateMicros[n++] = Math.max(0, (System.nanoTime() - t0) / 1000 - 1000);
            }
        }, "stall-probe");
        thread.setDaemon(true);
    }

    static StallProbe start() {
        StallProbe p = new StallProbe();
        p.thread.start();
        return p;
    }

    /** @return {p99, max} lateness in ms */
    double[] stop() throws InterruptedException {
        stop = true;
        thread.join();
        long[] v = Arrays.copyOf(lateMicros, Math.max(1, n));
        Arrays.sort(v);
        return new double[] {v[Math.max(0, (int) Math.ceil(0.99 * v.length) - 1)] / 1000.0, v[v.length - 1] / 1000.0};
    }
}
