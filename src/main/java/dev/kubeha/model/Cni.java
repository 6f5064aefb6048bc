package dev.kubeha.model;

/**
 * The pod network (CNI plugin) kubeha applies after {@code kubeadm init}.
 *
 * @param manifest a path to a manifest file (relative to the cluster file, {@code ~} allowed), or
 *                 an http(s) URL that the first control-plane node downloads itself
 */
public record Cni(String manifest) {

    /** Whether the manifest is fetched by the node rather than read from this machine. */
    public boolean remote() {
        return manifest != null && (manifest.startsWith("https://") || manifest.startsWith("http://"));
    }
}
