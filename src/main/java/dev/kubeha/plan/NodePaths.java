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
    /** The CNI manifest when it comes from a file. */
    public static final String CNI_MANIFEST = "/etc/kubeha/cni.yaml";
    public static final String ADMIN_CONF = "/etc/kubernetes/admin.conf";
    public static final String KUBELET_CONF = "/etc/kubernetes/kubelet.conf";
    public static final String ETCD_CA = dev.kubeha.render.NodePaths.ETCD_CA_CERT;
    public static final String ETCD_HEALTHCHECK_CERT = dev.kubeha.render.NodePaths.ETCD_PKI_DIR + "/healthcheck-client.crt";
    public static final String ETCD_HEALTHCHECK_KEY = dev.kubeha.render.NodePaths.ETCD_PKI_DIR + "/healthcheck-client.key";
    /** Name of the fetched kubeconfig in the workspace. */
    public static final String ADMIN_CONF_IN_WORKSPACE = "admin.conf";

    private NodePaths() {
    }
}
