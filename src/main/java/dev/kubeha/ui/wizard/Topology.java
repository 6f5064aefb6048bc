package dev.kubeha.ui.wizard;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import java.util.List;

/**
 * What the etcd page's diagram draws, derived from the cluster alone: the load balancer, the
 * control-plane nodes behind it, the etcd members (their own layer when dedicated, the masters
 * themselves when co-located) and the workers. Tests assert on this, not on pixels.
 *
 * @param loadBalancer   the endpoint label (may be empty)
 * @param haproxy        whether HAProxy + keepalived run on the masters
 * @param etcdOnMasters  whether the members are the control-plane nodes (co-located)
 */
public record Topology(String loadBalancer, boolean haproxy, List<String> masters, List<String> etcdMembers,
                       boolean etcdOnMasters, List<String> workers) {

    public static Topology of(Cluster cluster) {
        boolean coLocated = cluster.etcd().topology() == EtcdTopology.CO_LOCATED;
        String endpoint = cluster.loadBalancer().endpoint();
        return new Topology(endpoint == null ? "" : endpoint,
                cluster.loadBalancer().mode() == LoadBalancerMode.HAPROXY_KEEPALIVED,
                names(cluster.controlPlaneNodes()), names(cluster.etcdMembers()), coLocated,
                names(cluster.workerNodes()));
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(n -> n.name() == null ? "?" : n.name()).toList();
    }

    /** How many members may fail while etcd keeps its quorum (a majority): (n - 1) / 2. */
    public int toleratedFailures() {
        return etcdMembers.isEmpty() ? 0 : (etcdMembers.size() - 1) / 2;
    }

    /** The majority etcd needs to accept writes. */
    public int quorum() {
        return etcdMembers.size() / 2 + 1;
    }
}
