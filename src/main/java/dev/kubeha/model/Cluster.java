package dev.kubeha.model;

import java.util.List;
import java.util.Optional;

/**
 * The whole cluster description, as in {@code cluster.json}. Immutable; sections left out of the
 * file take their defaults. Never holds a password or passphrase.
 */
public record Cluster(
        String apiVersion,
        String kind,
        String name,
        String kubernetesVersion,
        SshSettings ssh,
        String privateInterface,
        List<Node> nodes,
        EtcdSettings etcd,
        LoadBalancer loadBalancer,
        Networking networking,
        PkiSettings pki,
        Cni cni,
        ApiServer apiServer,
        ImageSettings images,
        AirGapped airGapped) {

    public static final String API_VERSION = "kubeha/v1";
    public static final String KIND = "Cluster";

    public Cluster {
        if (apiVersion == null) {
            apiVersion = API_VERSION;
        }
        if (kind == null) {
            kind = KIND;
        }
        if (ssh == null) {
            ssh = SshSettings.defaults();
        }
        nodes = nodes == null ? List.of() : nodes.stream().filter(n -> n != null).toList();
        if (etcd == null) {
            etcd = EtcdSettings.defaults();
        }
        if (loadBalancer == null) {
            loadBalancer = LoadBalancer.defaults();
        }
        if (networking == null) {
            networking = Networking.defaults();
        }
        if (pki == null) {
            pki = PkiSettings.defaults();
        }
    }

    /** A cluster whose nodes reach the internet (the file leaves {@code airGapped} out). */
    public Cluster(String apiVersion, String kind, String name, String kubernetesVersion, SshSettings ssh,
                   String privateInterface, List<Node> nodes, EtcdSettings etcd, LoadBalancer loadBalancer,
                   Networking networking, PkiSettings pki, Cni cni, ApiServer apiServer, ImageSettings images) {
        this(apiVersion, kind, name, kubernetesVersion, ssh, privateInterface, nodes, etcd, loadBalancer, networking,
                pki, cni, apiServer, images, null);
    }

    /** A cluster whose nodes pull every image from its own registry (the file leaves {@code images} out). */
    public Cluster(String apiVersion, String kind, String name, String kubernetesVersion, SshSettings ssh,
                   String privateInterface, List<Node> nodes, EtcdSettings etcd, LoadBalancer loadBalancer,
                   Networking networking, PkiSettings pki, Cni cni, ApiServer apiServer) {
        this(apiVersion, kind, name, kubernetesVersion, ssh, privateInterface, nodes, etcd, loadBalancer, networking,
                pki, cni, apiServer, null, null);
    }

    /** A cluster without extra API server settings (the file leaves {@code apiServer} out). */
    public Cluster(String apiVersion, String kind, String name, String kubernetesVersion, SshSettings ssh,
                   String privateInterface, List<Node> nodes, EtcdSettings etcd, LoadBalancer loadBalancer,
                   Networking networking, PkiSettings pki, Cni cni) {
        this(apiVersion, kind, name, kubernetesVersion, ssh, privateInterface, nodes, etcd, loadBalancer, networking,
                pki, cni, null);
    }

    /** A cluster without a CNI manifest (the plan then warns that nodes stay NotReady). */
    public Cluster(String apiVersion, String kind, String name, String kubernetesVersion, SshSettings ssh,
                   String privateInterface, List<Node> nodes, EtcdSettings etcd, LoadBalancer loadBalancer,
                   Networking networking, PkiSettings pki) {
        this(apiVersion, kind, name, kubernetesVersion, ssh, privateInterface, nodes, etcd, loadBalancer, networking,
                pki, null, null);
    }

    /** This cluster with other nodes, everything else kept (e.g. once private addresses were detected). */
    public Cluster withNodes(List<Node> newNodes) {
        return new Cluster(apiVersion, kind, name, kubernetesVersion, ssh, privateInterface, newNodes, etcd, loadBalancer,
                networking, pki, cni, apiServer, images, airGapped);
    }

    /** The site registry every node pulls from, when the cluster has one ({@code images.registry}). */
    public java.util.Optional<String> siteRegistry() {
        return images != null && images.siteRegistry() ? java.util.Optional.of(images.registry()) : java.util.Optional.empty();
    }

    /** The Kubernetes release row of this cluster's version, when it is a supported one. */
    public Optional<KubernetesRelease> release() {
        return KubernetesReleases.builtIn().supportedFor(kubernetesVersion);
    }

    /**
     * The etcd release the members run: {@code etcd.version} when the file gives one, else the
     * one kubeadm of the cluster's release pins — for etcd run by systemd, installed from the
     * release tarball, the newest one kubeha can check ({@link KubernetesReleases#systemdEtcdVersion});
     * null when neither is known (an unsupported Kubernetes version, which validation reports).
     */
    public String etcdVersion() {
        if (etcd.version() != null) {
            return etcd.version();
        }
        return release().map(r -> etcd.runtime() == EtcdRuntime.SYSTEMD
                ? KubernetesReleases.builtIn().systemdEtcdVersion(r) : r.etcdVersion()).orElse(null);
    }

    /** The extra API server certificate SANs the file asks for (none when it has no {@code apiServer}). */
    public List<String> extraCertSans() {
        return apiServer == null ? List.of() : apiServer.certSANs();
    }

    /** The SSH settings that apply to one node: the cluster-wide ones with the node's overrides. */
    public SshSettings sshFor(Node node) {
        return ssh.with(node.ssh());
    }

    /** The private interface of one node: its own override, else the cluster-wide one (may be null). */
    public String privateInterfaceFor(Node node) {
        return node.privateInterface() != null ? node.privateInterface() : privateInterface;
    }

    public List<Node> nodesWith(Role role) {
        return nodes.stream().filter(n -> n.hasRole(role)).toList();
    }

    public List<Node> controlPlaneNodes() {
        return nodesWith(Role.CONTROL_PLANE);
    }

    public List<Node> workerNodes() {
        return nodesWith(Role.WORKER);
    }

    /** The nodes that run an etcd member in this topology. */
    public List<Node> etcdMembers() {
        return etcd.topology() == EtcdTopology.DEDICATED ? nodesWith(Role.ETCD) : controlPlaneNodes();
    }

    /**
     * The etcd members whose binaries kubeha installs (etcd run by systemd, from the release
     * tarball); none when kubeadm runs etcd as a static pod from its image.
     */
    public List<Node> etcdMembersRunBySystemd() {
        return etcd.runtime() == EtcdRuntime.SYSTEMD ? etcdMembers() : List.of();
    }

    public Optional<Node> node(String nodeName) {
        return nodes.stream().filter(n -> n.name() != null && n.name().equals(nodeName)).findFirst();
    }
}
