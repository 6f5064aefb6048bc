package dev.kubeha.exec;

import java.time.Duration;

/**
 * Bounded exponential backoff for transport faults: attempt n waits
 * {@code min(initialDelay * multiplier^(n-1), maxDelay)} before the next one.
 *
 * @param maxAttempts total attempts of one step or connect, the first included
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(15));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialDelay.isNegative() || maxDelay.isNegative() || multiplier < 1.0) {
            throw new IllegalArgumentException("delays must not be negative and the multiplier at least 1");
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }

    public boolean mayRetryAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
