package dev.kubeha.model;

/**
 * Cluster-wide SSH access. Missing values take the defaults: user {@code root}, port 22,
 * sudo when the user is not root.
 *
 * @param identityFile private key path; {@code ~} stands for the home directory; null means
 *                     the SSH agent or a password given at run time (passwords never go here)
 */
public record SshSettings(String user, Integer port, String identityFile, Boolean sudo) {
    public static final String DEFAULT_USER = "root";
    public static final int DEFAULT_PORT = 22;

    public SshSettings {
        if (user == null) {
            user = DEFAULT_USER;
        }
        if (port == null) {
            port = DEFAULT_PORT;
        }
        if (sudo == null) {
            sudo = !"root".equals(user);
        }
    }

    public static SshSettings defaults() {
        return new SshSettings(null, null, null, null);
    }

    /** These settings with the non-null values of a node's override applied. */
    public SshSettings with(SshOverride override) {
        if (override == null) {
            return this;
        }
        String effectiveUser = override.user() != null ? override.user() : user;
        Boolean effectiveSudo = override.sudo() != null ? override.sudo()
                : (override.user() != null ? null : sudo);
        return new SshSettings(
                effectiveUser,
                override.port() != null ? override.port() : port,
                override.identityFile() != null ? override.identityFile() : identityFile,
                effectiveSudo);
    }
}
