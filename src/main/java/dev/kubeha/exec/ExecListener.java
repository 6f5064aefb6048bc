package dev.kubeha.exec;

/**
 * Receives the events of a run. Called from the executor's threads, never while the executor holds
 * a lock, and possibly from several threads at once: implementations must be thread-safe and should
 * return quickly (a UI queues the event and coalesces on its own thread).
 */
@FunctionalInterface
public interface ExecListener {
    void onEvent(ExecEvent event);
}
