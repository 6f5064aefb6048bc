package dev.kubeha.operation;

import dev.kubeha.exec.RunLog;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The front end's answer to "trust this new host key?", with what was answered remembered: keys
 * trusted go to the run's log, keys refused to the outcome (the front end says how to check them).
 * A changed key never gets here: the transport aborts the run. Called on the SSH library's
 * threads; one question at a time.
 */
final class HostKeyRecord implements HostKeyPolicy {
    private final HostKeyPolicy question;
    private final List<String> accepted = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private RunLog log;

    HostKeyRecord(HostKeyPolicy question) {
        this.question = question;
    }

    @Override
    public synchronized boolean acceptNew(SshTarget target, String keyType, String fingerprint) {
        String key = target.describe() + ": " + keyType + " " + fingerprint;
        boolean yes = question.acceptNew(target, keyType, fingerprint);
        if (yes) {
            accepted.add(key);
            if (log != null) {
                log.line("accepted the new host key of " + key);
            }
        } else if (!refused.contains(key)) {
            refused.add(key);
        }
        return yes;
    }

    /** From now on trusted keys also go to {@code value}; those trusted before are written at once. */
    synchronized void logTo(RunLog value) {
        log = value;
        if (value != null) {
            accepted.forEach(k -> value.line("accepted the new host key of " + k));
        }
    }

    /** {@code node master0 (root@10.0.0.20:22): ssh-ed25519 SHA256:...}, each key refused so far. */
    synchronized List<String> refused() {
        return List.copyOf(refused);
    }
}
