package dev.kubeha.exec.ssh;

import java.util.function.Function;

/**
 * Secrets asked for at run time, never stored in cluster.json: the key passphrase, the login
 * password and the sudo password. Each is asked for per target and may be null (none). The
 * transport wipes the arrays it received once it has used them.
 */
public record SshSecrets(Function<SshTarget, char[]> keyPassphrase, Function<SshTarget, char[]> loginPassword,
                         Function<SshTarget, char[]> sudoPassword) {
    public static final SshSecrets NONE = new SshSecrets(t -> null, t -> null, t -> null);

    public SshSecrets {
        keyPassphrase = keyPassphrase == null ? t -> null : keyPassphrase;
        loginPassword = loginPassword == null ? t -> null : loginPassword;
        sudoPassword = sudoPassword == null ? t -> null : sudoPassword;
    }

    @Override
    public String toString() {
        return "SshSecrets[****]";
    }
}
