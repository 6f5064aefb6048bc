package dev.kubeha.model;

import java.nio.file.Path;

/**
 * Where kubeha keeps what it makes for a cluster (PKI, journal, logs, known_hosts, admin.conf)
 * when the user names no workspace: {@code ~/.kubeha/<cluster name>}. The CLI and the wizard
 * both take it from here.
 */
public final class Workspaces {
    private Workspaces() {
    }

    /** kubeha's own directory in the user's home: {@code ~/.kubeha}. */
    public static Path home() {
        return Path.of(System.getProperty("user.home"), ".kubeha");
    }

    public static Path defaultFor(Cluster cluster) {
        return home().resolve(cluster.name());
    }
}
