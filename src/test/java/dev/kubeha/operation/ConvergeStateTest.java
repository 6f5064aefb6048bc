package dev.kubeha.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeha.exec.ClusterSurvey;
import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.EtcdRuntime;
import dev.kubeha.model.EtcdTopology;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.plan.ClusterState;
import dev.kubeha.render.TestClusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the journal and the look at the nodes make of a cluster (ApplyOperation.stateOf): the
 * cluster exists once init is recorded or the API lists a node; a reached node is joined by its
 * kubelet.conf, an unreached one as the journal says; master0's kubelet.conf before the cluster
 * exists is a failed init's, not a cluster.
 */
class ConvergeStateTest {
    /** etcd0..2, master0..2, worker0..1; dedicated etcd run by systemd. */
    static final Cluster CLUSTER = TestClusters.cluster(new TestClusters.Combination(EtcdTopology.DEDICATED,
            EtcdRuntime.SYSTEMD, LoadBalancerMode.EXTERNAL));

    static Journal.Snapshot journal(String... succeeded) {
        List<Journal.Entry> entries = new ArrayList<>();
        for (String id : succeeded) {
            entries.add(new Journal.Entry(id, id.contains("/") && !id.startsWith("etcd/") ? id.substring(0, id.indexOf('/')) : "etcd0",
                    TaskState.SUCCEEDED, true, "digest of " + id, "", "2026-12-04T00:00:00Z"));
        }
        return new Journal.Snapshot(Journal.VERSION, CLUSTER.name(), "2026-12-04T00:00:00Z", entries);
    }

    static ClusterSurvey.NodeLook reached(String node, boolean kubeletConf) {
        return new ClusterSurvey.NodeLook(node, true, kubeletConf, kubeletConf, false, null);
    }

    /** Every node reached; those named have kubelet.conf and a running kubelet. */
    static List<ClusterSurvey.NodeLook> nodes(String... withKubeletConf) {
        List<String> joined = List.of(withKubeletConf);
        return CLUSTER.nodes().stream().map(n -> reached(n.name(), joined.contains(n.name()))).toList();
    }

    static Map<String, Boolean> healthy(boolean value) {
        Map<String, Boolean> map = new LinkedHashMap<>();
        for (String m : List.of("etcd0", "etcd1", "etcd2")) {
            map.put(m, value);
        }
        return map;
    }

    @Test
    void aFinishedJournalAndJoinedNodesMakeAnInstalledCluster() {
        List<String> notes = new ArrayList<>();
        ClusterSurvey.Look look = new ClusterSurvey.Look(nodes("master0", "master1", "master2", "worker0", "worker1"),
                List.of("master0", "master1", "master2", "worker0", "worker1"), "master0", healthy(true),
                List.of("etcd0", "etcd1", "etcd2"));

        ClusterState state = ApplyOperation.stateOf(CLUSTER, journal("master0/kubeadm-init", "etcd/healthy"), look, notes);

        assertThat(state.controlPlaneExists()).isTrue();
        assertThat(state.joined()).containsExactlyInAnyOrder("master0", "master1", "master2", "worker0", "worker1");
        assertThat(state.etcdRunning()).isTrue();
        assertThat(state.done()).containsEntry("master0/kubeadm-init", "digest of master0/kubeadm-init");
        assertThat(notes).containsExactly("on the nodes: kubectl get nodes on master0 lists master0, master1, master2, worker0,"
                + " worker1; etcd members etcd0, etcd1, etcd2, healthy: etcd0, etcd1, etcd2");
    }

    /** A failed first init leaves kubelet.conf on master0 but no API: nothing is installed, init may run. */
    @Test
    void master0sKubeletConfWithoutAnApiServerIsNoCluster() {
        List<String> notes = new ArrayList<>();
        ClusterSurvey.Look look = new ClusterSurvey.Look(nodes("master0"), List.of(), null, healthy(false), List.of());

        ClusterState state = ApplyOperation.stateOf(CLUSTER, null, look, notes);

        assertThat(state.controlPlaneExists()).isFalse();
        assertThat(state.joined()).isEmpty();
        assertThat(state.etcdRunning()).isFalse();
        assertThat(state.installed()).isFalse();
        assertThat(notes).containsExactly("on the nodes: no API server answered kubectl get nodes; etcd lists no member,"
                + " healthy: none");
    }

    /** No journal (removed), but the API lists nodes and etcd answers: installed, nothing recorded as done. */
    @Test
    void withoutAJournalTheNodesTell() {
        List<String> notes = new ArrayList<>();
        ClusterSurvey.Look look = new ClusterSurvey.Look(nodes("master0", "master1", "worker0"),
                List.of("master0", "master1", "master2", "worker0"), "master1", healthy(true), List.of("etcd0", "etcd1", "etcd2"));

        ClusterState state = ApplyOperation.stateOf(CLUSTER, null, look, notes);

        assertThat(state.controlPlaneExists()).isTrue();
        // master2 is listed by the API though its kubelet.conf was not seen; worker1 is neither: it joins.
        assertThat(state.joined()).containsExactlyInAnyOrder("master0", "master1", "master2", "worker0");
        assertThat(state.etcdRunning()).isTrue();
        assertThat(state.done()).isEmpty();
    }

    /** A node that cannot be asked is as the journal says; master0 reached without kubelet.conf is said so. */
    @Test
    void anUnreachedNodeIsAsTheJournalSaysAndAMissingFirstMasterIsNamed() {
        List<String> notes = new ArrayList<>();
        List<ClusterSurvey.NodeLook> nodes = new ArrayList<>(nodes("master1", "master2", "worker1"));
        nodes.replaceAll(n -> n.node().equals("worker0")
                ? new ClusterSurvey.NodeLook("worker0", false, false, false, false, "cannot connect to node worker0: connection refused")
                : n);
        ClusterSurvey.Look look = new ClusterSurvey.Look(nodes, List.of(), null, healthy(true), List.of());

        ClusterState state = ApplyOperation.stateOf(CLUSTER, journal("master0/kubeadm-init", "worker0/kubeadm-join"), look, notes);

        assertThat(state.joined()).containsExactlyInAnyOrder("master1", "master2", "worker0", "worker1");
        assertThat(notes).containsExactly(
                "node worker0 could not be asked (cannot connect to node worker0: connection refused): taken as the journal"
                        + " says, joined",
                "node master0 has no /etc/kubernetes/kubelet.conf but the cluster exists: kubeadm init does not run twice,"
                        + " and joining the first master again is not supported yet",
                "on the nodes: no API server answered kubectl get nodes; etcd lists no member, healthy: etcd0, etcd1, etcd2");
    }

    /** The journal alone (a dry run): what it records done is what is there. */
    @Test
    void theJournalAloneForADryRun() {
        ClusterState state = ApplyOperation.stateOf(CLUSTER, journal("master0/kubeadm-init", "master1/kubeadm-join",
                "worker0/kubeadm-join", "etcd/healthy"), null, new ArrayList<>());

        assertThat(state.controlPlaneExists()).isTrue();
        assertThat(state.joined()).containsExactlyInAnyOrder("master0", "master1", "worker0");
        assertThat(state.etcdRunning()).isTrue();
    }

    /**
     * etcd's members: from the member list when a member answered (an added member that never
     * started has a peer URL but no name yet), else from the journal's done etcd tasks (a dry run).
     */
    @Test
    void etcdsMembersComeFromTheMemberListElseFromTheJournal() {
        ClusterSurvey.Look look = new ClusterSurvey.Look(nodes("master0"), List.of("master0"), "master0", healthy(true),
                List.of("etcd0", "etcd1"), List.of("https://10.0.0.10:2380", "https://10.0.0.11:2380", "https://10.0.0.12:2380"));
        ClusterState seen = ApplyOperation.stateOf(CLUSTER, journal("master0/kubeadm-init", "etcd0/etcd", "etcd1/etcd",
                "etcd2/etcd", "etcd/healthy"), look, new ArrayList<>());
        assertThat(seen.etcdMembers()).containsExactlyInAnyOrder("etcd0", "etcd1");
        assertThat(seen.etcdPeerUrls()).containsExactlyInAnyOrder("https://10.0.0.10:2380", "https://10.0.0.11:2380",
                "https://10.0.0.12:2380");

        ClusterState dryRun = ApplyOperation.stateOf(CLUSTER, journal("master0/kubeadm-init", "etcd0/etcd", "etcd2/etcd",
                "etcd/healthy"), null, new ArrayList<>());
        assertThat(dryRun.etcdMembers()).containsExactlyInAnyOrder("etcd0", "etcd2");
        assertThat(dryRun.etcdPeerUrls()).isEmpty();

        // Nothing runs yet: no members, nothing joins (the installation starts them all).
        assertThat(ApplyOperation.stateOf(CLUSTER, null, null, new ArrayList<>()).etcdMembers()).isNull();
    }
}
