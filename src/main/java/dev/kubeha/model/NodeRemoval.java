package dev.kubeha.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether nodes may leave a cluster ({@code kubeha remove-node FILE NODE…}), decided from
 * cluster.json before anything on a node changes: each refusal is one line that names the nodes
 * and says what to do instead. Always refused: a name the cluster does not have, every
 * control-plane node, every etcd member. Refused unless forced: a removal that leaves fewer etcd
 * members than the quorum of the members there are now (a majority), since etcd loses its data's
 * safety the moment one of the rest fails while the removed are gone; one member at a time keeps
 * that, two of three does not.
 *
 * <p>Whether the remaining members are healthy is asked on the nodes when the removal runs; this
 * is the part that needs no node.
 *
 * @param problems  refusals, one line each; none: {@link #remaining()} is the cluster afterwards
 * @param warnings  what the user should know but may accept (no worker left, …)
 * @param removed   the nodes leaving, in cluster.json's order
 * @param remaining the cluster without them (cluster.json once the removal succeeded); null with problems
 * @param badNames  the problems are with the names given (none, unknown, twice): bad usage rather
 *                  than a removal the cluster cannot take
 */
public record NodeRemoval(List<String> problems, List<String> warnings, List<Node> removed, Cluster remaining,
                          boolean badNames) {

    public NodeRemoval {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        removed = List.copyOf(removed);
    }

    public boolean allowed() {
        return problems.isEmpty();
    }

    /**
     * @param names the nodes to remove, as the user gave them
     * @param force the user accepts a removal below the quorum of the current members
     */
    public static NodeRemoval of(Cluster cluster, List<String> names, boolean force) {
        Objects.requireNonNull(cluster, "cluster");
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (names.isEmpty()) {
            problems.add("name at least one node of " + cluster.name() + " to remove (its nodes: " + nodeNames(cluster.nodes()) + ")");
            return new NodeRemoval(problems, warnings, List.of(), null, true);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names) {
            if (!wanted.add(name)) {
                problems.add(name + " is named twice");
            } else if (cluster.node(name).isEmpty()) {
                problems.add("no node named " + name + " in " + cluster.name() + " (its nodes: " + nodeNames(cluster.nodes()) + ")");
            }
        }
        if (!problems.isEmpty()) {
            return new NodeRemoval(problems, warnings, List.of(), null, true);
        }
        List<Node> removed = cluster.nodes().stream().filter(n -> wanted.contains(n.name())).toList();
        List<Node> kept = cluster.nodes().stream().filter(n -> !wanted.contains(n.name())).toList();
        Cluster remaining = cluster.withNodes(kept);

        List<Node> masters = cluster.controlPlaneNodes();
        if (remaining.controlPlaneNodes().isEmpty()) {
            problems.add(listed(masters) + (masters.size() == 1 ? " is the only control-plane node of " : " are every control-plane node of ")
                    + cluster.name() + ": a cluster needs one; add another control-plane node (apply) before removing "
                    + (masters.size() == 1 ? "it" : "the last"));
        }
        List<Node> members = cluster.etcdMembers();
        List<Node> membersLeft = remaining.etcdMembers();
        int membersRemoved = members.size() - membersLeft.size();
        if (membersRemoved > 0 && membersLeft.isEmpty()) {
            // Co-located: the masters are the members, and the line above said so already.
            if (cluster.etcd().topology() == EtcdTopology.DEDICATED) {
                problems.add(listed(members) + (members.size() == 1 ? " is the only etcd member of " : " are every etcd member of ")
                        + cluster.name() + ": the cluster's data would be gone; add members (apply) first, or take the whole"
                        + " cluster down with kubeha reset");
            }
        } else if (membersRemoved > 0) {
            int quorum = members.size() / 2 + 1;
            if (membersLeft.size() < quorum && !force) {
                List<Node> leaving = members.stream().filter(m -> wanted.contains(m.name())).toList();
                problems.add("removing " + listed(leaving) + " leaves " + membersLeft.size() + " of the " + members.size()
                        + " etcd members, fewer than the " + quorum + " that keep quorum: while "
                        + (leaving.size() == 1 ? "it is" : "they are") + " gone, one more failure loses the cluster's data;"
                        + " add a member (apply) first, or use --force");
            } else if (membersLeft.size() < quorum) {
                warnings.add("etcd goes from " + members.size() + " to " + membersLeft.size()
                        + (membersLeft.size() == 1 ? " member" : " members") + ", below the quorum of " + quorum + " (--force)");
            } else if (membersLeft.size() % 2 == 0) {
                warnings.add("etcd goes from " + members.size() + " to " + membersLeft.size()
                        + " members: an even number tolerates no more failures than one member fewer");
            }
        }
        if (problems.isEmpty() && !cluster.workerNodes().isEmpty() && remaining.workerNodes().isEmpty()) {
            warnings.add("no worker is left: pods run only where the control-plane taint allows them");
        }
        return problems.isEmpty()
                ? new NodeRemoval(problems, warnings, removed, remaining, false)
                : new NodeRemoval(problems, warnings, List.of(), null, false);
    }

    static String nodeNames(List<Node> nodes) {
        return String.join(", ", nodes.stream().map(Node::name).toList());
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String listed(List<Node> nodes) {
        List<String> names = nodes.stream().map(Node::name).toList();
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
