package dev.kubeha.ui.install;

import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.ui.fx.FxQuestion;

/**
 * Asks the user about a host key seen for the first time, on the FX thread while the SSH
 * library's thread waits. One question at a time; a failure to ask is a refusal.
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
        return FxQuestion.ask(() -> question.trust(target, keyType, fingerprint), false);
    }
}
