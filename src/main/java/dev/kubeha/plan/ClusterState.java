package dev.kubeha.plan;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What is already there on a cluster's nodes, as far as the journal and a look at the nodes tell:
 * what a plan for an installed cluster leaves out, and whether etcd must be restarted member by
 * member. {@link #NONE} for a cluster nobody installed yet (the whole installation plan).
 *
 * @param controlPlaneExists the cluster was made: {@code kubeadm init} must not run again (kubeadm's
 *                           preflight refuses anyway, and a second init would be a second cluster)
 * @param joined             nodes that are part of the cluster (their kubelet runs with
 *                           {@code /etc/kubernetes/kubelet.conf}): they are not joined again
 * @param etcdRunning        the external etcd cluster is up (formed once, or answering now): a task
 *                           that restarts a member waits until every other member is healthy, and
 *                           members restart one after another
 * @param done               tasks recorded as done, by id, with the {@link Task#digest()} they had
 *                           then: a task with the same digest today is left out. Empty when the
 *                           executor decides that itself (resume)
 * @param recorded           every task the journal records as done, with its digest then, also
 *                           on a resume: an etcd member's task whose digest differs (or that is not
 *                           recorded) restarts a member, which, while etcd runs, goes behind a gate
 * @param resuming           a resume of an unfinished run: its plan stays the installation's but for
 *                           what the nodes say is done (no step is added for an installed cluster)
 * @param etcdMembers        while external etcd runs, the names of its started members (the member
 *                           list, or without a look the members whose etcd task the journal
 *                           records done): a member of the cluster file not among them joins the
 *                           running cluster ({@code etcdctl member add}). Null when not known: every
 *                           member of the cluster file counts as one
 * @param etcdPeerUrls       every member's peer URLs as the member list has them, an added member
 *                           that never started (it has no name yet) included; empty when not known
 */
public record ClusterState(boolean controlPlaneExists, Set<String> joined, boolean etcdRunning, Map<String, String> done,
                           Map<String, String> recorded, boolean resuming, Set<String> etcdMembers,
                           Set<String> etcdPeerUrls) {
    public static final ClusterState NONE = new ClusterState(false, Set.of(), false, Map.of(), Map.of(), false);

    public ClusterState {
        joined = Set.copyOf(Objects.requireNonNull(joined, "joined"));
        done = Map.copyOf(Objects.requireNonNull(done, "done"));
        recorded = Map.copyOf(Objects.requireNonNull(recorded, "recorded"));
        etcdMembers = etcdMembers == null ? null : Set.copyOf(etcdMembers);
        etcdPeerUrls = Set.copyOf(Objects.requireNonNull(etcdPeerUrls, "etcdPeerUrls"));
    }

    public ClusterState(boolean controlPlaneExists, Set<String> joined, boolean etcdRunning, Map<String, String> done,
                        Map<String, String> recorded, boolean resuming) {
        this(controlPlaneExists, joined, etcdRunning, done, recorded, resuming, null, Set.of());
    }

    public ClusterState(boolean controlPlaneExists, Set<String> joined, boolean etcdRunning, Map<String, String> done,
                        Map<String, String> recorded) {
        this(controlPlaneExists, joined, etcdRunning, done, recorded, false);
    }

    /** A converging run's state: what the journal records done is left out of the plan. */
    public ClusterState(boolean controlPlaneExists, Set<String> joined, boolean etcdRunning, Map<String, String> done) {
        this(controlPlaneExists, joined, etcdRunning, done, done);
    }

    /** The same state, with no task left out as done: for a resume, where the executor reads the journal's digests. */
    public ClusterState withoutDone() {
        return new ClusterState(controlPlaneExists, joined, etcdRunning, Map.of(), recorded, true, etcdMembers, etcdPeerUrls);
    }

    /** The same state, knowing etcd's started members by name and every member's peer URLs (see {@link #etcdMembers}). */
    public ClusterState withEtcdMembers(Set<String> names, Set<String> peerUrls) {
        return new ClusterState(controlPlaneExists, joined, etcdRunning, done, recorded, resuming,
                Objects.requireNonNull(names, "names"), peerUrls);
    }

    /**
     * A cluster installed as {@code installed} describes it, by the plan that installs it: every
     * task done with that plan's digest, every kubelet node joined, etcd up. What an {@code add}
     * plan is made against when no journal tells (a cluster installed from a bundle): the nodes
     * there run only what the new nodes change for them.
     */
    public static ClusterState installedAs(dev.kubeha.model.Cluster installed, Plan installation) {
        Map<String, String> done = new java.util.LinkedHashMap<>();
        installation.tasks().forEach(t -> done.put(t.id(), t.digest()));
        Set<String> joined = new java.util.LinkedHashSet<>();
        installed.controlPlaneNodes().forEach(n -> joined.add(n.name()));
        installed.workerNodes().forEach(n -> joined.add(n.name()));
        ClusterState state = new ClusterState(true, joined, !installed.etcd().stacked(), done);
        // etcd has the members it was installed with: an added one joins it (etcdctl member add).
        return installed.etcd().stacked() ? state : state.withEtcdMembers(installed.etcdMembers().stream()
                .map(dev.kubeha.model.Node::name).collect(java.util.stream.Collectors.toSet()), Set.of());
    }

    /** Whether anything at all is known to be there. */
    public boolean installed() {
        return controlPlaneExists || !joined.isEmpty() || etcdRunning || !done.isEmpty();
    }
}
