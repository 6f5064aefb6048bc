package dev.kubeha.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.Node;
import dev.kubeha.render.TestClusters;
import dev.kubeha.render.TestClusters.Combination;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan for a cluster that is there already (a second apply, a resume, a journal removed): no
 * second kubeadm init, no second join, only what differs; and while etcd runs, no two members
 * restart at once and none restarts before every other member is healthy.
 */
class ConvergePlanTest {
    static final CniSource CNI = new CniSource.Url("https://example.com/cni.yaml");

    static Stream<Combination> combinations() {
        return TestClusters.all().stream();
    }

    static final String TOKEN = "abcdef.0123456789abcdef";

    static Plan plan(Cluster cluster, ClusterState state) {
        return new ClusterPlanBuilder(cluster, ClusterPlanBuilderTest.FAKE_FILES, CNI).against(state)
                .withBootstrapToken(TOKEN, "kubeha: joins the nodes of lab").build().plan();
    }

    /** Every task of the installation done with today's digests, every node joined, etcd up. */
    static ClusterState installed(Cluster cluster) {
        Plan install = plan(cluster, ClusterState.NONE);
        Map<String, String> done = new HashMap<>();
        install.tasks().forEach(t -> done.put(t.id(), t.digest()));
        return new ClusterState(true, names(cluster.nodes()), !cluster.etcd().stacked(), done);
    }

    static Set<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).collect(Collectors.toSet());
    }

    /** A task that (re)starts an etcd member: systemd's unit, or the kubelet that runs its static pod. */
    static boolean restartsEtcd(Cluster cluster, Task task) {
        if (cluster.etcd().stacked() || cluster.etcdMembers().stream().noneMatch(m -> m.name().equals(task.node()))) {
            return false;
        }
        return task.steps().stream().anyMatch(s -> s instanceof Step.RunCommand r
                && (r.command().line().contains("systemctl restart --no-block etcd")
                || (cluster.etcd().runtime() == EtcdRuntime.STATIC_POD && r.command().line().contains("systemctl restart kubelet"))));
    }

    static boolean needs(Plan plan, String later, String earlier) {
        return plan.transitiveDependants(earlier).contains(later);
    }

    /**
     * For every topology: while etcd runs (a re-apply whose etcd files changed, or a journal
     * removed), the tasks that restart a member form one chain; before each one a gate on that
     * member waits until every other member answers /health, and that gate comes after the
     * previous restart; the cluster's health check comes after the last.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void whileEtcdRunsMembersRestartOneAtATimeBehindAHealthGate(Combination c) {
        Cluster cluster = TestClusters.cluster(c);
        ClusterState journalRemoved = new ClusterState(true, names(cluster.nodes()), true, Map.of());
        ClusterState resumed = new ClusterState(false, Set.of(), true, Map.of());
        for (ClusterState state : List.of(journalRemoved, resumed)) {
            Plan plan = plan(cluster, state);
            List<Task> restarts = plan.topologicalOrder().stream().filter(t -> restartsEtcd(cluster, t)).toList();
            if (cluster.etcd().stacked()) {
                // kubeadm runs etcd: no task of ours restarts a member.
                assertThat(plan.tasks()).noneMatch(t -> restartsEtcd(cluster, t));
                continue;
            }
            assertThat(restarts).extracting(Task::node).containsExactlyElementsOf(names(cluster.etcdMembers()).stream()
                    .sorted().toList());
            for (int i = 0; i < restarts.size(); i++) {
                Task restart = restarts.get(i);
                Task gate = plan.task(restart.node() + "/etcd-quorum").orElseThrow();
                assertThat(restart.dependsOn()).as(restart.id()).contains(gate.id());
                assertThat(gate.node()).isEqualTo(restart.node());
                String health = ((Step.WaitFor) gate.steps().get(0)).check().command().line();
                for (Node m : cluster.etcdMembers()) {
                    String url = "https://" + m.privateAddress() + ":2379/health";
                    if (m.name().equals(restart.node())) {
                        assertThat(health).as(gate.id()).doesNotContain(url);
                    } else {
                        assertThat(health).as(gate.id()).contains(url);
                    }
                }
                if (i > 0) {
                    assertThat(needs(plan, gate.id(), restarts.get(i - 1).id())).as(gate.id() + " after the previous restart")
                            .isTrue();
                }
                for (int j = i + 1; j < restarts.size(); j++) {
                    assertThat(needs(plan, restarts.get(j).id(), restart.id())).as(restarts.get(j).id() + " after " + restart.id())
                            .isTrue();
                }
            }
            assertThat(needs(plan, "etcd/healthy", restarts.get(restarts.size() - 1).id())).isTrue();
        }
    }

    /** A new cluster keeps the installation's order: every member at once (none could answer alone). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void aNewClusterStartsEveryMemberAtOnce(Combination c) {
        Cluster cluster = TestClusters.cluster(c);
        Plan plan = plan(cluster, ClusterState.NONE);
        assertThat(plan.tasks()).noneMatch(t -> t.id().endsWith("/etcd-quorum"));
        List<Task> restarts = plan.tasks().stream().filter(t -> restartsEtcd(cluster, t)).toList();
        for (Task a : restarts) {
            for (Task b : restarts) {
                assertThat(needs(plan, a.id(), b.id())).isFalse();
            }
        }
    }

    /** Nothing differs: the plan only verifies, whatever the topology. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void anInstalledClusterAsDescribedIsOnlyVerified(Combination c) {
        Cluster cluster = TestClusters.cluster(c);
        Plan plan = plan(cluster, installed(cluster));
        List<String> expected = new ArrayList<>(List.of("verify/cluster"));
        if (!cluster.etcd().stacked()) {
            expected.add("verify/etcd");
        }
        expected.add("fetch/admin-conf");
        assertThat(plan.tasks()).extracting(Task::id).containsExactlyElementsOf(expected);
        assertThat(plan.tasks()).allMatch(ClusterPlanBuilder::verifies);
        assertThat(plan.task("verify/cluster").orElseThrow().dependsOn()).isEmpty();
        assertThat(plan.task("fetch/admin-conf").orElseThrow().dependsOn()).containsExactlyInAnyOrderElementsOf(
                expected.subList(0, expected.size() - 1));
    }

    /**
     * The journal was removed: nothing is known to be done, but the nodes are joined and etcd
     * answers. Every node is prepared again (idempotent), etcd restarts member by member, and
     * neither kubeadm init nor any join is in the plan.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    void withoutAJournalAJoinedClusterIsNeitherInitialisedNorJoinedAgain(Combination c) {
        Cluster cluster = TestClusters.cluster(c);
        Plan plan = plan(cluster, new ClusterState(true, names(cluster.nodes()), !cluster.etcd().stacked(), Map.of()));
        assertThat(plan.tasks()).extracting(Task::id).noneMatch(id -> id.endsWith("/kubeadm-init") || id.endsWith("/kubeadm-join"));
        assertThat(plan.tasks()).noneMatch(t -> t.steps().stream().anyMatch(s -> s.describe().contains("kubeadm init")
                || s.describe().contains("kubeadm join")));
        assertThat(plan.task("master0/prepare")).isPresent();
        // What waited for init waits for what init waited for.
        assertThat(plan.task("cni/apply").orElseThrow().dependsOn()).contains("load-balancer/reachable");
    }

    /** A worker the cluster has not got: its preparation and join, then verification; nothing else. */
    @Test
    void aNodeThatIsNotJoinedIsPreparedAndJoinedAlone() {
        Combination c = TestClusters.all().get(0);
        Cluster cluster = TestClusters.cluster(c);
        ClusterState all = installed(cluster);
        Map<String, String> done = new LinkedHashMap<>(all.done());
        done.remove("worker1/prepare");
        done.remove("worker1/kubeadm-join");
        Set<String> joined = new java.util.HashSet<>(all.joined());
        joined.remove("worker1");
        Plan plan = plan(cluster, new ClusterState(true, joined, all.etcdRunning(), done));
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("bootstrap-token/known", "worker1/prepare",
                "worker1/kubeadm-join", "verify/cluster", "verify/etcd", "fetch/admin-conf");
        assertThat(plan.task("worker1/kubeadm-join").orElseThrow().dependsOn()).containsExactly("worker1/prepare",
                "bootstrap-token/known");
        assertThat(plan.task("verify/cluster").orElseThrow().dependsOn()).containsExactly("worker1/kubeadm-join");
        // master0 makes sure the cluster knows the token the join names; the token never shows.
        Task token = plan.task("bootstrap-token/known").orElseThrow();
        assertThat(token.node()).isEqualTo("master0");
        Step.RunCommand run = (Step.RunCommand) token.steps().get(0);
        assertThat(run.command().line()).isEqualTo("{ kubeadm token list | grep -q '^abcdef\\.'; } || kubeadm token create "
                + TOKEN + " --ttl 24h0m0s --description 'kubeha: joins the nodes of lab'");
        assertThat(run.describe()).isEqualTo("run { kubeadm token list | grep -q '^abcdef\\.'; } || kubeadm token create"
                + " <redacted> --ttl 24h0m0s --description 'kubeha: joins the nodes of lab'");
        assertThat(run.secrets()).containsExactly(TOKEN);
        // A resume the next day needs it as much: kubeadm init's token lasts 24 h. The executor skips
        // it only when the journal records it done with this token.
        Plan resumed = plan(cluster, new ClusterState(true, joined, all.etcdRunning(), done).withoutDone());
        assertThat(resumed.task("bootstrap-token/known")).contains(token);
        assertThat(resumed.task("worker1/kubeadm-join").orElseThrow().dependsOn()).contains("bootstrap-token/known");
        // Once every node has joined, a resume has no token task: nothing joins.
        Plan allJoined = plan(cluster, new ClusterState(true, all.joined(), all.etcdRunning(), done).withoutDone());
        assertThat(allJoined.task("bootstrap-token/known")).isEmpty();
    }

    /**
     * A resume (the executor skips what the journal records done) after etcd formed: with the
     * members' tasks as recorded the plan is the installation's, no gate; with one member's task
     * changed since, every member goes through the chain (the executor skips those unchanged).
     */
    @Test
    void aResumeAddsTheGatesOnlyWhenAMembersTaskChangedWhileEtcdRuns() {
        Combination c = TestClusters.all().get(0);
        Cluster cluster = TestClusters.cluster(c);
        Map<String, String> recorded = new LinkedHashMap<>(installed(cluster).done());
        Plan unchanged = plan(cluster, new ClusterState(false, Set.of(), true, Map.of(), recorded, true));
        assertThat(unchanged).isEqualTo(plan(cluster, ClusterState.NONE));
        recorded.put("etcd2/etcd", "an older digest");
        Plan changed = plan(cluster, new ClusterState(false, Set.of(), true, Map.of(), recorded, true));
        assertThat(changed.tasks()).extracting(Task::id).contains("etcd0/etcd-quorum", "etcd1/etcd-quorum", "etcd2/etcd-quorum",
                "master0/kubeadm-init");
        assertThat(changed.task("etcd2/etcd-quorum").orElseThrow().dependsOn()).containsExactly("etcd1/etcd");
    }

    /**
     * A resume on a cluster that exists: an init the journal records done as it is today stays for
     * the executor to skip; one changed since (say, a private address detected anew) is left out,
     * since it would run kubeadm init a second time. Joins likewise.
     */
    @Test
    void aResumeNeverRunsInitOrAJoinAgainOnceTheNodesSayTheyAreDone() {
        Cluster cluster = TestClusters.cluster(TestClusters.all().get(0));
        Map<String, String> recorded = new LinkedHashMap<>(installed(cluster).done());
        Set<String> joined = names(cluster.nodes());
        Plan asRecorded = plan(cluster, new ClusterState(true, joined, false, Map.of(), recorded, true));
        assertThat(asRecorded).isEqualTo(plan(cluster, ClusterState.NONE));
        recorded.put("master0/kubeadm-init", "an older digest");
        recorded.remove("worker0/kubeadm-join");
        Plan changed = plan(cluster, new ClusterState(true, joined, false, Map.of(), recorded, true));
        assertThat(changed.tasks()).extracting(Task::id).doesNotContain("master0/kubeadm-init", "worker0/kubeadm-join")
                .contains("worker1/kubeadm-join", "master1/kubeadm-join");
    }

    /** One member's files changed: only it restarts, behind its gate, and the cluster is checked after. */
    @Test
    void onlyTheMemberWhoseTaskChangedRestarts() {
        Combination c = TestClusters.all().stream().filter(x -> !x.topology().name().equals("CO_LOCATED")
                && x.runtime() == EtcdRuntime.SYSTEMD).findFirst().orElseThrow();
        Cluster cluster = TestClusters.cluster(c);
        ClusterState all = installed(cluster);
        Map<String, String> done = new LinkedHashMap<>(all.done());
        done.put("etcd1/etcd", "an older digest");
        Plan plan = plan(cluster, new ClusterState(true, all.joined(), true, done));
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("etcd1/etcd-quorum", "etcd1/etcd", "etcd/healthy",
                "verify/cluster", "verify/etcd", "fetch/admin-conf");
        assertThat(plan.task("etcd1/etcd").orElseThrow().dependsOn()).containsExactly("etcd1/etcd-quorum");
        assertThat(plan.task("etcd/healthy").orElseThrow().dependsOn()).containsExactly("etcd1/etcd");
    }
}
