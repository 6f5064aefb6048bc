package dev.kubeha.demo;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the simulated work takes: a random time between {@code min} and {@code max} for each
 * unit of work. The demo runs at a pace a person can follow; tests run at {@link #NONE}.
 */
public record Pace(Duration min, Duration max) {
    /** No waiting at all: for tests. */
    public static final Pace NONE = new Pace(Duration.ZERO, Duration.ZERO);
    /** A visible pace for the demo window: each step takes a fraction of a second to two seconds. */
    public static final Pace DEMO = new Pace(Duration.ofMillis(200), Duration.ofMillis(900));

    public Pace {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("pace: need 0 <= min <= max, not " + min + " and " + max);
        }
    }

    /** Waits for {@code units} units of work (e.g. 0.25 for a quick check, 2 for an installation). */
    void work(double units) throws InterruptedException {
        if (max.isZero() || units <= 0) {
            return;
        }
        long low = min.toMillis();
        long high = max.toMillis();
        long each = low == high ? low : ThreadLocalRandom.current().nextLong(low, high + 1);
        // Simulated work, not synchronisation: nothing waits for anything to happen here.
        Thread.sleep(Math.round(each * units));
    }
}
