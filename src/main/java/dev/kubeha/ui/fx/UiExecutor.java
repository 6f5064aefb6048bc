package dev.kubeha.ui.fx;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread and hands the result back on it. Views and view models get one
 * injected, so that tests can run everything on the calling thread.
 */
public interface UiExecutor {

    <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure);
}
