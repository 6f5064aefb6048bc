package dev.kubeha.plan;

import static dev.kubeha.plan.ClusterPlanBuilderTest.EXTERNAL_LB;
import static dev.kubeha.plan.ClusterPlanBuilderTest.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdSettings;
import dev.kubeha.model.LoadBalancer;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.operation.Workspace;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.ClusterPkiGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master added to cluster.json of an installed cluster, with the files rendered for real: only
 * its tasks run, plus the load balancer that must forward to it. HAProxy and keepalived change on
 * every master (a new backend) and reload one master after another, each until the virtual IP
 * answers again; an external load balancer's checkpoint names the new master alone.
 */
class ConvergeMasterTest {
    static final String TOKEN = "abcdef.0123456789abcdef";

    @TempDir
    Path dir;

    /** The installed cluster's state: every task of its installation done, every node joined. */
    static ClusterState installed(Cluster cluster, ClusterPki pki) {
        Map<String, String> done = new HashMap<>();
        plan(cluster, pki, ClusterState.NONE).tasks().forEach(t -> done.put(t.id(), t.digest()));
        Set<String> joined = cluster.nodes().stream().map(Node::name).collect(Collectors.toSet());
        return new ClusterState(true, joined, !cluster.etcd().stacked(), done);
    }

    static Plan plan(Cluster cluster, ClusterPki pki, ClusterState state) {
        return new ClusterPlanBuilder(cluster, RenderedFiles.of(cluster, pki), new CniSource.Url("https://example.com/cni.yaml"))
                .against(state).withBootstrapToken(TOKEN, "kubeha: joins the nodes of lab").build().plan();
    }

    /** The cluster with one more master, master3 (10.0.1.23). */
    static Cluster withMaster3(Cluster cluster) {
        List<Node> nodes = new ArrayList<>(cluster.nodes());
        int after = nodes.indexOf(cluster.controlPlaneNodes().get(2)) + 1;
        nodes.add(after, node("master3", 23, Role.CONTROL_PLANE));
        return new Cluster(null, null, cluster.name(), cluster.kubernetesVersion(), null, "eth1", nodes, cluster.etcd(),
                cluster.loadBalancer(), cluster.networking(), null, null, null);
    }

    /** The PKI of the grown cluster, made from the installed one's CA (the new master's files need it). */
    ClusterPki[] pkis(Cluster before, Cluster after) throws Exception {
        Workspace workspace = Workspace.at(dir.resolve("ws"));
        ClusterPki first = new ClusterPkiGenerator().ensure(before, workspace.pki()).pki();
        ClusterPki second = new ClusterPkiGenerator().ensure(after, workspace.pki()).pki();
        return new ClusterPki[] {first, second};
    }

    static String haproxy(Task task) {
        return task.steps().stream().filter(s -> s instanceof Step.UploadFile u && u.path().equals("/etc/haproxy/haproxy.cfg"))
                .map(s -> new String(((Step.UploadFile) s).content(), StandardCharsets.UTF_8)).findFirst().orElseThrow();
    }

    @Test
    void withHaproxyEveryMasterReloadsOneAfterAnotherAndOnlyTheNewMasterJoins() throws Exception {
        LoadBalancer haproxy = RemoveNodePlanBuilderTest.HAPROXY;
        Cluster before = RemoveNodePlanBuilderTest.renderable(EtcdSettings.defaults(), haproxy, false, 1);
        Cluster after = withMaster3(before);
        ClusterPki[] pki = pkis(before, after);

        Plan plan = plan(after, pki[1], installed(before, pki[0]));

        assertThat(plan.tasks()).extracting(Task::id).containsExactly("bootstrap-token/known", "master3/prepare",
                "master0/load-balancer", "master1/load-balancer", "master2/load-balancer", "master3/load-balancer",
                "master3/kubeadm-join", "verify/cluster", "fetch/admin-conf");
        assertThat(plan.task("master0/load-balancer").orElseThrow().dependsOn()).isEmpty();
        assertThat(plan.task("master1/load-balancer").orElseThrow().dependsOn()).containsExactly("master0/load-balancer");
        assertThat(plan.task("master2/load-balancer").orElseThrow().dependsOn()).containsExactly("master1/load-balancer");
        assertThat(plan.task("master3/load-balancer").orElseThrow().dependsOn()).containsExactly("master3/prepare",
                "master2/load-balancer");
        for (String m : List.of("master0", "master1", "master2", "master3")) {
            Task lb = plan.task(m + "/load-balancer").orElseThrow();
            assertThat(lb.title()).isEqualTo("HAProxy and keepalived, reloaded one master at a time");
            assertThat(haproxy(lb)).as(m).contains("server master3 10.0.1.23:6443");
            assertThat(lb.steps().subList(lb.steps().size() - 2, lb.steps().size())).extracting(Step::describe).containsExactly(
                    "run systemctl daemon-reload && systemctl enable haproxy keepalived"
                            + " && systemctl reload-or-restart haproxy keepalived",
                    "wait up to 10m for timeout 5 bash -c 'exec 3<>/dev/tcp/10.0.1.100/8443'");
        }
        // The new master joins through the virtual IP once every master's HAProxy has reloaded (no
        // join while the address may move), with a token the cluster knows.
        assertThat(plan.task("master3/kubeadm-join").orElseThrow().dependsOn()).containsExactlyInAnyOrder("master3/prepare",
                "master0/load-balancer", "master1/load-balancer", "master2/load-balancer", "master3/load-balancer",
                "bootstrap-token/known");
        assertThat(plan.tasks()).extracting(Task::id).doesNotContain("master0/kubeadm-init", "master1/kubeadm-join",
                "load-balancer/reachable");

        // The next apply, master3 joined: nothing but the verification.
        Plan again = plan(after, pki[1], installed(after, pki[1]));
        assertThat(again.tasks()).extracting(Task::id).containsExactly("verify/cluster", "fetch/admin-conf");
    }

    /** On a new cluster the masters' load balancers start in parallel: nothing is served through the VIP yet. */
    @Test
    void aNewClusterStartsEveryLoadBalancerAtOnce() throws Exception {
        Cluster cluster = RemoveNodePlanBuilderTest.renderable(EtcdSettings.defaults(), RemoveNodePlanBuilderTest.HAPROXY,
                false, 1);
        ClusterPki pki = pkis(cluster, cluster)[0];
        Plan plan = plan(cluster, pki, ClusterState.NONE);
        for (String m : List.of("master0", "master1", "master2")) {
            Task lb = plan.task(m + "/load-balancer").orElseThrow();
            assertThat(lb.title()).isEqualTo("HAProxy and keepalived");
            assertThat(lb.dependsOn()).containsExactly(m + "/prepare");
        }
    }

    @Test
    void anExternalLoadBalancersCheckpointNamesTheNewMasterAlone() throws Exception {
        Cluster before = RemoveNodePlanBuilderTest.renderable(ResetPlanBuilderTest.DEDICATED_SYSTEMD, EXTERNAL_LB, true, 1);
        Cluster after = withMaster3(before);
        ClusterPki[] pki = pkis(before, after);

        Plan plan = plan(after, pki[1], installed(before, pki[0]));

        assertThat(plan.tasks()).extracting(Task::id).containsExactly("bootstrap-token/known", "master3/prepare",
                "load-balancer/serves-api", "master3/kubeadm-join", "verify/cluster", "verify/etcd", "fetch/admin-conf");
        Task serves = plan.task("load-balancer/serves-api").orElseThrow();
        assertThat(serves.title()).isEqualTo("add master3 10.0.1.23:6443 to the load balancer lb.example.com:6443"
                + " (it forwards to master0, master1, master2 already); it then serves the API server's /healthz");
        assertThat(serves.checkpoint().backends()).extracting(LoadBalancerCheckpoint.Backend::node).containsExactly("master3");
        assertThat(serves.checkpoint().present()).extracting(LoadBalancerCheckpoint.Backend::node)
                .containsExactly("master0", "master1", "master2");
        assertThat(plan.task("master3/kubeadm-join").orElseThrow().dependsOn()).contains("load-balancer/serves-api");
        // The install's checkpoint named three masters: this one is another task, never taken as done.
        ClusterState state = installed(before, pki[0]);
        assertThat(serves.digest()).isNotEqualTo(state.done().get("load-balancer/serves-api"));

        // Once master3 has joined there is nothing to add: no checkpoint.
        Plan again = plan(after, pki[1], installed(after, pki[1]));
        assertThat(again.tasks()).extracting(Task::id).containsExactly("verify/cluster", "verify/etcd", "fetch/admin-conf");
    }

    /** A resume of an installation whose checkpoint the journal records done as it is: the executor skips it. */
    @Test
    void aResumeKeepsTheInstallationsCheckpointWhenTheJournalHasItDone() throws Exception {
        Cluster cluster = RemoveNodePlanBuilderTest.renderable(ResetPlanBuilderTest.DEDICATED_SYSTEMD, EXTERNAL_LB, true, 1);
        ClusterPki pki = pkis(cluster, cluster)[0];
        Map<String, String> recorded = new HashMap<>(installed(cluster, pki).done());
        recorded.remove("master2/kubeadm-join");
        ClusterState resuming = new ClusterState(true, Set.of("etcd0", "etcd1", "etcd2", "master0", "master1", "worker0"),
                true, Map.of(), recorded, true);
        Task serves = plan(cluster, pki, resuming).task("load-balancer/serves-api").orElseThrow();
        assertThat(serves.digest()).isEqualTo(recorded.get("load-balancer/serves-api"));
        assertThat(serves.checkpoint().present()).isEmpty();
    }
}
