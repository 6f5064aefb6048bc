package dev.kubeha.operation;

import dev.kubeha.exec.Redactor;
import dev.kubeha.exec.ssh.SshSecrets;
import dev.kubeha.exec.ssh.SshTarget;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets of one operation, which never go into cluster.json or a file: the login password,
 * the sudo password and each key file's passphrase. They come from a {@link Source} (the
 * environment and the console for the command line, dialogs for the window), are asked at most
 * once each (a passphrase once per key file, one question at a time), are registered with the
 * operation's {@link #redactor()} the moment they are known, and are wiped by {@link #close()}.
 * The transport wipes what it is given, so every answer it gets is a copy.
 */
public final class Secrets implements AutoCloseable {

    public enum Kind { LOGIN_PASSWORD, SUDO_PASSWORD, KEY_PASSPHRASE }

    /**
     * Where a secret comes from when the operation needs it.
     * {@code subject} says for what: the nodes that log in with a password, or the key file.
     * Returns null when nobody can or will answer.
     */
    @FunctionalInterface
    public interface Source {
        Source NONE = (kind, subject) -> null;

        char[] get(Kind kind, String subject);
    }

    /** Nodes need a login password and none was given; nothing was started. */
    public static final class MissingSecretException extends Exception {
        private final transient List<String> nodes;

        MissingSecretException(List<String> nodes) {
            super("node" + (nodes.size() == 1 ? " " : "s ") + String.join(", ", nodes)
                    + " log in without a key file (no ssh.identityFile), and no password was given");
            this.nodes = List.copyOf(nodes);
        }

        public List<String> nodes() {
            return nodes;
        }
    }

    private final Source source;
    private final Redactor redactor = new Redactor();
    private final Map<Path, char[]> passphrases = new HashMap<>();
    private char[] loginPassword;
    private char[] sudoPassword;
    private boolean loginKnown;
    private boolean sudoKnown;

    private Secrets(Source source) {
        this.source = source;
    }

    /** Secrets asked from {@code source} when needed. */
    public static Secrets from(Source source) {
        return new Secrets(source == null ? Source.NONE : source);
    }

    /** Masks every secret this holder knows, and those registered with {@link #register}. */
    public Redactor redactor() {
        return redactor;
    }

    /** A secret the operation learns elsewhere (a bootstrap token) is masked like the others. */
    public void register(String secret) {
        redactor.register(secret);
    }

    /**
     * Answers given up front (the window's install dialog): copied, so the caller wipes its arrays
     * at once. Null or empty means none; a sudo password is only ever passed when one was given,
     * since with passwordless sudo the password line would reach the command's standard input.
     */
    public synchronized Secrets give(Kind kind, char[] value) {
        char[] copy = value == null || value.length == 0 ? null : value.clone();
        redactor.register(copy);
        switch (kind) {
            case LOGIN_PASSWORD -> {
                wipe(loginPassword);
                loginPassword = copy;
                loginKnown = true;
            }
            case SUDO_PASSWORD -> {
                wipe(sudoPassword);
                sudoPassword = copy;
                sudoKnown = true;
            }
            case KEY_PASSPHRASE -> throw new IllegalArgumentException("a passphrase belongs to a key file: it is asked for");
        }
        return this;
    }

    /**
     * Asks now for what the targets will need, so that no question interrupts the run: the login
     * password when a node has no key file, the sudo password when a node logs in as another user
     * than root (empty: passwordless sudo). Passphrases are asked only when a key turns out to be
     * encrypted.
     *
     * @throws MissingSecretException when nodes need a login password and the source gives none
     */
    public synchronized void gather(Collection<SshTarget> targets) throws MissingSecretException {
        List<String> withoutKey = targets.stream().filter(t -> t.identityFile() == null).map(SshTarget::node).toList();
        if (!withoutKey.isEmpty() && !loginKnown) {
            give(Kind.LOGIN_PASSWORD, ask(Kind.LOGIN_PASSWORD, String.join(", ", withoutKey)));
        }
        if (!withoutKey.isEmpty() && loginPassword == null) {
            throw new MissingSecretException(withoutKey);
        }
        if (targets.stream().anyMatch(SshTarget::sudo) && !sudoKnown) {
            give(Kind.SUDO_PASSWORD, ask(Kind.SUDO_PASSWORD, ""));
        }
    }

    /** What the SSH transport asks for; every answer a copy. */
    public SshSecrets ssh() {
        return new SshSecrets(this::passphrase, t -> copy(login()), t -> copy(sudo()));
    }

    private synchronized char[] login() {
        return loginPassword;
    }

    private synchronized char[] sudo() {
        return sudoPassword;
    }

    /** Asked only when sshj finds the key encrypted; once per key file (no second question after a refusal). */
    private synchronized char[] passphrase(SshTarget target) {
        Path key = target.identityFile();
        if (!passphrases.containsKey(key)) {
            passphrases.put(key, ask(Kind.KEY_PASSPHRASE, String.valueOf(key)));
        }
        return copy(passphrases.get(key));
    }

    private char[] ask(Kind kind, String subject) {
        char[] answer = source.get(kind, subject);
        redactor.register(answer);
        return answer;
    }

    /** Wipes every secret held; the redactor keeps masking what it saw. */
    @Override
    public synchronized void close() {
        wipe(loginPassword);
        wipe(sudoPassword);
        passphrases.values().forEach(Secrets::wipe);
        passphrases.clear();
        loginPassword = null;
        sudoPassword = null;
        loginKnown = false;
        sudoKnown = false;
    }

    private static char[] copy(char[] secret) {
        return secret == null ? null : Arrays.copyOf(secret, secret.length);
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }

    @Override
    public String toString() {
        return "Secrets[****]";
    }
}
