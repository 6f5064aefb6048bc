package dev.kubeha.cli;

import dev.kubeha.exec.Redactor;
import dev.kubeha.exec.ssh.SshSecrets;
import dev.kubeha.exec.ssh.SshTarget;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets of a run, which never go into cluster.json: from environment variables for scripts,
 * else asked on the console (without echo) when there is one. Each is registered with the run's
 * redactor, so that it is masked wherever it might show up. The transport wipes the arrays it is
 * given, so every answer hands out a copy.
 */
final class RunSecrets {
    static final String SSH_PASSWORD = "KUBEHA_SSH_PASSWORD";
    static final String KEY_PASSPHRASE = "KUBEHA_SSH_KEY_PASSPHRASE";
    static final String SUDO_PASSWORD = "KUBEHA_SUDO_PASSWORD";

    private final Terminal terminal;
    private final Redactor redactor;
    private final Map<Path, char[]> passphrases = new HashMap<>();
    private char[] loginPassword;
    private char[] sudoPassword;

    RunSecrets(Terminal terminal, Redactor redactor) {
        this.terminal = terminal;
        this.redactor = redactor;
    }

    /**
     * Asks now for what the targets will need, so that no question interrupts the run: the login
     * password when a node has no key file, the sudo password when a node logs in as another user
     * than root. A sudo password is only ever passed when one was given: with passwordless sudo,
     * the password line would reach the command's standard input instead.
     *
     * @throws CommandFailure (exit 2) when a node needs a password that neither the environment
     *                        nor a console can give
     */
    void gather(Collection<SshTarget> targets) throws CommandFailure {
        List<String> withoutKey = targets.stream().filter(t -> t.identityFile() == null).map(SshTarget::node).toList();
        if (!withoutKey.isEmpty()) {
            loginPassword = fromEnvironment(SSH_PASSWORD).orElseGet(() ->
                    ask("SSH password for node" + (withoutKey.size() == 1 ? " " : "s ") + String.join(", ", withoutKey) + ": "));
            if (loginPassword == null || loginPassword.length == 0) {
                throw CommandFailure.usage("node" + (withoutKey.size() == 1 ? " " : "s ") + String.join(", ", withoutKey)
                        + " log in without a key file (no ssh.identityFile), and no password was given: set " + SSH_PASSWORD
                        + ", run in a terminal to be asked, or set ssh.identityFile");
            }
        }
        if (targets.stream().anyMatch(SshTarget::sudo)) {
            sudoPassword = fromEnvironment(SUDO_PASSWORD).orElseGet(() ->
                    ask("sudo password on the nodes (empty for passwordless sudo): "));
            if (sudoPassword != null && sudoPassword.length == 0) {
                sudoPassword = null;
            }
        }
    }

    SshSecrets sshSecrets() {
        return new SshSecrets(this::passphrase, t -> copy(loginPassword), t -> copy(sudoPassword));
    }

    /** Asked only when sshj finds the key encrypted; once per key file, one question at a time. */
    private synchronized char[] passphrase(SshTarget target) {
        Path key = target.identityFile();
        if (!passphrases.containsKey(key)) {
            passphrases.put(key, fromEnvironment(KEY_PASSPHRASE).orElseGet(() -> ask("Passphrase for " + key + ": ")));
        }
        return copy(passphrases.get(key));
    }

    private Optional<char[]> fromEnvironment(String name) {
        Optional<char[]> value = terminal.variable(name).map(String::toCharArray);
        value.ifPresent(redactor::register);
        return value;
    }

    private char[] ask(String prompt) {
        if (!terminal.interactive()) {
            return null;
        }
        char[] answer = terminal.readPassword(prompt);
        redactor.register(answer);
        return answer;
    }

    private static char[] copy(char[] secret) {
        return secret == null ? null : Arrays.copyOf(secret, secret.length);
    }
}
