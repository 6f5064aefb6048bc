package dev.kubeha.ui;

import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;

/**
 * Asks the user about a host key seen for the first time. Called on the SSH library's threads:
 * the calling thread waits while the FX thread shows the question (the FX thread itself never
 * waits). One question at a time; a failure to ask is a refusal.
 */
final class FxHostKeyPolicy implements HostKeyPolicy {

    /** Shows the question; runs on the FX thread. */
    @FunctionalInterface
    interface Question {
        boolean trust(SshTarget target, String keyType, String fingerprint);
    }

    private final Question question;

    FxHostKeyPolicy(Question question) {
        this.question = question;
    }

    @Override
    public synchronized boolean acceptNew(SshTarget target, String keyType, String fingerprint) {
        if (Platform.isFxApplicationThread()) {
            return false; // never block the FX thread; SSH connects in the background only
        }
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                answer.complete(question.trust(target, keyType, fingerprint));
            } catch (RuntimeException e) {
                answer.complete(false);
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }
}
