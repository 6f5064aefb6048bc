package dev.kubeha.model;

/**
 * Where the nodes pull their container images from, for a site with its own registry.
 *
 * @param registry   {@code host:port} of the site's registry (HTTPS): kubeadm's
 *                   {@code imageRepository} and containerd's sandbox image point there, and
 *                   containerd's host configuration sends the pulls of every other registry the
 *                   cluster's images come from (the CNI's) there too. {@code kubeha images push}
 *                   fills it from a bundle. Null: every image comes from its own registry.
 * @param registryCa a PEM file with the CA that signed the registry's certificate (relative to the
 *                   cluster file), installed for containerd on every node; null when the nodes
 *                   already trust it
 */
public record ImageSettings(String registry, String registryCa) {

    public boolean siteRegistry() {
        return registry != null && !registry.isBlank();
    }
}
