package dev.deckhand.steps;

import jakarta.inject.Singleton;

import java.util.Map;

/**
 * {@code wait}: pauses {@code seconds} (0..3600), checking every 100 ms whether the run must stop.
 * A stopped wait has not completed: it throws {@link InterruptedException} (never a result), so
 * the run decides: a user's cancel records it as skipped, a hand-back (shutdown, lost lease)
 * leaves it unrecorded and the next attempt waits again.
 */
@Singleton
public class WaitStepKind implements StepKind {

    @Override
    public String name() {
        return "wait";
    }

    /** The wait itself (it stops within 100 ms of being told to). */
    @Override
    public java.time.Duration longest(Map<String, Object> config) {
        return java.time.Duration.ofMillis((long) (seconds(config) * 1000));
    }

    @Override
    public void validate(Map<String, Object> config) {
        seconds(config);
    }

    @Override
    public StepOutcome execute(StepRun run) throws InterruptedException {
        double seconds = seconds(run.config());
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        run.log().accept("waiting " + seconds + " s");
        while (System.nanoTime() < deadline) {
            if (run.cancelRequested().getAsBoolean()) {
                throw new InterruptedException("stopped while waiting");
            }
            Thread.sleep(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
        }
        return StepOutcome.ok("waited " + seconds + " s");
    }

    static double seconds(Map<String, Object> config) {
        Object v = config.getOrDefault("seconds", 0);
        double s;
        try {
            s = Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("wait: seconds must be a number");
        }
        if (s < 0 || s > 3600) {
            throw new IllegalArgumentException("wait: seconds must be between 0 and 3600");
        }
        return s;
    }
}
