package dev.kubeha.cli;

import dev.kubeha.exec.ExecOptions;
import dev.kubeha.operation.OperationRun;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C while an operation runs: its tasks are stopped cleanly, so that the journal tells the
 * next run the truth, and the JVM waits until the command has reported (its {@link #close()}).
 * Used around the run and its report by apply, reset and remove-node.
 */
final class CancelOnInterrupt implements AutoCloseable {
    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;

    CancelOnInterrupt(OperationRun run) {
        hook = new Thread(() -> {
            run.cancel();
            try {
                reported.await(ExecOptions.DEFAULT_CANCEL_GRACE.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "kubeha-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command has reported: a running hook ends, and none runs any more. */
    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (Ctrl-C): it ends once it sees the latch.
        }
    }
}
