package dev.kubeha.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.render.TestClusters.Combination;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What rendering refuses, and how it says so. */
class BadInputTest {
    private static final Combination DEDICATED =
            new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL);

    private static Cluster withNodes(Cluster c, List<Node> nodes) {
        return new Cluster(c.apiVersion(), c.kind(), c.name(), c.kubernetesVersion(), c.ssh(), c.privateInterface(),
                nodes, c.etcd(), c.loadBalancer(), c.networking(), c.pki());
    }

    /** Valid (the address can be detected from eth1), but not renderable before detection. */
    @Test
    void aNodeWithoutPrivateAddressIsNamed() {
        Cluster c = TestClusters.cluster(DEDICATED);
        List<Node> nodes = new ArrayList<>(c.nodes());
        Node worker1 = nodes.remove(nodes.size() - 1);
        nodes.add(new Node(worker1.name(), worker1.host(), null, null, worker1.roles(), null, null));
        assertThatThrownBy(() -> ClusterRenderer.render(withNodes(c, nodes), TestClusters.JOIN))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("no private address for node worker1 (nodes[7].privateAddress)")
                .hasMessageNotContaining(TestClusters.TOKEN);
    }

    @Test
    void dedicatedEtcdWithoutEtcdNodesIsRejected() {
        Cluster c = TestClusters.cluster(DEDICATED);
        List<Node> nodes = c.nodes().stream().filter(n -> !n.hasRole(Role.ETCD)).toList();
        assertThatThrownBy(() -> ClusterRenderer.render(withNodes(c, nodes), TestClusters.JOIN))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("cannot render cluster \"prod-eu1\": it is not valid")
                .hasMessageContaining("the dedicated etcd topology needs nodes with role etcd");
    }

    @Test
    void etcdRoleWithCoLocatedTopologyIsRejected() {
        Cluster c = TestClusters.cluster(DEDICATED);
        Cluster colocated = new Cluster(c.apiVersion(), c.kind(), c.name(), c.kubernetesVersion(), c.ssh(),
                c.privateInterface(), c.nodes(), new EtcdSettings(EtcdTopology.CO_LOCATED, EtcdRuntime.SYSTEMD, "3.6.5"),
                c.loadBalancer(), c.networking(), c.pki());
        assertThatThrownBy(() -> ClusterRenderer.render(colocated, TestClusters.JOIN))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("nodes[0].roles: role etcd is not used with the co-located etcd topology");
    }

    @Test
    void noControlPlaneAndNoVersionAreRejected() {
        Cluster c = TestClusters.cluster(DEDICATED);
        List<Node> nodes = c.nodes().stream().filter(n -> !n.hasRole(Role.CONTROL_PLANE)).toList();
        Cluster broken = new Cluster(c.apiVersion(), c.kind(), c.name(), null, c.ssh(), c.privateInterface(),
                nodes, c.etcd(), c.loadBalancer(), c.networking(), c.pki());
        assertThatThrownBy(() -> ClusterRenderer.render(broken, TestClusters.JOIN))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("kubernetesVersion: is required")
                .hasMessageContaining("no control-plane node");
    }

    /** An SSH key that is not on this machine does not stop an export made elsewhere. */
    @Test
    void aMissingIdentityFileDoesNotStopRendering() {
        Cluster c = TestClusters.cluster(DEDICATED);
        Cluster withKey = new Cluster(c.apiVersion(), c.kind(), c.name(), c.kubernetesVersion(),
                new dev.kubeha.model.SshSettings("ubuntu", 22, "/nonexistent/id_ed25519", true), c.privateInterface(),
                c.nodes(), c.etcd(), c.loadBalancer(), c.networking(), c.pki());
        assertThat(ClusterRenderer.render(withKey, TestClusters.JOIN)).hasSize(c.nodes().size());
    }

    @Test
    void nodeFileToStringShowsNoContent() {
        NodeFile f = NodeFile.secretText("/etc/kubeha/kubeadm.yaml", "token: " + TestClusters.TOKEN);
        assertThat(f.toString()).isEqualTo("NodeFile[/etc/kubeha/kubeadm.yaml 0600, 30 bytes, secret]");
        assertThatThrownBy(() -> new NodeFile("/x", 0644, new byte[0], true))
                .hasMessageContaining("holds a secret");
        assertThatThrownBy(() -> NodeFile.text("relative/path", 0644, ""))
                .hasMessageContaining("not an absolute file path");
    }
}
