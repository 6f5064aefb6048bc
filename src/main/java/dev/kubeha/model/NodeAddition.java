package dev.kubeha.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which nodes of cluster.json an {@code add} plan joins to the installed cluster ({@code kubeha
 * plan|export --operation add}), decided before anything is rendered: the cluster as it was
 * installed is cluster.json without them, and the plan holds what differs from that. Refused, one
 * line each: a name the cluster does not have, a name given twice, the first control-plane node
 * (kubeadm init made the cluster there; it is never added) and every etcd member at once (the
 * cluster that runs has its etcd).
 *
 * @param problems refusals, one line each; none: {@link #before()} is the installed cluster
 * @param added    the nodes to add, in cluster.json's order
 * @param before   the cluster without them, as it runs today; null with problems
 */
public record NodeAddition(List<String> problems, List<Node> added, Cluster before) {

    public NodeAddition {
        problems = List.copyOf(problems);
        added = List.copyOf(added);
    }

    public boolean allowed() {
        return problems.isEmpty();
    }

    /** The names of the added nodes, in cluster.json's order. */
    public List<String> names() {
        return added.stream().map(Node::name).toList();
    }

    /**
     * @param names the nodes to add, as the user gave them (or as the install's journal tells)
     */
    public static NodeAddition of(Cluster cluster, List<String> names) {
        Objects.requireNonNull(cluster, "cluster");
        List<String> problems = new ArrayList<>();
        if (names.isEmpty()) {
            problems.add("name at least one node of " + cluster.name() + " to add (its nodes: "
                    + NodeRemoval.nodeNames(cluster.nodes()) + ")");
            return new NodeAddition(problems, List.of(), null);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names) {
            if (!wanted.add(name)) {
                problems.add(name + " is named twice");
            } else if (cluster.node(name).isEmpty()) {
                problems.add("no node named " + name + " in " + cluster.name() + " (its nodes: "
                        + NodeRemoval.nodeNames(cluster.nodes()) + "): add it to the cluster file first");
            }
        }
        if (!problems.isEmpty()) {
            return new NodeAddition(problems, List.of(), null);
        }
        List<Node> added = cluster.nodes().stream().filter(n -> wanted.contains(n.name())).toList();
        Node master0 = cluster.controlPlaneNodes().isEmpty() ? null : cluster.controlPlaneNodes().get(0);
        if (master0 != null && wanted.contains(master0.name())) {
            problems.add(master0.name() + " cannot be added: it is the first control-plane node of " + cluster.name()
                    + ", where kubeadm init made the cluster");
        }
        Cluster before = cluster.withNodes(cluster.nodes().stream().filter(n -> !wanted.contains(n.name())).toList());
        if (!cluster.etcd().stacked() && before.etcdMembers().isEmpty()) {
            problems.add(NodeRemoval.nodeNames(cluster.etcdMembers()) + " cannot all be added: they are every etcd member"
                    + " of " + cluster.name() + ", and the cluster that runs has its etcd");
        }
        return problems.isEmpty() ? new NodeAddition(problems, added, before) : new NodeAddition(problems, List.of(), null);
    }
}
