package dev.kubeha.plan;

/**
 * Paths on the nodes that the plan's commands refer to. Files the renderers make are named by
 * {@link dev.kubeha.render.NodePaths}; these constants point there, so the two cannot drift.
 */
public final class NodePaths {
    /** Idempotent node preparation script, run with bash. */
    public static final String PREPARE_SCRIPT = dev.kubeha.render.NodePaths.PREPARE_NODE;
    /** Installs the etcd binary of the configured version (systemd runtime), run with bash. */
    public static final String INSTALL_ETCD_SCRIPT = dev.kubeha.render.NodePaths.INSTALL_ETCD;
    /** Packages and release tarballs brought from the workstation or a bundle. */
    public static final String PACKAGES_DIR = dev.kubeha.render.NodePaths.PACKAGES_DIR;
    public static final String IMAGES_DIR = dev.kubeha.render.NodePaths.IMAGES_DIR;
    public static final String CONTAINERD_CERTS_DIR = dev.kubeha.render.NodePaths.CONTAINERD_CERTS_DIR;
    public static final String IMPORT_IMAGES_SCRIPT = dev.kubeha.render.NodePaths.IMPORT_IMAGES;
    public static final String IMAGES_LIST = dev.kubeha.render.NodePaths.IMAGES_LIST;
    /** kubeadm InitConfiguration/ClusterConfiguration on master0, JoinConfiguration elsewhere. */
    public static final String KUBEADM_CONFIG = dev.kubeha.render.NodePaths.KUBEADM_CONFIG;
    public static final String BOOTSTRAP_TOKEN_CONFIG = dev.kubeha.render.NodePaths.BOOTSTRAP_TOKEN_CONFIG;
    /** The CNI manifest when it comes from a file. */
    public static final String CNI_MANIFEST = "/etc/kubeha/cni.yaml";
    public static final String ADMIN_CONF = "/etc/kubernetes/admin.conf";
    public static final String KUBELET_CONF = "/etc/kubernetes/kubelet.conf";
    public static final String ETCD_CA = dev.kubeha.render.NodePaths.ETCD_CA_CERT;
    public static final String ETCD_HEALTHCHECK_CERT = dev.kubeha.render.NodePaths.ETCD_PKI_DIR + "/healthcheck-client.crt";
    public static final String ETCD_HEALTHCHECK_KEY = dev.kubeha.render.NodePaths.ETCD_PKI_DIR + "/healthcheck-client.key";
    /** Where kubeha keeps its own files on a node: scripts and configuration, packages and images brought along. */
    public static final String KUBEHA_CONFIG_DIR = "/etc/kubeha";
    public static final String KUBEHA_STATE_DIR = "/var/lib/kubeha";
    public static final String KUBERNETES_DIR = "/etc/kubernetes";
    public static final String KUBELET_DIR = "/var/lib/kubelet";
    public static final String CRI_SOCKET = dev.kubeha.render.NodePaths.CRI_SOCKET;
    public static final String ETCD_UNIT = dev.kubeha.render.NodePaths.ETCD_UNIT;
    public static final String ETCD_ENV = dev.kubeha.render.NodePaths.ETCD_ENV;
    public static final String ETCD_DATA_DIR = dev.kubeha.render.NodePaths.ETCD_DATA_DIR;
    public static final String ETCD_PKI_DIR = dev.kubeha.render.NodePaths.ETCD_PKI_DIR;
    public static final java.util.List<String> ETCD_BINARIES = java.util.List.of(dev.kubeha.render.NodePaths.ETCD_BINARY,
            dev.kubeha.render.NodePaths.ETCDCTL_BINARY, dev.kubeha.render.NodePaths.ETCDUTL_BINARY);
    public static final String ETCD_KUBELET_DROP_IN = dev.kubeha.render.NodePaths.ETCD_KUBELET_DROP_IN;
    public static final java.util.List<String> LOAD_BALANCER_FILES = java.util.List.of(
            dev.kubeha.render.NodePaths.HAPROXY_CONFIG, dev.kubeha.render.NodePaths.KEEPALIVED_CONFIG,
            dev.kubeha.render.NodePaths.KEEPALIVED_CHECK);
    /** Name of the fetched kubeconfig in the workspace. */
    public static final String ADMIN_CONF_IN_WORKSPACE = "admin.conf";

    private NodePaths() {
    }
}
