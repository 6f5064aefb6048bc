package dev.kubeha.cli;

import dev.kubeha.operation.Secrets;
import java.util.Optional;

/**
 * Where the command line takes the secrets of an operation from, which never go into cluster.json:
 * environment variables for scripts, else the console (without echo) when there is one. What to
 * ask when, how often, the masking and the wiping are {@link Secrets}' work.
 */
final class RunSecrets implements Secrets.Source {
    static final String SSH_PASSWORD = "KUBEHA_SSH_PASSWORD";
    static final String KEY_PASSPHRASE = "KUBEHA_SSH_KEY_PASSPHRASE";
    static final String SUDO_PASSWORD = "KUBEHA_SUDO_PASSWORD";

    private final Terminal terminal;

    RunSecrets(Terminal terminal) {
        this.terminal = terminal;
    }

    /** The operation's secrets, from the environment or the console. */
    static Secrets of(Terminal terminal) {
        return Secrets.from(new RunSecrets(terminal));
    }

    @Override
    public char[] get(Secrets.Kind kind, String subject) {
        return switch (kind) {
            case LOGIN_PASSWORD -> fromEnvironment(SSH_PASSWORD).orElseGet(() ->
                    ask("SSH password for node" + (subject.contains(", ") ? "s " : " ") + subject + ": "));
            case SUDO_PASSWORD -> fromEnvironment(SUDO_PASSWORD).orElseGet(() ->
                    ask("sudo password on the nodes (empty for passwordless sudo): "));
            case KEY_PASSPHRASE -> fromEnvironment(KEY_PASSPHRASE).orElseGet(() -> ask("Passphrase for " + subject + ": "));
        };
    }

    /**
     * The message for nodes that need a login password nobody gave: which nodes and the three ways out.
     */
    static String missingLogin(Secrets.MissingSecretException e) {
        return e.getMessage() + ": set " + SSH_PASSWORD + ", run in a terminal to be asked, or set ssh.identityFile";
    }

    private Optional<char[]> fromEnvironment(String name) {
        return terminal.variable(name).map(String::toCharArray);
    }

    private char[] ask(String prompt) {
        return terminal.interactive() ? terminal.readPassword(prompt) : null;
    }
}
