package dev.kubeha.render;

/**
 * Where the generated files go on the nodes. Certificate paths follow kubeadm's naming
 * (DESIGN.md, "Artifact bundle"), so kubeadm finds what kubeha placed and generates nothing twice.
 */
public final class NodePaths {
    public static final String KUBEADM_CONFIG = "/etc/kubeha/kubeadm.yaml";
    /** The bootstrap token for {@code kubeadm token create --config} on the first master (secret). */
    public static final String BOOTSTRAP_TOKEN_CONFIG = "/etc/kubeha/bootstrap-token.yaml";
    /** A control-plane node's ClusterConfiguration and InitConfiguration, for kubeadm init's phases after the cluster changed. */
    public static final String KUBEADM_CONTROL_PLANE_CONFIG = "/etc/kubeha/kubeadm-control-plane.yaml";
    public static final String PREPARE_NODE = "/etc/kubeha/prepare-node.sh";
    public static final String INSTALL_ETCD = "/etc/kubeha/install-etcd.sh";
    /**
     * Packages and the etcd tarball an air-gapped site brings along ({@code --include-packages}):
     * prepare-node.sh and install-etcd.sh use what they find here instead of the network.
     */
    public static final String PACKAGES_DIR = "/var/lib/kubeha/packages";
    /** Container image archives (OCI layout tars) a node imports into containerd before kubeadm runs. */
    public static final String IMAGES_DIR = "/var/lib/kubeha/images";
    /** containerd's registry host configuration: one directory per registry host, {@code _default} for the rest. */
    public static final String CONTAINERD_CERTS_DIR = "/etc/containerd/certs.d";
    public static final String IMPORT_IMAGES = "/etc/kubeha/import-images.sh";
    /** The images this node imports: {@code SHA256 FILE REFERENCE} per line. */
    public static final String IMAGES_LIST = "/etc/kubeha/images.list";

    public static final String ETCD_UNIT = "/etc/systemd/system/etcd.service";
    public static final String ETCD_ENV = "/etc/etcd.env";
    public static final String ETCD_BINARY = "/usr/local/bin/etcd";
    public static final String ETCD_DATA_DIR = "/var/lib/etcd";
    public static final String STATIC_POD_DIR = "/etc/kubernetes/manifests";
    public static final String ETCD_STATIC_POD = STATIC_POD_DIR + "/etcd.yaml";
    public static final String KUBELET_DROP_IN_DIR = "/etc/systemd/system/kubelet.service.d";
    /**
     * The KubeletConfiguration of a dedicated static-pod etcd node. kubeadm's HA etcd guide puts
     * it at kubelet.service.d/kubelet.conf, where systemd reads it as a drop-in and warns about
     * every YAML line ("Assignment outside of section"); it lives beside kubeha's other files instead.
     */
    public static final String ETCD_KUBELET_CONFIG = "/etc/kubeha/etcd-kubelet.yaml";
    public static final String KUBELET_BINARY = "/usr/bin/kubelet";
    public static final String ETCD_KUBELET_DROP_IN = KUBELET_DROP_IN_DIR + "/20-etcd-service-manager.conf";

    /** containerd's CRI socket, as kubeadm is told it (nodeRegistration.criSocket, kubeadm reset --cri-socket). */
    public static final String CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";
    /** etcd's command-line client and its offline tool, installed beside {@link #ETCD_BINARY} from the release tarball. */
    public static final String ETCDCTL_BINARY = "/usr/local/bin/etcdctl";
    public static final String ETCDUTL_BINARY = "/usr/local/bin/etcdutl";

    public static final String HAPROXY_CONFIG = "/etc/haproxy/haproxy.cfg";
    public static final String KEEPALIVED_CONFIG = "/etc/keepalived/keepalived.conf";
    public static final String KEEPALIVED_CHECK = "/etc/keepalived/check_apiserver.sh";

    public static final String PKI_DIR = "/etc/kubernetes/pki";
    public static final String ETCD_PKI_DIR = PKI_DIR + "/etcd";
    public static final String ETCD_CA_CERT = ETCD_PKI_DIR + "/ca.crt";
    public static final String ETCD_SERVER_CERT = ETCD_PKI_DIR + "/server.crt";
    public static final String ETCD_SERVER_KEY = ETCD_PKI_DIR + "/server.key";
    public static final String ETCD_PEER_CERT = ETCD_PKI_DIR + "/peer.crt";
    public static final String ETCD_PEER_KEY = ETCD_PKI_DIR + "/peer.key";
    public static final String APISERVER_ETCD_CLIENT_CERT = PKI_DIR + "/apiserver-etcd-client.crt";
    public static final String APISERVER_ETCD_CLIENT_KEY = PKI_DIR + "/apiserver-etcd-client.key";

    private NodePaths() {
    }
}
