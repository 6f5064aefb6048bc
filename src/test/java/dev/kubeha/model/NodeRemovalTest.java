package dev.kubeha.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What remove-node refuses before any node changes, line by line, on the example cluster (etcd0-2, master0-2, worker0-1). */
class NodeRemovalTest {
    private static final Cluster DEDICATED = ClusterFixtures.parse(ClusterFixtures.VALID);
    private static final Cluster CO_LOCATED = ClusterFixtures.parse(ClusterFixtures.validWith(r -> {
        r.withObjectProperty("etcd").put("topology", "co-located");
        ClusterFixtures.nodes(r).remove(0);
        ClusterFixtures.nodes(r).remove(0);
        ClusterFixtures.nodes(r).remove(0);
    }));

    @Test
    void aWorkerLeavesAndTheRestIsTheClusterAfterwards() {
        NodeRemoval r = NodeRemoval.of(DEDICATED, List.of("worker1"), false);
        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.removed()).extracting(Node::name).containsExactly("worker1");
        assertThat(r.remaining().nodes()).extracting(Node::name)
                .containsExactly("etcd0", "etcd1", "etcd2", "master0", "master1", "master2", "worker0");
        assertThat(r.remaining().name()).isEqualTo("prod-eu1");
    }

    @Test
    void anUnknownNodeIsNamedWithTheNodesThereAre() {
        NodeRemoval r = NodeRemoval.of(DEDICATED, List.of("worker9"), false);
        assertThat(r.allowed()).isFalse();
        assertThat(r.problems()).containsExactly("no node named worker9 in prod-eu1 (its nodes: etcd0, etcd1, etcd2, master0,"
                + " master1, master2, worker0, worker1)");
        assertThat(r.remaining()).isNull();
        assertThat(r.removed()).isEmpty();
    }

    @Test
    void noNameAndANameTwiceAreRefused() {
        assertThat(NodeRemoval.of(DEDICATED, List.of(), false).problems()).containsExactly(
                "name at least one node of prod-eu1 to remove (its nodes: etcd0, etcd1, etcd2, master0, master1, master2,"
                        + " worker0, worker1)");
        assertThat(NodeRemoval.of(DEDICATED, List.of("worker0", "worker0"), false).problems())
                .containsExactly("worker0 is named twice");
    }

    @Test
    void theLastControlPlaneNodesStay() {
        assertThat(NodeRemoval.of(DEDICATED, List.of("master0", "master1", "master2"), true).problems()).containsExactly(
                "master0, master1 and master2 are every control-plane node of prod-eu1: a cluster needs one; add another"
                        + " control-plane node (apply) before removing the last");
        Cluster single = DEDICATED.withNodes(DEDICATED.nodes().stream().filter(n -> !n.name().matches("master[12]")).toList());
        assertThat(NodeRemoval.of(single, List.of("master0"), true).problems()).containsExactly(
                "master0 is the only control-plane node of prod-eu1: a cluster needs one; add another control-plane node"
                        + " (apply) before removing it");
    }

    @Test
    void everyEtcdMemberStaysEvenWithForce() {
        assertThat(NodeRemoval.of(DEDICATED, List.of("etcd0", "etcd1", "etcd2"), true).problems()).containsExactly(
                "etcd0, etcd1 and etcd2 are every etcd member of prod-eu1: the cluster's data would be gone; add members"
                        + " (apply) first, or take the whole cluster down with kubeha reset");
    }

    @Test
    void oneMemberOfThreeMayGoButNotTwoAtOnceAndNotTheSecondOfTwo() {
        NodeRemoval one = NodeRemoval.of(DEDICATED, List.of("etcd2"), false);
        assertThat(one.problems()).isEmpty();
        assertThat(one.warnings()).containsExactly(
                "etcd goes from 3 to 2 members: an even number tolerates no more failures than one member fewer");
        assertThat(one.remaining().etcdMembers()).extracting(Node::name).containsExactly("etcd0", "etcd1");

        assertThat(NodeRemoval.of(DEDICATED, List.of("etcd1", "etcd2"), false).problems()).containsExactly(
                "removing etcd1 and etcd2 leaves 1 of the 3 etcd members, fewer than the 2 that keep quorum: while they"
                        + " are gone, one more failure loses the cluster's data; add a member (apply) first, or use --force");
        assertThat(NodeRemoval.of(one.remaining(), List.of("etcd1"), false).problems()).containsExactly(
                "removing etcd1 leaves 1 of the 2 etcd members, fewer than the 2 that keep quorum: while it is gone, one"
                        + " more failure loses the cluster's data; add a member (apply) first, or use --force");

        NodeRemoval forced = NodeRemoval.of(one.remaining(), List.of("etcd1"), true);
        assertThat(forced.problems()).isEmpty();
        assertThat(forced.warnings()).containsExactly("etcd goes from 2 to 1 member, below the quorum of 2 (--force)");
    }

    @Test
    void coLocatedMastersAreTheMembers() {
        assertThat(NodeRemoval.of(CO_LOCATED, List.of("master2"), false).problems()).isEmpty();
        assertThat(NodeRemoval.of(CO_LOCATED, List.of("master1", "master2"), false).problems()).containsExactly(
                "removing master1 and master2 leaves 1 of the 3 etcd members, fewer than the 2 that keep quorum: while"
                        + " they are gone, one more failure loses the cluster's data; add a member (apply) first, or use --force");
        // Every master: one line, about the control plane (the members go with it).
        assertThat(NodeRemoval.of(CO_LOCATED, List.of("master0", "master1", "master2"), true).problems()).containsExactly(
                "master0, master1 and master2 are every control-plane node of prod-eu1: a cluster needs one; add another"
                        + " control-plane node (apply) before removing the last");
    }

    @Test
    void theLastWorkerMayGoWithAWarning() {
        NodeRemoval r = NodeRemoval.of(DEDICATED, List.of("worker0", "worker1"), false);
        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).containsExactly("no worker is left: pods run only where the control-plane taint allows them");
    }
}
