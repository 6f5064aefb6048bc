package dev.kubeha.ui.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.Node;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.operation.TransportFactory;
import dev.kubeha.ui.KubehaApp;
import dev.kubeha.ui.fx.CurrentThreadExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remove node… refused: the confirmation shows NodeRemoval's lines exactly as {@code kubeha
 * remove-node} prints them, no steps and no plan, and nothing reaches a node or the workspace.
 */
class ClusterPageViewModelTest {
    @TempDir
    Path dir;

    private static Cluster example(String... keep) throws Exception {
        Cluster full = ClusterFiles.read(Path.of("src/examples/cluster.json")).cluster();
        List<String> names = List.of(keep);
        return full.withNodes(full.nodes().stream().filter(n -> names.contains(n.name())).toList());
    }

    private ClusterPageViewModel.RemovalProposal propose(Cluster cluster, String node) {
        TransportFactory none = (targets, knownHosts, hostKeys, secrets) -> {
            throw new AssertionError("a refused removal reaches no node");
        };
        ClusterPageViewModel model = new ClusterPageViewModel(() -> cluster, () -> dir.resolve("cluster.json"),
                () -> ValidationContext.forFile(dir.resolve("cluster.json")), c -> dir.resolve("workspace"),
                new CurrentThreadExecutor(), KubehaApp.messages(Locale.ENGLISH), none, Clock.systemUTC());
        AtomicReference<ClusterPageViewModel.RemovalProposal> proposal = new AtomicReference<>();
        model.proposeRemoval(node, proposal::set);
        assertThat(model.failedProperty().get()).as(model.statusProperty().get()).isFalse();
        assertThat(proposal.get()).isNotNull();
        assertThat(dir.resolve("workspace")).doesNotExist();
        return proposal.get();
    }

    private static void assertRefused(ClusterPageViewModel.RemovalProposal p, String question, String line) {
        assertThat(p.refused()).isTrue();
        assertThat(p.question()).isEqualTo(question);
        assertThat(p.refusals()).containsExactly(line);
        assertThat(p.steps()).isEmpty();
        assertThat(p.plan()).isEmpty();
    }

    @Test
    void theOnlyMasterIsNotRemoved() throws Exception {
        assertRefused(propose(example("etcd0", "etcd1", "etcd2", "master0", "worker0"), "master0"),
                "Remove master0 (control-plane) from cluster prod-eu1?",
                "master0 is the only control-plane node of prod-eu1: a cluster needs one; add another control-plane node"
                        + " (apply) before removing it");
    }

    @Test
    void theOnlyEtcdMemberIsNotRemoved() throws Exception {
        assertRefused(propose(example("etcd0", "master0", "worker0"), "etcd0"),
                "Remove etcd0 (etcd) from cluster prod-eu1?",
                "etcd0 is the only etcd member of prod-eu1: the cluster's data would be gone; add members (apply) first,"
                        + " or take the whole cluster down with kubeha reset");
    }

    @Test
    void aMemberBelowQuorumIsNotRemoved() throws Exception {
        assertRefused(propose(example("etcd0", "etcd1", "master0", "worker0"), "etcd1"),
                "Remove etcd1 (etcd) from cluster prod-eu1?",
                "removing etcd1 leaves 1 of the 2 etcd members, fewer than the 2 that keep quorum: while it is gone,"
                        + " one more failure loses the cluster's data; add a member (apply) first, or use --force");
    }

    @Test
    void anUnknownNodeIsNotRemoved() throws Exception {
        assertRefused(propose(example("etcd0", "etcd1", "etcd2", "master0", "worker0"), "worker9"),
                "Remove worker9 () from cluster prod-eu1?",
                "no node named worker9 in prod-eu1 (its nodes: etcd0, etcd1, etcd2, master0, worker0)");
    }

    @Test
    void nodesAreShownFromTheFileBeforeAnyNodeIsAsked() throws Exception {
        Cluster cluster = example("etcd0", "master0", "worker0");
        ClusterPageViewModel model = new ClusterPageViewModel(() -> cluster, () -> dir.resolve("cluster.json"),
                () -> ValidationContext.forFile(dir.resolve("cluster.json")), c -> dir.resolve("workspace"),
                new CurrentThreadExecutor(), KubehaApp.messages(Locale.ENGLISH), (t, k, h, s) -> {
                    throw new AssertionError("nothing is asked before Refresh");
                }, Clock.systemUTC());
        model.load();
        assertThat(model.summaryProperty().get()).isEqualTo(
                "Cluster prod-eu1, Kubernetes v1.37.1: 3 nodes, as the cluster file describes them.");
        assertThat(model.nodes()).extracting(ClusterPageViewModel.NodeRow::name, ClusterPageViewModel.NodeRow::ready)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("etcd0", "etcd only (no Kubernetes node)"),
                        org.assertj.core.groups.Tuple.tuple("master0", "not asked yet"),
                        org.assertj.core.groups.Tuple.tuple("worker0", "not asked yet"));
        assertThat(model.members()).extracting(ClusterPageViewModel.MemberRow::health).containsExactly("not asked yet");
        assertThat(model.certificates()).isEmpty();
        assertThat(model.loadBalancerProperty().get()).isEqualTo("External load balancer at lb.example.com:6443:"
                + " /healthz not asked yet.\nBackends:\n  master0 " + cluster.node("master0").map(Node::privateAddress)
                .orElse("") + ":6443");
        assertThat(model.sudoNeededProperty().get()).isTrue();
        assertThat(model.statusProperty().get()).isEqualTo(
                "Not looked at yet: Refresh asks kubectl and etcd on the nodes over SSH.");
    }

    /**
     * Refresh over a transport where worker0 does not answer and master0's kubectl lists master0
     * NotReady: each shows as such in its row, nothing is thrown, the sudo password never appears.
     */
    @Test
    void aNodeThatDoesNotAnswerShowsAsSuchInItsRow() throws Exception {
        Cluster cluster = example("etcd0", "master0", "worker0");
        String nodesJson = """
                {"apiVersion": "v1", "items": [
                  {"metadata": {"name": "master0"}, "status": {"conditions": [{"type": "Ready", "status": "False"}],
                   "nodeInfo": {"kubeletVersion": "v1.37.1"}}},
                  {"metadata": {"name": "worker0"}, "status": {"conditions": [{"type": "Ready", "status": "True"}],
                   "nodeInfo": {"kubeletVersion": "v1.37.0"}}}], "kind": "List"}""";
        TransportFactory fake = (targets, knownHosts, hostKeys, secrets) -> new dev.kubeha.exec.Transport() {
            @Override
            public dev.kubeha.exec.Connection connect(String node) throws dev.kubeha.exec.TransportException {
                if (node.equals("worker0")) {
                    throw new dev.kubeha.exec.TransportException(dev.kubeha.exec.TransportException.Kind.CONNECT, node,
                            "worker0 (10.0.0.31:22): connection refused");
                }
                return new dev.kubeha.exec.Connection() {
                    @Override
                    public int run(dev.kubeha.plan.Command command, boolean asRoot, byte[] stdin,
                                   dev.kubeha.exec.OutputSink sink, java.time.Duration timeout) {
                        if (command.line().contains("get nodes -o json")) {
                            nodesJson.lines().forEach(l -> sink.line(dev.kubeha.exec.OutputStreamKind.STDOUT, l));
                            return 0;
                        }
                        if (command.line().endsWith(":2379/health")) {
                            sink.line(dev.kubeha.exec.OutputStreamKind.STDOUT, "{\"health\":\"true\",\"reason\":\"\"}");
                            return 0;
                        }
                        if (command.line().endsWith("/v3/cluster/member/list")) {
                            sink.line(dev.kubeha.exec.OutputStreamKind.STDOUT,
                                    "{\"members\":[{\"ID\":\"1\",\"name\":\"etcd0\"},{\"ID\":\"2\",\"name\":\"etcd9\"}]}");
                            return 0;
                        }
                        return 7; // curl: the load balancer does not answer
                    }

                    @Override
                    public void upload(String path, byte[] content, int mode, String owner) {
                    }

                    @Override
                    public byte[] download(String path) {
                        return new byte[0];
                    }

                    @Override
                    public boolean isOpen() {
                        return true;
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        ClusterPageViewModel model = new ClusterPageViewModel(() -> cluster, () -> dir.resolve("cluster.json"),
                () -> ValidationContext.forFile(dir.resolve("cluster.json")), c -> dir.resolve("workspace"),
                new CurrentThreadExecutor(), KubehaApp.messages(Locale.ENGLISH), fake, Clock.systemUTC());
        model.refresh(new char[0], "s3cret-sudo".toCharArray());
        assertThat(model.failedProperty().get()).as(model.statusProperty().get()).isFalse();
        assertThat(model.statusProperty().get()).matches("As the nodes answered at \\d\\d:\\d\\d:\\d\\d UTC \\(kubectl on master0\\)\\.");
        assertThat(model.nodes()).extracting(ClusterPageViewModel.NodeRow::name, ClusterPageViewModel.NodeRow::kubelet,
                ClusterPageViewModel.NodeRow::ready, ClusterPageViewModel.NodeRow::problem).containsExactly(
                org.assertj.core.groups.Tuple.tuple("etcd0", "\u2014", "etcd only (no Kubernetes node)", false),
                org.assertj.core.groups.Tuple.tuple("master0", "v1.37.1", "NotReady", true),
                org.assertj.core.groups.Tuple.tuple("worker0", "v1.37.0",
                        "does not answer: worker0 (10.0.0.31:22): connection refused", true));
        assertThat(model.summaryProperty().get()).isEqualTo(
                "Cluster prod-eu1, Kubernetes v1.37.1: 3 nodes; 1 of 2 Kubernetes nodes Ready.");
        assertThat(model.members()).containsExactly(
                new ClusterPageViewModel.MemberRow("etcd0", "listed", "healthy", false),
                new ClusterPageViewModel.MemberRow("etcd9", "listed, but not in the cluster file", "unknown", true));
        assertThat(model.loadBalancerProperty().get()).startsWith("External load balancer at lb.example.com:6443:"
                + " https://lb.example.com:6443/healthz does not answer (asked from master0).");
        assertThat(String.join("\n", model.nodes().stream().map(Object::toString).toList())).doesNotContain("s3cret");
    }
}
