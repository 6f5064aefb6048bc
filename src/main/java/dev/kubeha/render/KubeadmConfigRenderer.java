package dev.kubeha.render;

import dev.kubeha.model.IpAddress;
import dev.kubeha.model.Node;
import dev.kubeha.model.PkiSettings;
import dev.kubeha.model.Role;
import dev.kubeha.render.KubeadmTypes.Arg;
import dev.kubeha.render.KubeadmTypes.ApiEndpoint;
import dev.kubeha.render.KubeadmTypes.ApiServer;
import dev.kubeha.render.KubeadmTypes.BootstrapToken;
import dev.kubeha.render.KubeadmTypes.BootstrapTokenDiscovery;
import dev.kubeha.render.KubeadmTypes.ClusterConfiguration;
import dev.kubeha.render.KubeadmTypes.Discovery;
import dev.kubeha.render.KubeadmTypes.Etcd;
import dev.kubeha.render.KubeadmTypes.ExternalEtcd;
import dev.kubeha.render.KubeadmTypes.InitConfiguration;
import dev.kubeha.render.KubeadmTypes.JoinConfiguration;
import dev.kubeha.render.KubeadmTypes.JoinControlPlane;
import dev.kubeha.render.KubeadmTypes.LocalEtcd;
import dev.kubeha.render.KubeadmTypes.Networking;
import dev.kubeha.render.KubeadmTypes.NodeRegistration;
import dev.kubeha.render.PodTypes.KubeletConfiguration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /etc/kubeha/kubeadm.yaml} for one node: the first control-plane node gets
 * ClusterConfiguration + InitConfiguration + KubeletConfiguration (kubeadm uploads the last into
 * the cluster's kubelet-config ConfigMap, which every joining node's kubelet reads), the other
 * control-plane nodes and the workers a JoinConfiguration. It holds the bootstrap token (and on control-plane nodes the certificate
 * key), so the file is a secret.
 */
final class KubeadmConfigRenderer {
    static final String CRI_SOCKET = NodePaths.CRI_SOCKET;
    static final int API_SERVER_PORT = 6443;
    static final String ETCD_METRICS_URL = "http://127.0.0.1:2381";

    private final RenderInput in;

    KubeadmConfigRenderer(RenderInput in) {
        this.in = in;
    }

    NodeFile render(Node node) {
        List<Object> documents;
        if (in.isFirstControlPlane(node)) {
            documents = List.of(clusterConfiguration(), initConfiguration(node), kubeletConfiguration());
        } else {
            documents = List.of(joinConfiguration(node));
        }
        return NodeFile.secretText(NodePaths.KUBEADM_CONFIG, Yaml.documents(documents));
    }

    /** See {@link ClusterRenderer#controlPlaneConfiguration}: no token, since no node joins with this file. */
    NodeFile controlPlaneConfiguration(Node node) {
        InitConfiguration init = new InitConfiguration(apiVersion(), KubeadmTypes.INIT_CONFIGURATION, null,
                nodeRegistration(node), localEndpoint(node));
        return NodeFile.secretText(NodePaths.KUBEADM_CONTROL_PLANE_CONFIG,
                Yaml.documents(List.of(clusterConfiguration(), init, kubeletConfiguration())));
    }

    ClusterConfiguration clusterConfiguration() {
        PkiSettings pki = in.cluster.pki();
        var net = in.cluster.networking();
        return new ClusterConfiguration(
                apiVersion(),
                KubeadmTypes.CLUSTER_CONFIGURATION,
                in.cluster.name(),
                in.version.toString(),
                // The load balancer from the start: the seed guide pointed kubelets and kube-proxy at
                // one master first and rewired them afterwards.
                in.endpointText(),
                new Networking(net.podSubnet(), net.serviceSubnet(), net.dnsDomain()),
                // No apiserver-count: obsolete since the lease reconciler became the default (1.11).
                new ApiServer(certSans(), null),
                etcd(),
                pki.keyAlgorithm().wireName(),
                pki.certificateValidity(),
                pki.caValidity(),
                in.cluster.siteRegistry().orElse(null));
    }

    /**
     * The release's kubeadm API: v1beta4 for every supported release (kubeadm v1.37 reads no
     * other). KubeadmTypes are v1beta4's shapes, so a table row naming another API is a bug.
     */
    private String apiVersion() {
        String api = in.release.kubeadmApi();
        if (!KubeadmTypes.API_VERSION.equals(api)) {
            throw new IllegalStateException(in.release.minor() + " wants " + api + "; kubeha writes "
                    + KubeadmTypes.API_VERSION + " only");
        }
        return api;
    }

    /**
     * Extra names of the API server certificate: the load balancer's host and the virtual IP, the
     * masters' public addresses when the file gives them, then the file's own apiServer.certSANs,
     * each once. Only known values: the seed guide put an unset PUBLIC_IP here. kubeadm adds each
     * node's name and advertise address itself.
     */
    List<String> certSans() {
        Set<String> sans = new LinkedHashSet<>();
        sans.add(canonical(in.endpoint.host()));
        in.virtualIp.ifPresent(v -> sans.add(v.address().toString()));
        for (Node m : in.cluster.controlPlaneNodes()) {
            if (m.publicAddress() != null) {
                sans.add(canonical(m.publicAddress()));
            }
        }
        in.cluster.extraCertSans().forEach(san -> sans.add(canonical(san)));
        return List.copyOf(sans);
    }

    private static String canonical(String hostOrAddress) {
        return IpAddress.parse(hostOrAddress).map(IpAddress::toString).orElse(hostOrAddress);
    }

    Etcd etcd() {
        if (in.cluster.etcd().stacked()) {
            List<String> sans = etcdSans();
            return new Etcd(new LocalEtcd(
                    // kubeadm's own image unless the file asks for another etcd release.
                    in.cluster.etcd().version() == null ? null : EtcdStaticPodRenderer.imageTag(in.etcdVersion),
                    NodePaths.ETCD_DATA_DIR,
                    // kubeadm's default too; written out because the probes depend on it.
                    List.of(new Arg("listen-metrics-urls", ETCD_METRICS_URL)),
                    sans, sans), null);
        }
        List<String> endpoints = in.cluster.etcdMembers().stream()
                .map(m -> "https://" + in.privateUrlHost(m) + ":" + EtcdFlags.CLIENT_PORT)
                .toList();
        return new Etcd(null, new ExternalEtcd(endpoints, NodePaths.ETCD_CA_CERT,
                NodePaths.APISERVER_ETCD_CLIENT_CERT, NodePaths.APISERVER_ETCD_CLIENT_KEY));
    }

    /** Stacked etcd: every member's name and private address, since the ClusterConfiguration is shared. */
    private List<String> etcdSans() {
        Set<String> sans = new LinkedHashSet<>();
        for (Node m : in.cluster.etcdMembers()) {
            sans.add(m.name());
            sans.add(in.privateAddress(m));
        }
        return List.copyOf(sans);
    }

    /**
     * The configuration {@code kubeadm token create --config} reads the bootstrap token from: an
     * InitConfiguration with the token alone, so that the token is never on a command line (where
     * every user of the node sees it in the process list). kubeadm's default TTL, groups and usages.
     */
    static String tokenConfiguration(String token, String description) {
        return Yaml.document(new InitConfiguration(KubeadmTypes.API_VERSION, KubeadmTypes.INIT_CONFIGURATION,
                List.of(new BootstrapToken(token, description, "24h")), null, null));
    }

    InitConfiguration initConfiguration(Node node) {
        return new InitConfiguration(
                apiVersion(),
                KubeadmTypes.INIT_CONFIGURATION,
                // The token the other nodes' JoinConfiguration presents; kubeadm's default TTL.
                List.of(new BootstrapToken(in.join.bootstrapToken(), "kubeha: joins the nodes of " + in.cluster.name(), "24h")),
                nodeRegistration(node),
                localEndpoint(node));
    }

    /**
     * The kubelet's cgroup driver, written out rather than left to kubeadm's default: systemd,
     * as prepare-node.sh configures containerd (SystemdCgroup = true); two cgroup managers on one
     * node make pods flap under load.
     */
    static KubeletConfiguration kubeletConfiguration() {
        return new KubeletConfiguration(KUBELET_API, "KubeletConfiguration", null, null, "systemd", null, null, null);
    }

    static final String KUBELET_API = "kubelet.config.k8s.io/v1beta1";

    JoinConfiguration joinConfiguration(Node node) {
        JoinControlPlane controlPlane = node.hasRole(Role.CONTROL_PLANE)
                ? new JoinControlPlane(localEndpoint(node))
                : null;
        return new JoinConfiguration(
                apiVersion(),
                KubeadmTypes.JOIN_CONFIGURATION,
                nodeRegistration(node),
                new Discovery(new BootstrapTokenDiscovery(
                        in.endpointText(), in.join.bootstrapToken(), List.of(in.join.discoveryHash()))),
                controlPlane);
    }

    /**
     * Pins the node's name and its private address: on hosts with several interfaces the kubelet
     * and the API server otherwise pick the one with the default route.
     */
    private NodeRegistration nodeRegistration(Node node) {
        return new NodeRegistration(node.name(), CRI_SOCKET,
                List.of(new Arg("node-ip", in.privateAddress(node))));
    }

    private ApiEndpoint localEndpoint(Node node) {
        return new ApiEndpoint(in.privateAddress(node), API_SERVER_PORT);
    }
}
