package dev.kubeha.plan;

import static dev.kubeha.plan.ClusterPlanBuilderTest.EXTERNAL_LB;
import static dev.kubeha.plan.ClusterPlanBuilderTest.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.LoadBalancer;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Networking;
import dev.kubeha.model.NodeRemoval;
import dev.kubeha.operation.Workspace;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.ClusterPkiGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remove-node plan: which tasks, in which order, on which node, with which commands. */
class RemoveNodePlanBuilderTest {
    static final LoadBalancer HAPROXY = new LoadBalancer(LoadBalancerMode.HAPROXY_KEEPALIVED, null, "10.0.1.100/24");
    static final Cluster DEDICATED = renderable(ResetPlanBuilderTest.DEDICATED_SYSTEMD, EXTERNAL_LB, true, 2);
    static final Cluster STACKED = renderable(EtcdSettings.defaults(), HAPROXY, false, 1);

    /** ClusterPlanBuilderTest's cluster with the networking the renderers need. */
    static Cluster renderable(EtcdSettings etcd, LoadBalancer lb, boolean dedicatedEtcd, int workers) {
        Cluster c = cluster(etcd, lb, dedicatedEtcd, workers);
        return new Cluster(null, null, c.name(), c.kubernetesVersion(), null, "eth1", c.nodes(), etcd, lb,
                new Networking("10.244.0.0/16", null, null), null, null, null);
    }
    static ClusterPki dedicatedPki;
    static ClusterPki stackedPki;

    @BeforeAll
    static void pki(@TempDir Path dir) throws Exception {
        dedicatedPki = new ClusterPkiGenerator().ensure(DEDICATED, Workspace.at(dir.resolve("dedicated")).pki()).pki();
        stackedPki = new ClusterPkiGenerator().ensure(STACKED, Workspace.at(dir.resolve("stacked")).pki()).pki();
    }

    static RemoveNodePlanBuilder.Result plan(Cluster cluster, ClusterPki pki, boolean force, Set<String> unreachable,
                                             String... nodes) {
        NodeRemoval removal = NodeRemoval.of(cluster, List.of(nodes), force);
        assertThat(removal.problems()).isEmpty();
        return new RemoveNodePlanBuilder(cluster, removal, pki, null, unreachable).build();
    }

    static String line(Plan plan, String id, int step) {
        return ((Step.RunCommand) plan.task(id).orElseThrow().steps().get(step)).command().line();
    }

    static String waitLine(Plan plan, String id, int step) {
        return ((Step.WaitFor) plan.task(id).orElseThrow().steps().get(step)).check().command().line();
    }

    @Test
    void aWorkerAndADedicatedMemberLeaveAfterTheHealthGateTheApiServersFirst() {
        RemoveNodePlanBuilder.Result result = plan(DEDICATED, dedicatedPki, false, Set.of(), "worker0", "etcd2");
        Plan plan = result.plan();
        assertThat(plan.tasks()).extracting(Task::id).containsExactly(
                "etcd/healthy-before",
                "master0/apiserver-etcd", "master1/apiserver-etcd", "master2/apiserver-etcd",
                "etcd2/remove-etcd-member", "etcd/healthy-without-etcd2", "etcd2/reset",
                "worker0/drain", "worker0/reset", "worker0/delete-node");
        assertThat(plan.tasks()).extracting(Task::node).containsExactly(
                "etcd0", "master0", "master1", "master2", "etcd0", "etcd0", "etcd2", "master0", "worker0", "master0");
        assertThat(plan.task("master0/apiserver-etcd").orElseThrow().dependsOn()).containsExactly("etcd/healthy-before");
        assertThat(plan.task("master1/apiserver-etcd").orElseThrow().dependsOn()).containsExactly("master0/apiserver-etcd");
        assertThat(plan.task("master2/apiserver-etcd").orElseThrow().dependsOn()).containsExactly("master1/apiserver-etcd");
        assertThat(plan.task("etcd2/remove-etcd-member").orElseThrow().dependsOn()).containsExactly("master2/apiserver-etcd");
        assertThat(plan.task("etcd/healthy-without-etcd2").orElseThrow().dependsOn()).containsExactly("etcd2/remove-etcd-member");
        assertThat(plan.task("etcd2/reset").orElseThrow().dependsOn()).containsExactly("etcd2/remove-etcd-member");
        // Drain before reset before delete: a kubelet still running would register the node again.
        assertThat(plan.task("worker0/drain").orElseThrow().dependsOn()).containsExactly("etcd/healthy-before");
        assertThat(plan.task("worker0/reset").orElseThrow().dependsOn()).containsExactly("worker0/drain");
        assertThat(plan.task("worker0/delete-node").orElseThrow().dependsOn()).containsExactly("worker0/reset");
        assertThat(plan.tasks()).allSatisfy(t -> {
            assertThat(t.retrySafe()).as(t.id()).isTrue();
            assertThat(t.steps()).as(t.id()).allSatisfy(s -> assertThat(s.idempotent()).isTrue());
        });

        String etcdctl = "/usr/local/bin/etcdctl --endpoints=https://10.0.1.10:2379,https://10.0.1.11:2379"
                + " --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt"
                + " --key=/etc/kubernetes/pki/etcd/healthcheck-client.key --dial-timeout=5s --command-timeout=15s";
        assertThat(line(plan, "etcd/healthy-before", 0)).isEqualTo(etcdctl + " endpoint health");
        assertThat(line(plan, "etcd2/remove-etcd-member", 0)).isEqualTo("members=$(" + etcdctl + " member list) || exit 1;"
                + " id=$(printf '%s\\n' \"$members\" | awk -F', ' -v name=etcd2 '$3 == name { print $1 }');"
                + " if [ -z \"$id\" ]; then echo 'etcd2 is not an etcd member (any more): nothing to remove';"
                + " else " + etcdctl + " member remove \"$id\"; fi");
        assertThat(line(plan, "worker0/drain", 0)).isEqualTo("found=$(kubectl --kubeconfig=/etc/kubernetes/admin.conf get"
                + " node worker0 --ignore-not-found -o name) || exit 1; if [ -n \"$found\" ]; then"
                + " kubectl --kubeconfig=/etc/kubernetes/admin.conf cordon worker0 &&"
                + " kubectl --kubeconfig=/etc/kubernetes/admin.conf drain worker0 --ignore-daemonsets --delete-emptydir-data"
                + " --timeout=300s; else echo worker0' is not a node of the cluster (any more): nothing to drain'; fi");
        assertThat(line(plan, "worker0/delete-node", 0))
                .isEqualTo("kubectl --kubeconfig=/etc/kubernetes/admin.conf delete node worker0 --ignore-not-found");
        // The same steps as kubeha reset gives these nodes.
        ResetPlanBuilder reset = new ResetPlanBuilder(DEDICATED);
        assertThat(plan.task("worker0/reset").orElseThrow().steps())
                .isEqualTo(reset.kubernetesNode(DEDICATED.node("worker0").orElseThrow(), false));
        assertThat(plan.task("etcd2/reset").orElseThrow().steps()).isEqualTo(reset.systemdEtcd(DEDICATED.node("etcd2").orElseThrow()));
        // No load balancer change: no master leaves.
        assertThat(plan.tasks()).noneMatch(t -> t.id().contains("load-balancer"));
    }

    @Test
    void theApiServersStopNamingTheRemovedMemberOneMasterAtATime() {
        Plan plan = plan(DEDICATED, dedicatedPki, false, Set.of(), "etcd2").plan();
        Task first = plan.task("master0/apiserver-etcd").orElseThrow();
        List<String> described = first.steps().stream().map(Step::describe).toList();
        assertThat(described.get(0)).startsWith("upload /etc/kubeha/kubeadm.yaml (0600 root:root, ");
        assertThat(described.get(1)).startsWith("upload /etc/kubeha/kubeadm-control-plane.yaml (0600 root:root, ");
        assertThat(described.subList(2, 4)).containsExactly(
                "run kubeadm init phase control-plane apiserver --config /etc/kubeha/kubeadm-control-plane.yaml",
                "run kubeadm init phase upload-config kubeadm --config /etc/kubeha/kubeadm-control-plane.yaml");
        String config = new String(((Step.UploadFile) first.steps().get(1)).content(), StandardCharsets.UTF_8);
        assertThat(config).contains("kind: ClusterConfiguration", "kind: InitConfiguration", "https://10.0.1.10:2379",
                "https://10.0.1.11:2379", "advertiseAddress: 10.0.1.20").doesNotContain("10.0.1.12", "bootstrapTokens");
        assertThat(waitLine(plan, "master0/apiserver-etcd", 4)).isEqualTo("pids=$(pgrep -f --"
                + " '^kube-apiserver .*--advertise-address=10.0.1.20( |$)') && [ -n \"$pids\" ] && for pid in $pids; do"
                + " if tr '\\0' ' ' < /proc/\"$pid\"/cmdline | grep -qF -e https://10.0.1.12:2379; then exit 1; fi; done &&"
                + " curl -fsSk --max-time 5 -o /dev/null https://10.0.1.20:6443/readyz");
        // Only the first master uploads the ClusterConfiguration.
        assertThat(plan.task("master1/apiserver-etcd").orElseThrow().steps().stream().map(Step::describe))
                .noneMatch(d -> d.contains("upload-config"));
    }

    @Test
    void membersLeaveOneAtATimeWithAHealthGateBetween() {
        Plan plan = plan(DEDICATED, dedicatedPki, true, Set.of(), "etcd1", "etcd2").plan();
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("etcd/healthy-before",
                "master0/apiserver-etcd", "master1/apiserver-etcd", "master2/apiserver-etcd",
                "etcd1/remove-etcd-member", "etcd/healthy-without-etcd1", "etcd1/reset",
                "etcd2/remove-etcd-member", "etcd/healthy-without-etcd2", "etcd2/reset");
        assertThat(plan.task("etcd2/remove-etcd-member").orElseThrow().dependsOn()).containsExactly("etcd/healthy-without-etcd1");
        assertThat(waitLine(plan, "etcd/healthy-without-etcd2", 0)).contains("--endpoints=https://10.0.1.10:2379 ");
        assertThat(plan.task("master0/apiserver-etcd").orElseThrow().steps().stream()
                .filter(s -> s instanceof Step.WaitFor).map(s -> ((Step.WaitFor) s).check().command().line()))
                .singleElement().asString().contains("-e https://10.0.1.11:2379 -e https://10.0.1.12:2379");
    }

    @Test
    void aStackedMasterResetsItselfOutOfEtcdThenHaproxyOnTheOthersForgetsIt() {
        RemoveNodePlanBuilder.Result result = plan(STACKED, stackedPki, false, Set.of(), "master2");
        Plan plan = result.plan();
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("etcd/healthy-before", "master2/drain", "master2/reset",
                "master2/remove-etcd-member", "etcd/healthy-without-master2", "master2/delete-node",
                "master0/load-balancer", "master1/load-balancer");
        assertThat(plan.task("master2/remove-etcd-member").orElseThrow().dependsOn()).containsExactly("master2/reset");
        assertThat(plan.task("master2/delete-node").orElseThrow().dependsOn()).containsExactly("etcd/healthy-without-master2");
        assertThat(plan.task("master0/load-balancer").orElseThrow().dependsOn()).containsExactly("master2/delete-node");
        // One master after the other: the API server is reached through the virtual IP meanwhile.
        assertThat(plan.task("master1/load-balancer").orElseThrow().dependsOn()).containsExactly("master0/load-balancer");
        assertThat(line(plan, "etcd/healthy-before", 0)).isEqualTo("kubectl --kubeconfig=/etc/kubernetes/admin.conf"
                + " -n kube-system exec etcd-master0 -- etcdctl --endpoints=https://10.0.1.20:2379,https://10.0.1.21:2379"
                + " --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt"
                + " --key=/etc/kubernetes/pki/etcd/healthcheck-client.key --dial-timeout=5s --command-timeout=15s"
                + " endpoint health");
        Task lb = plan.task("master0/load-balancer").orElseThrow();
        String haproxy = lb.steps().stream().filter(s -> s instanceof Step.UploadFile u && u.path().equals("/etc/haproxy/haproxy.cfg"))
                .map(s -> new String(((Step.UploadFile) s).content(), StandardCharsets.UTF_8)).findFirst().orElseThrow();
        assertThat(haproxy).contains("server master0 10.0.1.20:6443", "server master1 10.0.1.21:6443").doesNotContain("master2");
        assertThat(lb.steps().subList(lb.steps().size() - 2, lb.steps().size())).extracting(Step::describe).containsExactly(
                "run systemctl reload haproxy && systemctl reload keepalived",
                "wait up to 10m for timeout 5 bash -c 'exec 3<>/dev/tcp/10.0.1.100/8443'");
        // No API server reconfiguration: kubeadm's stacked etcd is not named in any flag of ours.
        assertThat(plan.tasks()).noneMatch(t -> t.id().endsWith("/apiserver-etcd"));
        assertThat(result.notes()).contains("master2: kubeadm reset takes its own etcd member out; master2/remove-etcd-member"
                + " then finds it gone (or removes it when kubeadm reset could not)");
    }

    @Test
    void aDeadNodeGetsNoTaskOfItsOwnAndTheNotesSaySo() {
        RemoveNodePlanBuilder.Result result = plan(STACKED, stackedPki, true, Set.of("master2", "worker0"), "master2", "worker0");
        Plan plan = result.plan();
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("etcd/healthy-before",
                "master2/remove-etcd-member", "etcd/healthy-without-master2", "master2/delete-node",
                "worker0/delete-node", "master0/load-balancer", "master1/load-balancer");
        assertThat(plan.nodes()).doesNotContain("master2", "worker0");
        assertThat(plan.task("worker0/delete-node").orElseThrow().dependsOn()).containsExactly("etcd/healthy-before");
        assertThat(line(plan, "master2/remove-etcd-member", 0)).contains("exec etcd-master0 -- etcdctl", "member remove");
        assertThat(result.notes()).contains(
                "master2 does not answer over SSH (--force): nothing runs on it (no drain, no reset); its pods go with its"
                        + " node object; reset it by hand before it is started again, or it rejoins with its old state",
                "cluster.json is rewritten without master2, worker0 once every task succeeded");
    }

    @Test
    void anExternalLoadBalancerGetsACheckpointNamingTheBackendToTakeOut() {
        Cluster cluster = renderable(EtcdSettings.defaults(), EXTERNAL_LB, false, 1);
        Plan plan = plan(cluster, stackedPki, false, Set.of(), "master1").plan();
        Task checkpoint = plan.task("load-balancer/remove-backends").orElseThrow();
        assertThat(checkpoint.node()).isEqualTo("master0");
        assertThat(checkpoint.dependsOn()).containsExactly("master1/delete-node");
        assertThat(checkpoint.checkpoint().removal()).isTrue();
        assertThat(checkpoint.title()).isEqualTo("take master1 10.0.1.21:6443 out of the load balancer lb.example.com:6443;"
                + " it then still serves the API server's /healthz");
    }

    @Test
    void onlyARemovedNodeMayBeUnreachableAndARefusedRemovalBuildsNothing() {
        NodeRemoval removal = NodeRemoval.of(DEDICATED, List.of("worker0"), false);
        assertThatThrownBy(() -> new RemoveNodePlanBuilder(DEDICATED, removal, dedicatedPki, null, Set.of("worker1")))
                .hasMessage("worker1 is not removed: only a removed node may be left unreached");
        NodeRemoval refused = NodeRemoval.of(DEDICATED, List.of("worker9"), false);
        assertThatThrownBy(() -> new RemoveNodePlanBuilder(DEDICATED, refused, dedicatedPki, null, Set.of()))
                .hasMessageStartingWith("the removal is refused: no node named worker9");
    }
}
