package dev.kubeha.ui.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs background work on the calling thread, so a test sees the result at once. */
public final class CurrentThreadExecutor implements UiExecutor {
    @Override
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(result);
    }
}
