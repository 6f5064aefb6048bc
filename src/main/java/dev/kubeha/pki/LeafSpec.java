package dev.kubeha.pki;

import java.util.List;
import java.util.Objects;

/**
 * Everything that decides a leaf certificate's content, except its key and validity (those come
 * from the cluster's PKI settings). Two certificates with equal specs are interchangeable.
 *
 * @param id           workspace path without extension, e.g. {@code etcd/etcd0/server}
 * @param node         the node it belongs to, or null for a cluster-wide certificate
 * @param keyGroup     leaves with the same key group share one private key (see {@link PkiRequirements})
 * @param dnsNames     subject alternative names of type DNS, in order
 * @param ipAddresses  subject alternative names of type IP, canonical text, in order
 */
public record LeafSpec(
        String id,
        LeafKind kind,
        String node,
        String commonName,
        List<String> organizations,
        List<String> dnsNames,
        List<String> ipAddresses,
        String keyGroup) {

    public LeafSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(keyGroup, "keyGroup");
        organizations = List.copyOf(organizations);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /** Every leaf is signed by the etcd CA: the Kubernetes CAs' leaves are kubeadm's to make. */
    public CaKind issuer() {
        return CaKind.ETCD;
    }

    public String certificatePath() {
        return id + ".crt";
    }

    public String keyPath() {
        return id + ".key";
    }
}
