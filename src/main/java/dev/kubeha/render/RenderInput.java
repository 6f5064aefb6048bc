package dev.kubeha.render;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterValidator;
import dev.kubeha.model.HostPort;
import dev.kubeha.model.IpAddress;
import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.model.KubernetesVersion;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Problem;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.model.VirtualIp;
import dev.kubeha.pki.JoinMaterial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A cluster checked for rendering, with the values every renderer derives from it parsed once.
 * Renderers take values from here only, so nothing they write comes from an unchecked string.
 */
final class RenderInput {
    final Cluster cluster;
    final JoinMaterial join;
    final KubernetesVersion version;
    /** The release table's row of {@link #version}: kubeadm API, pinned images, package channel. */
    final KubernetesRelease release;
    /** The etcd release the members run: etcd.version, else the one the release pins. */
    final String etcdVersion;
    final HostPort endpoint;
    final Optional<VirtualIp> virtualIp;
    private final Map<String, IpAddress> privateAddresses;
    /**
     * External etcd members that join a running etcd cluster, each with the names of the members
     * its initial-cluster lists (the cluster's members then, and itself); empty on a new cluster.
     */
    final Map<String, List<String>> etcdJoining;

    private RenderInput(Cluster cluster, JoinMaterial join, Map<String, IpAddress> privateAddresses) {
        this(cluster, join, privateAddresses, Map.of());
    }

    private RenderInput(Cluster cluster, JoinMaterial join, Map<String, IpAddress> privateAddresses,
                        Map<String, List<String>> etcdJoining) {
        this.cluster = cluster;
        this.join = join;
        this.version = KubernetesVersion.parse(cluster.kubernetesVersion()).orElseThrow();
        this.release = cluster.release().orElseThrow();
        this.etcdVersion = cluster.etcdVersion();
        this.endpoint = HostPort.parse(cluster.loadBalancer().endpoint()).value().orElseThrow();
        this.virtualIp = cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED
                ? VirtualIp.parse(cluster.loadBalancer().virtualIp())
                : Optional.empty();
        this.privateAddresses = privateAddresses;
        this.etcdJoining = Map.copyOf(etcdJoining);
    }

    /**
     * The same input, with external etcd members that join the running cluster (see
     * {@link #etcdJoining}); every name must be an etcd member of the cluster.
     */
    RenderInput withEtcdJoining(Map<String, List<String>> joining) {
        java.util.Set<String> members = cluster.etcdMembers().stream().map(Node::name)
                .collect(java.util.stream.Collectors.toSet());
        joining.forEach((name, initial) -> {
            if (!members.contains(name) || !members.containsAll(initial) || !initial.contains(name)) {
                throw new IllegalArgumentException("etcd member " + name + " joins with " + initial
                        + ": every name must be an etcd member of cluster " + cluster.name() + ", itself included");
            }
        });
        return new RenderInput(cluster, join, privateAddresses, joining);
    }

    /**
     * Checks the cluster with the model's own rules (one place for rules), then what rendering
     * needs beyond them.
     *
     * @throws RenderException naming every problem; never a secret
     */
    static RenderInput of(Cluster cluster, JoinMaterial join) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(join, "join material");
        List<Problem> errors = new ClusterValidator(ValidationContext.currentDirectory()).validate(cluster).stream()
                .filter(Problem::isError)
                // SSH access is the executor's business; a bundle is often made where the key is not.
                .filter(p -> !p.path().endsWith(".identityFile"))
                // Files are read relative to the cluster file, which the caller validated with its
                // own context; here the working directory would be the wrong base.
                .filter(p -> !p.path().equals("cni.manifest") && !p.path().equals("images.registryCa")
                        && !p.path().equals("airGapped.packages"))
                .toList();
        String name = cluster.name() == null ? "" : " \"" + cluster.name() + "\"";
        if (!errors.isEmpty()) {
            throw new RenderException("cannot render cluster" + name + ": it is not valid: "
                    + errors.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        }
        Map<String, IpAddress> addresses = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < cluster.nodes().size(); i++) {
            Node n = cluster.nodes().get(i);
            if (n.privateAddress() == null) {
                missing.add(n.name() + " (nodes[" + i + "].privateAddress)");
            } else {
                addresses.put(n.name(), IpAddress.parse(n.privateAddress()).orElseThrow());
            }
        }
        if (!missing.isEmpty()) {
            throw new RenderException("cannot render cluster" + name + ": no private address for node "
                    + String.join(", ", missing) + ": kubeadm, etcd and keepalived configs name it;"
                    + " detect it over SSH first, or write it in the cluster file (an offline export needs it)");
        }
        return new RenderInput(cluster, join, addresses);
    }

    /** The node's private address, canonical text ({@code 10.0.0.20}, {@code fd00::20}). */
    String privateAddress(Node node) {
        return privateAddresses.get(node.name()).toString();
    }

    /** The private address as the host part of a URL or host:port: IPv6 in brackets. */
    String privateUrlHost(Node node) {
        return urlHost(privateAddresses.get(node.name()));
    }

    static String urlHost(IpAddress ip) {
        return ip.isV4() ? ip.toString() : "[" + ip + "]";
    }

    /** The endpoint as kubeadm's controlPlaneEndpoint wants it: host:port, IPv6 in brackets. */
    String endpointText() {
        Optional<IpAddress> ip = IpAddress.parse(endpoint.host());
        return (ip.isPresent() ? urlHost(ip.get()) : endpoint.host()) + ":" + endpoint.port();
    }

    Node firstControlPlane() {
        return cluster.controlPlaneNodes().get(0);
    }

    boolean isFirstControlPlane(Node node) {
        return firstControlPlane().name().equals(node.name());
    }
}
