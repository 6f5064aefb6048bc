package dev.kubeha.ui.fx;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;

/** The real {@link UiExecutor}: a pool of daemon threads, results delivered with {@code Platform.runLater}. */
public final class FxUiExecutor implements UiExecutor, AutoCloseable {
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubeha-background");
        t.setDaemon(true);
        return t;
    });

    @Override
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
        if (pool.isShutdown()) {
            // The application is stopping (a window hidden after stop() remembers its place): dropped.
            return;
        }
        pool.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Exception e) {
                Platform.runLater(() -> onFailure.accept(e));
            }
        });
    }

    /** Lets work already started (the settings written as the window closed) finish for a moment, then stops the rest. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
    }
}
