package dev.kubeha.model;

import java.util.List;
import java.util.Objects;

/**
 * One host of the cluster.
 *
 * @param host             where the installer reaches the node over SSH (IP address or DNS name)
 * @param privateAddress   the address on the private interface; null when it is to be detected
 * @param publicAddress    an extra address that goes into the node's certificates when known
 * @param privateInterface overrides the cluster-wide private interface for this node
 * @param ssh              overrides the cluster-wide SSH settings for this node
 */
public record Node(
        String name,
        String host,
        String privateAddress,
        String publicAddress,
        List<Role> roles,
        String privateInterface,
        SshOverride ssh) {

    public Node {
        // A role the reader could not understand is reported as a problem and dropped here.
        roles = roles == null ? List.of() : roles.stream().filter(Objects::nonNull).toList();
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }
}
