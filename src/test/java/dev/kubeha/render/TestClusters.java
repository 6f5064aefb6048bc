package dev.kubeha.render;

import dev.kubeha.model.ApiServer;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancer;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Networking;
import dev.kubeha.model.Node;
import dev.kubeha.model.PkiSettings;
import dev.kubeha.model.Role;
import dev.kubeha.model.SshSettings;
import dev.kubeha.pki.JoinMaterial;
import java.util.ArrayList;
import java.util.List;

/** Fixed clusters and join material for the renderer tests. */
public final class TestClusters {
    static final String TOKEN = "abcdef.0123456789abcdef";
    static final String DISCOVERY_HASH = "sha256:" + "0123456789abcdef".repeat(4);
    static final JoinMaterial JOIN = new JoinMaterial(TOKEN, DISCOVERY_HASH);
    /**
     * apiServer.certSANs of every test cluster: a name, an IPv6 address as a user may write it
     * (rendered canonical), and master0's public address, which is in the list already.
     */
    static final List<String> EXTRA_SANS = List.of("kube.example.com", "2001:DB8::7", "203.0.113.20");

    /** One of the eight combinations the renderers support. */
    public record Combination(EtcdTopology topology, EtcdRuntime runtime, LoadBalancerMode lb) {
        public String goldenName() {
            return topology.wireName() + "-" + runtime.wireName() + "-" + lb.wireName() + ".txt";
        }

        @Override
        public String toString() {
            return topology.wireName() + " " + runtime.wireName() + " " + lb.wireName();
        }
    }

    public static List<Combination> all() {
        List<Combination> all = new ArrayList<>();
        for (EtcdTopology t : EtcdTopology.values()) {
            for (EtcdRuntime r : EtcdRuntime.values()) {
                for (LoadBalancerMode m : LoadBalancerMode.values()) {
                    all.add(new Combination(t, r, m));
                }
            }
        }
        return all;
    }

    private TestClusters() {
    }

    public static Cluster cluster(Combination c) {
        return cluster(c, "v1.37.1", "eth1");
    }

    static Cluster cluster(Combination c, String kubernetesVersion, String privateInterface) {
        return cluster(c, kubernetesVersion, privateInterface, "3.6.5");
    }

    /** etcdVersion null: the one the release pins. */
    static Cluster cluster(Combination c, String kubernetesVersion, String privateInterface, String etcdVersion) {
        List<Node> nodes = new ArrayList<>();
        if (c.topology() == EtcdTopology.DEDICATED) {
            for (int i = 0; i < 3; i++) {
                nodes.add(node("etcd" + i, "10.0.0.1" + i, null, Role.ETCD));
            }
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(node("master" + i, "10.0.0.2" + i, i == 0 ? "203.0.113.20" : null, Role.CONTROL_PLANE));
        }
        for (int i = 0; i < 2; i++) {
            nodes.add(node("worker" + i, "10.0.0.3" + i, null, Role.WORKER));
        }
        LoadBalancer lb = c.lb() == LoadBalancerMode.EXTERNAL
                ? new LoadBalancer(LoadBalancerMode.EXTERNAL, "lb.example.com:6443", null)
                : new LoadBalancer(LoadBalancerMode.HAPROXY_KEEPALIVED, null, "10.0.0.100/24");
        return new Cluster("kubeha/v1", "Cluster", "prod-eu1", kubernetesVersion,
                new SshSettings("ubuntu", 22, null, true), privateInterface, nodes,
                new EtcdSettings(c.topology(), c.runtime(), etcdVersion), lb,
                new Networking("10.244.0.0/16", "10.96.0.0/12", "cluster.local"),
                new PkiSettings(null, "8760h", "87600h"), null, new ApiServer(EXTRA_SANS));
    }

    static Node node(String name, String privateAddress, String publicAddress, Role role) {
        String host = "203.0.113." + privateAddress.substring(privateAddress.lastIndexOf('.') + 1);
        return new Node(name, host, privateAddress, publicAddress, List.of(role), null, null);
    }

    static List<NodeFiles> render(Combination c) {
        return ClusterRenderer.render(cluster(c), JOIN);
    }

    static List<NodeFiles> render(Combination c, String etcdVersion) {
        return ClusterRenderer.render(cluster(c, "v1.37.1", "eth1", etcdVersion), JOIN);
    }

    static NodeFiles nodeFiles(List<NodeFiles> all, String node) {
        return all.stream().filter(n -> n.nodeName().equals(node)).findFirst().orElseThrow();
    }

    static NodeFile file(List<NodeFiles> all, String node, String path) {
        return nodeFiles(all, node).file(path).orElseThrow(() -> new AssertionError(node + " has no " + path));
    }
}
