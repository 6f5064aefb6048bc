package dev.kubeha.ui.fx;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import javafx.application.Platform;

/**
 * A question the engine's threads need answered in the middle of a run (a host key, a key
 * passphrase): the calling thread waits while the FX thread shows it. The FX thread itself never
 * waits: asked from it, the answer is the fallback.
 */
public final class FxQuestion {
    private FxQuestion() {
    }

    public static <T> T ask(Supplier<T> question, T fallback) {
        if (Platform.isFxApplicationThread()) {
            return fallback;
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                answer.complete(question.get());
            } catch (RuntimeException e) {
                answer.complete(fallback);
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        } catch (ExecutionException e) {
            return fallback;
        }
    }
}
