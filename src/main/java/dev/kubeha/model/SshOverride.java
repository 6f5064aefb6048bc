package dev.kubeha.model;

/** Per-node SSH settings; every value left out falls back to the cluster-wide {@link SshSettings}. */
public record SshOverride(String user, Integer port, String identityFile, Boolean sudo) {
}
