package dev.kubeha.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.operation.Workspace;
import dev.kubeha.pki.ClusterPkiGenerator;
import dev.kubeha.pki.PkiChange;
import dev.kubeha.render.TestClusters;
import dev.kubeha.render.TestClusters.Combination;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * New external etcd members in the cluster file join the running etcd on the next apply: one at a
 * time, each behind a gate on a member that runs (every member healthy), an {@code etcdctl member
 * add} that finds a member already added, the member's own task with
 * {@code initial-cluster-state=existing}; the members that run are left as they are; then each
 * master's API server is rewritten to name every member, one master after another.
 */
class EtcdJoinPlanTest {
    static final Combination DEDICATED_SYSTEMD = new Combination(EtcdTopology.DEDICATED, EtcdRuntime.SYSTEMD,
            LoadBalancerMode.EXTERNAL);
    static final Set<String> THREE = Set.of("etcd0", "etcd1", "etcd2");

    @TempDir
    Path workspace;

    /** The cluster with more dedicated etcd members after etcd2: etcd3 at 10.0.0.13, etcd4 at 10.0.0.14... */
    static Cluster grown(Cluster cluster, int more) {
        List<Node> nodes = new ArrayList<>(cluster.nodes());
        int at = nodes.indexOf(cluster.node("etcd2").orElseThrow()) + 1;
        for (int i = 0; i < more; i++) {
            nodes.add(at + i, new Node("etcd" + (3 + i), "203.0.113." + (13 + i), "10.0.0." + (13 + i), null,
                    List.of(Role.ETCD), null, null));
        }
        return cluster.withNodes(nodes);
    }

    static final java.util.function.Function<Node, Step.UploadFile> CONTROL_PLANE_CONFIG = m -> Step.UploadFile.rootOwned(
            dev.kubeha.render.NodePaths.KUBEADM_CONTROL_PLANE_CONFIG, 0600, ("control plane of " + m.name()).getBytes(StandardCharsets.UTF_8), true);

    static Plan plan(Cluster cluster, NodeFileSource files, ClusterState state) {
        return new ClusterPlanBuilder(cluster, files, ConvergePlanTest.CNI).against(state)
                .withControlPlaneConfigurations(CONTROL_PLANE_CONFIG)
                .withBootstrapToken(ConvergePlanTest.TOKEN, "kubeha: joins the nodes of lab").build().plan();
    }

    /** The cluster as installed from {@code installed}: every task done, every node joined, etcd running with its members. */
    static ClusterState installed(Cluster installed, NodeFileSource files) {
        Map<String, String> done = new HashMap<>();
        plan(installed, files, ClusterState.NONE).tasks().forEach(t -> done.put(t.id(), t.digest()));
        return new ClusterState(true, ConvergePlanTest.names(installed.nodes()), true, done)
                .withEtcdMembers(THREE, Set.of("https://10.0.0.10:2380", "https://10.0.0.11:2380", "https://10.0.0.12:2380"));
    }

    static Task task(Plan plan, String id) {
        return plan.task(id).orElseThrow(() -> new AssertionError(id + " not in " + plan.ids()));
    }

    static String waits(Task gate) {
        return ((Step.WaitFor) gate.steps().get(0)).check().command().line();
    }

    @Test
    void aNewMemberIsAddedBehindAHealthGateThenStartsThenEveryApiServerNamesIt() {
        Cluster three = TestClusters.cluster(DEDICATED_SYSTEMD);
        Cluster four = grown(three, 1);
        Plan plan = plan(four, ClusterPlanBuilderTest.FAKE_FILES, installed(three, ClusterPlanBuilderTest.FAKE_FILES));

        // The fake files give every node a preparation: etcd3's is its own, in parallel with the gate.
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("etcd3/prepare", "etcd3/etcd-quorum", "etcd3/etcd-member-add",
                "etcd3/etcd", "etcd/healthy", "master0/apiserver-etcd", "master1/apiserver-etcd", "master2/apiserver-etcd",
                "verify/cluster", "verify/etcd", "fetch/admin-conf");
        Task gate = task(plan, "etcd3/etcd-quorum");
        assertThat(gate.node()).isEqualTo("etcd0");
        assertThat(gate.title()).isEqualTo("etcd members etcd0, etcd1, etcd2 healthy, before etcd3 is added");
        assertThat(gate.dependsOn()).isEmpty();
        assertThat(waits(gate)).contains("https://10.0.0.10:2379/health", "https://10.0.0.11:2379/health",
                "https://10.0.0.12:2379/health").doesNotContain("10.0.0.13");

        Task add = task(plan, "etcd3/etcd-member-add");
        assertThat(add.node()).isEqualTo("etcd0");
        assertThat(add.title()).isEqualTo("etcdctl member add etcd3 --peer-urls=https://10.0.0.13:2380 (unless the member list has it)");
        assertThat(add.dependsOn()).containsExactly("etcd3/etcd-quorum");
        String etcdctl = "/usr/local/bin/etcdctl --endpoints=https://10.0.0.10:2379,https://10.0.0.11:2379,https://10.0.0.12:2379"
                + " --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt"
                + " --key=/etc/kubernetes/pki/etcd/healthcheck-client.key --dial-timeout=5s --command-timeout=15s";
        assertThat(((Step.RunCommand) add.steps().get(0)).command().line()).isEqualTo("members=$(" + etcdctl
                + " member list) || exit 1; if printf '%s\\n' \"$members\" | awk -F', ' -v name=etcd3"
                + " -v url=https://10.0.0.13:2380 '$3 == name { found = 1 } { n = split($4, u, \",\");"
                + " for (i = 1; i <= n; i++) if (u[i] == url) found = 1 } END { exit !found }'; then echo"
                + " 'etcd3 (https://10.0.0.13:2380) is an etcd member already: nothing to add'; else " + etcdctl
                + " member add etcd3 --peer-urls=https://10.0.0.13:2380; fi");
        assertThat(add.steps().get(0).idempotent()).isTrue();

        Task start = task(plan, "etcd3/etcd");
        assertThat(start.title()).isEqualTo("etcd member, joining the running cluster (initial-cluster-state=existing)");
        assertThat(start.dependsOn()).containsExactly("etcd3/prepare", "etcd3/etcd-member-add");
        assertThat(task(plan, "etcd/healthy").dependsOn()).containsExactly("etcd3/etcd");
        assertThat(waits(task(plan, "etcd/healthy"))).contains("https://10.0.0.13:2379/health");

        // The API servers one master at a time; the configuration uploaded once, from the first.
        assertThat(task(plan, "master0/apiserver-etcd").dependsOn()).containsExactly("etcd/healthy");
        assertThat(task(plan, "master1/apiserver-etcd").dependsOn()).containsExactly("master0/apiserver-etcd");
        assertThat(task(plan, "master2/apiserver-etcd").dependsOn()).containsExactly("master1/apiserver-etcd");
        assertThat(task(plan, "master0/apiserver-etcd").title()).isEqualTo("kube-apiserver names every etcd member in"
                + " --etcd-servers (kubeadm init phase control-plane apiserver, then upload-config kubeadm), then ready");
        assertThat(task(plan, "master0/apiserver-etcd").steps()).extracting(Step::describe).containsExactly(
                "upload /etc/kubeha/kubeadm-control-plane.yaml (0600 root:root, 24 bytes, secret)",
                "run kubeadm init phase control-plane apiserver --config /etc/kubeha/kubeadm-control-plane.yaml",
                "run kubeadm init phase upload-config kubeadm --config /etc/kubeha/kubeadm-control-plane.yaml",
                "wait up to 10m for pids=$(pgrep -f -- '^kube-apiserver .*--advertise-address=10.0.0.20( |$)') && [ -n \"$pids\" ]"
                        + " && for pid in $pids; do cmd=/proc/\"$pid\"/cmdline; [ -r \"$cmd\" ]"
                        + " && grep -qF -- https://10.0.0.10:2379 \"$cmd\" && grep -qF -- https://10.0.0.11:2379 \"$cmd\""
                        + " && grep -qF -- https://10.0.0.12:2379 \"$cmd\" && grep -qF -- https://10.0.0.13:2379 \"$cmd\""
                        + " || exit 1; done && curl -fsSk --max-time 5 -o /dev/null https://10.0.0.20:6443/readyz");
        assertThat(task(plan, "master1/apiserver-etcd").steps()).extracting(Step::describe)
                .noneMatch(d -> d.contains("upload-config"));
        String apiServer = ((Step.WaitFor) task(plan, "master1/apiserver-etcd").steps().get(2)).check().command().line();
        assertThat(apiServer).contains("--advertise-address=10.0.0.21( |$)", "grep -qF -- https://10.0.0.13:2379 \"$cmd\"",
                "https://10.0.0.21:6443/readyz");
        assertThat(task(plan, "verify/cluster").dependsOn()).containsExactly("master2/apiserver-etcd");
        // No existing member restarts; nobody else runs anything.
        assertThat(plan.tasks()).noneMatch(t -> ConvergePlanTest.restartsEtcd(four, t) && !t.node().equals("etcd3"));
    }

    @Test
    void twoNewMembersJoinOneAfterTheOtherEachCountingTheOneBefore() {
        Cluster three = TestClusters.cluster(DEDICATED_SYSTEMD);
        Cluster five = grown(three, 2);
        Plan plan = plan(five, ClusterPlanBuilderTest.FAKE_FILES, installed(three, ClusterPlanBuilderTest.FAKE_FILES));
        assertThat(plan.tasks()).extracting(Task::id).startsWith("etcd3/prepare", "etcd4/prepare", "etcd3/etcd-quorum",
                "etcd3/etcd-member-add", "etcd3/etcd", "etcd4/etcd-quorum", "etcd4/etcd-member-add", "etcd4/etcd", "etcd/healthy");
        Task second = task(plan, "etcd4/etcd-quorum");
        assertThat(second.dependsOn()).containsExactly("etcd3/etcd");
        assertThat(second.title()).isEqualTo("etcd members etcd0, etcd1, etcd2, etcd3 healthy, before etcd4 is added");
        assertThat(waits(second)).contains("https://10.0.0.13:2379/health").doesNotContain("10.0.0.14");
        assertThat(((Step.RunCommand) task(plan, "etcd4/etcd-member-add").steps().get(0)).command().line())
                .contains("--endpoints=https://10.0.0.10:2379,https://10.0.0.11:2379,https://10.0.0.12:2379,https://10.0.0.13:2379");
        assertThat(ConvergePlanTest.needs(plan, "etcd4/etcd-member-add", "etcd3/etcd")).isTrue();
        assertThat(ClusterPlanBuilder.etcdJoining(five, installed(three, ClusterPlanBuilderTest.FAKE_FILES))).isEqualTo(Map.of(
                "etcd3", List.of("etcd0", "etcd1", "etcd2", "etcd3"),
                "etcd4", List.of("etcd0", "etcd1", "etcd2", "etcd3", "etcd4")));
    }

    /** A member changed and a member new: the changed one restarts behind its gate first, the new one joins after. */
    @Test
    void aRestartOfAMemberThatRunsComesBeforeTheJoinAndItsGateIgnoresTheNewMember() {
        Cluster three = TestClusters.cluster(DEDICATED_SYSTEMD);
        ClusterState state = installed(three, ClusterPlanBuilderTest.FAKE_FILES);
        Map<String, String> done = new HashMap<>(state.done());
        done.put("etcd1/etcd", "an older digest");
        ClusterState changed = new ClusterState(true, state.joined(), true, done).withEtcdMembers(THREE, Set.of());
        Plan plan = plan(grown(three, 1), ClusterPlanBuilderTest.FAKE_FILES, changed);
        assertThat(plan.tasks()).extracting(Task::id).startsWith("etcd3/prepare", "etcd1/etcd-quorum", "etcd1/etcd", "etcd3/etcd-quorum",
                "etcd3/etcd-member-add", "etcd3/etcd", "etcd/healthy");
        assertThat(waits(task(plan, "etcd1/etcd-quorum"))).doesNotContain("10.0.0.13");
        assertThat(task(plan, "etcd3/etcd-quorum").dependsOn()).containsExactly("etcd1/etcd");
    }

    /**
     * A run stopped after the add: etcd lists the member by its peer URL only (no name until it
     * starts). It joins as a new one; the add's command finds it and adds nothing. The journal's
     * record of the add and of its task does not leave them out: etcd has not got the member.
     */
    @Test
    void aMemberAddedButNeverStartedJoinsAgainWhateverTheJournalSays() {
        Cluster three = TestClusters.cluster(DEDICATED_SYSTEMD);
        Cluster four = grown(three, 1);
        Plan first = plan(four, ClusterPlanBuilderTest.FAKE_FILES, installed(three, ClusterPlanBuilderTest.FAKE_FILES));
        Map<String, String> done = new HashMap<>(installed(three, ClusterPlanBuilderTest.FAKE_FILES).done());
        done.put("etcd3/etcd-quorum", task(first, "etcd3/etcd-quorum").digest());
        done.put("etcd3/etcd-member-add", task(first, "etcd3/etcd-member-add").digest());
        ClusterState state = new ClusterState(true, ConvergePlanTest.names(four.nodes()), true, done).withEtcdMembers(THREE,
                Set.of("https://10.0.0.10:2380", "https://10.0.0.11:2380", "https://10.0.0.12:2380", "https://10.0.0.13:2380"));
        Plan again = plan(four, ClusterPlanBuilderTest.FAKE_FILES, state);
        assertThat(again.tasks()).extracting(Task::id).startsWith("etcd3/prepare", "etcd3/etcd-quorum", "etcd3/etcd-member-add", "etcd3/etcd",
                "etcd/healthy", "master0/apiserver-etcd");
    }

    /** Once it joined, nothing is left to do: no member add, no restart, no API server rewritten again. */
    @Test
    void aMemberThatJoinedIsLeftAsItIs() {
        Cluster three = TestClusters.cluster(DEDICATED_SYSTEMD);
        Cluster four = grown(three, 1);
        Plan grow = plan(four, ClusterPlanBuilderTest.FAKE_FILES, installed(three, ClusterPlanBuilderTest.FAKE_FILES));
        Map<String, String> done = new HashMap<>(installed(three, ClusterPlanBuilderTest.FAKE_FILES).done());
        grow.tasks().forEach(t -> done.put(t.id(), t.digest()));
        ClusterState after = new ClusterState(true, ConvergePlanTest.names(four.nodes()), true, done)
                .withEtcdMembers(Set.of("etcd0", "etcd1", "etcd2", "etcd3"), Set.of());
        assertThat(plan(four, ClusterPlanBuilderTest.FAKE_FILES, after).tasks()).extracting(Task::id)
                .containsExactly("verify/cluster", "verify/etcd", "fetch/admin-conf");
    }

    /** Without a look or the journal's etcd tasks (every member counts as one): nothing joins, as before. */
    @Test
    void withoutKnownMembersEveryMemberOfTheFileCountsAsOne() {
        Cluster four = grown(TestClusters.cluster(DEDICATED_SYSTEMD), 1);
        ClusterState unknown = new ClusterState(true, ConvergePlanTest.names(four.nodes()), true, Map.of());
        assertThat(ClusterPlanBuilder.etcdJoining(four, unknown)).isEmpty();
        assertThat(plan(four, ClusterPlanBuilderTest.FAKE_FILES, unknown).tasks()).extracting(Task::id)
                .noneMatch(id -> id.endsWith("/etcd-member-add") || id.endsWith("/apiserver-etcd"));
        // A new cluster: every member starts at once, none is added.
        assertThat(ClusterPlanBuilder.etcdJoining(four, ClusterState.NONE)).isEmpty();
    }

    @Test
    void aMemberEtcdHasButTheFileDoesNotNameStopsTheJoin() {
        Cluster three = TestClusters.cluster(DEDICATED_SYSTEMD);
        Cluster four = grown(three, 1);
        ClusterState base = installed(three, ClusterPlanBuilderTest.FAKE_FILES);
        ClusterState byName = base.withEtcdMembers(Set.of("etcd0", "etcd1", "etcd2", "old9"), Set.of());
        assertThatThrownBy(() -> ClusterPlanBuilder.etcdJoining(four, byName)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("etcd has a member that cluster.json does not name (old9): etcd3 cannot join until it is removed"
                        + " (etcdctl member remove) or named in cluster.json");
        ClusterState unstarted = base.withEtcdMembers(THREE, Set.of("https://10.0.0.10:2380", "https://10.0.0.11:2380",
                "https://10.0.0.12:2380", "https://10.0.0.99:2380"));
        assertThatThrownBy(() -> plan(four, ClusterPlanBuilderTest.FAKE_FILES, unstarted))
                .hasMessage("etcd has a member that cluster.json does not name (https://10.0.0.99:2380): etcd3 cannot join"
                        + " until it is removed (etcdctl member remove) or named in cluster.json");
        ClusterState none = base.withEtcdMembers(Set.of("a", "b", "c"), Set.of());
        assertThatThrownBy(() -> ClusterPlanBuilder.etcdJoining(four, none)).hasMessage("none of the etcd members in"
                + " cluster.json (etcd0, etcd1, etcd2, etcd3) is a member of the running etcd cluster (a, b, c): kubeha adds"
                + " members to the etcd cluster it made, it does not replace it");
    }

    /**
     * With the real renderers and PKI: the new member's certificates are made from the workspace's
     * etcd CA and nothing else is made anew; its files say existing with the four members; the
     * members that run get files listing four members too, but their tasks' digests are the
     * installation's (initial-cluster is read only with an empty data dir), so they are left out.
     */
    @ParameterizedTest
    @EnumSource(EtcdRuntime.class)
    void withRealFilesTheMembersThatRunAreNotRestartedAndTheNewOneSaysExisting(EtcdRuntime runtime) throws Exception {
        Cluster three = TestClusters.cluster(new Combination(EtcdTopology.DEDICATED, runtime, LoadBalancerMode.EXTERNAL));
        Cluster four = grown(three, 1);
        ClusterPkiGenerator generator = new ClusterPkiGenerator();
        var pki3 = generator.ensure(three, Workspace.at(workspace).pki()).pki();
        var grownPki = generator.ensure(four, Workspace.at(workspace).pki());
        assertThat(grownPki.changes()).filteredOn(c -> c.action() != PkiChange.Action.REUSED).extracting(PkiChange::item)
                .allMatch(item -> item.startsWith("etcd/etcd3/")).isNotEmpty();
        assertThat(grownPki.pki().leaf("etcd/etcd3/server").orElseThrow().certificate().getIssuerX500Principal())
                .isEqualTo(pki3.leaf("etcd/etcd0/server").orElseThrow().certificate().getIssuerX500Principal());

        RenderedFiles installedFiles = RenderedFiles.of(three, pki3);
        ClusterState state = installed(three, installedFiles);
        Map<String, List<String>> joining = ClusterPlanBuilder.etcdJoining(four, state);
        RenderedFiles files = RenderedFiles.of(four, grownPki.pki(), null, joining);
        Plan plan = plan(four, files, state);

        List<String> expected = new ArrayList<>(List.of("etcd3/etcd-quorum", "etcd3/etcd-member-add", "etcd3/etcd",
                "etcd/healthy"));
        if (runtime == EtcdRuntime.STATIC_POD) {
            expected.add(0, "etcd3/prepare");
        }
        assertThat(plan.tasks()).extracting(Task::id).startsWith(expected.toArray(String[]::new));
        String path = runtime == EtcdRuntime.SYSTEMD ? "/etc/etcd.env" : "/etc/kubernetes/manifests/etcd.yaml";
        String newMember = text(files, four, "etcd3", path);
        String existing = text(files, four, "etcd0", path);
        String initialCluster = "etcd0=https://10.0.0.10:2380,etcd1=https://10.0.0.11:2380,etcd2=https://10.0.0.12:2380,"
                + "etcd3=https://10.0.0.13:2380";
        if (runtime == EtcdRuntime.SYSTEMD) {
            assertThat(newMember).contains("ETCD_INITIAL_CLUSTER=" + initialCluster + "\n", "ETCD_INITIAL_CLUSTER_STATE=existing\n");
            assertThat(existing).contains("ETCD_INITIAL_CLUSTER_STATE=new\n");
        } else {
            assertThat(newMember).contains("- \"--initial-cluster=" + initialCluster + "\"\n", "- --initial-cluster-state=existing\n");
            assertThat(existing).contains("- --initial-cluster-state=new\n");
        }
        // The members that run: the same digest as installed, though their files list etcd3.
        assertThat(existing).contains("etcd3=https://10.0.0.13:2380");
        for (String m : List.of("etcd0", "etcd1", "etcd2")) {
            assertThat(plan.task(m + "/etcd")).as(m).isEmpty();
            assertThat(plan(four, files, ClusterState.NONE).task(m + "/etcd").orElseThrow().digest()).as(m)
                    .isEqualTo(state.done().get(m + "/etcd"));
        }
        // A real change to a member still shows: another etcd release changes the digest.
        Cluster other = new Cluster(four.apiVersion(), four.kind(), four.name(), four.kubernetesVersion(), four.ssh(),
                four.privateInterface(), four.nodes(), new dev.kubeha.model.EtcdSettings(EtcdTopology.DEDICATED, runtime, "3.6.6"),
                four.loadBalancer(), four.networking(), four.pki(), four.cni(), four.apiServer(), four.images(), four.airGapped());
        Plan changed = plan(other, RenderedFiles.of(other, grownPki.pki(), null, joining), state);
        assertThat(changed.task("etcd0/etcd-quorum")).isPresent();
        assertThat(waits(changed.task("etcd0/etcd-quorum").orElseThrow())).doesNotContain("10.0.0.13");
    }

    static String text(RenderedFiles files, Cluster cluster, String node, String path) {
        return files.all(cluster.node(node).orElseThrow()).stream().filter(f -> f.path().equals(path)).findFirst()
                .map(f -> new String(f.content(), StandardCharsets.UTF_8)).orElseThrow(() -> new AssertionError(node + " " + path));
    }

    /**
     * etcd run by systemd on the masters: a new master is a new etcd member too. It joins etcd
     * first (on master0, behind the gate); the API servers that run name it next; the new master
     * joins the control plane only after that, reading the ClusterConfiguration master0 uploaded.
     */
    @Test
    void aNewMasterWithCoLocatedSystemdEtcdJoinsEtcdBeforeTheControlPlane() {
        Cluster three = TestClusters.cluster(new Combination(EtcdTopology.CO_LOCATED, EtcdRuntime.SYSTEMD,
                LoadBalancerMode.EXTERNAL));
        List<Node> nodes = new ArrayList<>(three.nodes());
        nodes.add(nodes.indexOf(three.node("master2").orElseThrow()) + 1, new Node("master3", "203.0.113.23", "10.0.0.23",
                null, List.of(Role.CONTROL_PLANE), null, null));
        Cluster four = three.withNodes(nodes);
        Map<String, String> done = new HashMap<>();
        plan(three, ClusterPlanBuilderTest.FAKE_FILES, ClusterState.NONE).tasks().forEach(t -> done.put(t.id(), t.digest()));
        ClusterState state = new ClusterState(true, ConvergePlanTest.names(three.nodes()), true, done)
                .withEtcdMembers(Set.of("master0", "master1", "master2"), Set.of());
        Plan plan = plan(four, ClusterPlanBuilderTest.FAKE_FILES, state);
        assertThat(plan.tasks()).extracting(Task::id).startsWith("bootstrap-token/known", "master3/prepare", "master3/etcd-quorum",
                "master3/etcd-member-add", "master3/etcd", "etcd/healthy", "master0/apiserver-etcd", "master1/apiserver-etcd",
                "master2/apiserver-etcd");
        assertThat(task(plan, "master3/etcd-member-add").node()).isEqualTo("master0");
        assertThat(plan.task("master3/apiserver-etcd")).isEmpty();
        assertThat(ConvergePlanTest.needs(plan, "master3/kubeadm-join", "master2/apiserver-etcd")).isTrue();
        assertThat(plan.tasks()).noneMatch(t -> ConvergePlanTest.restartsEtcd(four, t) && !t.node().equals("master3"));
    }

    /**
     * The journal of a kubeha that digested whole files: an etcd member's task recorded so is
     * still taken as done (no restart on the first apply after the upgrade); the same task with
     * another file is not.
     */
    @Test
    void aDigestRecordedOverTheWholeFileStillStandsForTheTask() {
        Step.UploadFile whole = Step.UploadFile.rootOwned("/etc/etcd.env", 0644, "ETCD_INITIAL_CLUSTER=a\n".getBytes(
                StandardCharsets.UTF_8), false);
        Step.UploadFile withIdentity = whole.withIdentity("ETCD_NAME=etcd0\n".getBytes(StandardCharsets.UTF_8));
        Task legacy = Task.on("etcd0", "etcd0/etcd").step(whole).build();
        Task today = Task.on("etcd0", "etcd0/etcd").step(withIdentity).build();
        assertThat(today.digest()).isNotEqualTo(legacy.digest());
        assertThat(today.recordedAs(today.digest())).isTrue();
        assertThat(today.recordedAs(legacy.digest())).isTrue();
        assertThat(today.recordedAs(Task.on("etcd0", "etcd0/etcd").step(Step.UploadFile.rootOwned("/etc/etcd.env", 0644,
                "ETCD_INITIAL_CLUSTER=b\n".getBytes(StandardCharsets.UTF_8), false)).build().digest())).isFalse();
        assertThat(today.recordedAs(null)).isFalse();
        // Another initial-cluster under the same identity: the same digest.
        Task grown = Task.on("etcd0", "etcd0/etcd").step(Step.UploadFile.rootOwned("/etc/etcd.env", 0644,
                "ETCD_INITIAL_CLUSTER=a,b\n".getBytes(StandardCharsets.UTF_8), false)
                .withIdentity("ETCD_NAME=etcd0\n".getBytes(StandardCharsets.UTF_8))).build();
        assertThat(grown.digest()).isEqualTo(today.digest());
        assertThat(grown).isNotEqualTo(today);
    }
}
