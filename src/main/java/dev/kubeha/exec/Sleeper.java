package dev.kubeha.exec;

import java.time.Duration;

/** How the executor waits between attempts; tests substitute one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = (duration, token) -> token.sleep(duration);

    /** Waits, unless the run is cancelled first; false when cancelled. */
    boolean sleep(Duration duration, CancelToken token);
}
