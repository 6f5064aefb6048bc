package dev.kubeha.pki;

/** The certificates signed by the etcd CA, and what each may be used for. */
public enum LeafKind {
    /** etcd's client-facing TLS; also a client, as kubeadm makes it. */
    ETCD_SERVER("etcd server", true),
    /** etcd member-to-member TLS, both directions. */
    ETCD_PEER("etcd peer", true),
    ETCD_HEALTHCHECK_CLIENT("etcd healthcheck client", false),
    APISERVER_ETCD_CLIENT("API server etcd client", false),
    /** For the operator's own {@code etcdctl}; never copied to a node. */
    ETCDCTL_CLIENT("etcdctl client", false);

    private final String displayName;
    private final boolean serverAuth;

    LeafKind(String displayName, boolean serverAuth) {
        this.displayName = displayName;
        this.serverAuth = serverAuth;
    }

    public String displayName() {
        return displayName;
    }

    /** Server certificates carry serverAuth and clientAuth; client certificates clientAuth only. */
    public boolean serverAuth() {
        return serverAuth;
    }
}
