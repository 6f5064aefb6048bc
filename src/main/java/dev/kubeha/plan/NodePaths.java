package dev.kubeha.plan;

/**
 * Paths on the nodes that the plan's commands refer to. They are the contract between the
 * renderers (which produce these files) and the graph builder (which runs them).
 */
public final class NodePaths {
    /** Idempotent node preparation script, run with bash. */
    public static final String PREPARE_SCRIPT = "/etc/kubeha/prepare-node.sh";
    /** kubeadm InitConfiguration/ClusterConfiguration on master0, JoinConfiguration elsewhere. */
    public static final String KUBEADM_CONFIG = "/etc/kubeha/kubeadm.yaml";
    /** The CNI manifest when it comes from a file. */
    public static final String CNI_MANIFEST = "/etc/kubeha/cni.yaml";
    public static final String ADMIN_CONF = "/etc/kubernetes/admin.conf";
    public static final String KUBELET_CONF = "/etc/kubernetes/kubelet.conf";
    public static final String ETCD_CA = "/etc/kubernetes/pki/etcd/ca.crt";
    public static final String ETCD_HEALTHCHECK_CERT = "/etc/kubernetes/pki/etcd/healthcheck-client.crt";
    public static final String ETCD_HEALTHCHECK_KEY = "/etc/kubernetes/pki/etcd/healthcheck-client.key";
    /** Name of the fetched kubeconfig in the workspace. */
    public static final String ADMIN_CONF_IN_WORKSPACE = "admin.conf";

    private NodePaths() {
    }
}
