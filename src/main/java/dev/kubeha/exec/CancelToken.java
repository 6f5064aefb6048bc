package dev.kubeha.exec;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A run's cancellation flag; every wait of the executor (backoff, polling) ends early when it is set. */
public final class CancelToken {
    private final CountDownLatch cancelled = new CountDownLatch(1);

    public void cancel() {
        cancelled.countDown();
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Waits for {@code duration} unless cancelled first; returns false when cancelled. */
    public boolean sleep(Duration duration) {
        try {
            return !cancelled.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
