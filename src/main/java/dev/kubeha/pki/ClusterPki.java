package dev.kubeha.pki;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The PKI of one cluster, as kept in its workspace: the three CAs, the service-account key pair,
 * the leaves its topology needs (see {@link PkiRequirements}) and the join material. The
 * renderer places these bytes on the nodes; {@link NodePkiFiles} says which go where.
 */
public record ClusterPki(Map<CaKind, CertificateAuthority> cas, ServiceAccountKeys serviceAccount,
                         List<Leaf> leaves, JoinMaterial joinMaterial) {

    public ClusterPki {
        cas = Map.copyOf(new EnumMap<>(cas));
        for (CaKind kind : CaKind.values()) {
            if (!cas.containsKey(kind)) {
                throw new IllegalArgumentException("the " + kind.displayName() + " is missing");
            }
        }
        Objects.requireNonNull(serviceAccount, "serviceAccount");
        leaves = List.copyOf(leaves);
        Objects.requireNonNull(joinMaterial, "joinMaterial");
    }

    public CertificateAuthority ca(CaKind kind) {
        return cas.get(kind);
    }

    /** A leaf by its workspace id, e.g. {@code etcd/etcd0/server}. */
    public Optional<Leaf> leaf(String id) {
        return leaves.stream().filter(l -> l.spec().id().equals(id)).findFirst();
    }

    /** The etcd server certificate of a member (external etcd only). */
    public Optional<Leaf> etcdServer(String node) {
        return leaf(PkiRequirements.serverId(node));
    }

    /** The etcd peer certificate of a member (external etcd only). */
    public Optional<Leaf> etcdPeer(String node) {
        return leaf(PkiRequirements.peerId(node));
    }

    /** The healthcheck client certificate of a member (external etcd only). */
    public Optional<Leaf> etcdHealthcheckClient(String node) {
        return leaf(PkiRequirements.healthcheckClientId(node));
    }

    /** Shared by every control-plane node (external etcd only). */
    public Optional<Leaf> apiserverEtcdClient() {
        return leaf(PkiRequirements.APISERVER_ETCD_CLIENT);
    }

    /** The operator's etcdctl client; stays in the workspace. */
    public Leaf etcdctlClient() {
        return leaf(PkiRequirements.ETCDCTL_CLIENT).orElseThrow();
    }

    /** Every certificate of the cluster, CAs first. */
    public List<CertificateInfo> certificates() {
        List<CertificateInfo> all = new ArrayList<>();
        for (CaKind kind : CaKind.values()) {
            all.add(CertificateInfo.of(kind.certificatePath(), cas.get(kind).certificate()));
        }
        for (Leaf leaf : leaves) {
            all.add(CertificateInfo.of(leaf.spec().certificatePath(), leaf.certificate()));
        }
        return all;
    }
}
