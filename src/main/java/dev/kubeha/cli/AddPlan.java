package dev.kubeha.cli;

import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.model.NodeAddition;
import dev.kubeha.operation.Workspace;
import dev.kubeha.operation.WorkspaceBusyException;
import dev.kubeha.operation.WorkspaceLock;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.CniSource;
import dev.kubeha.plan.EtcdUploads;
import dev.kubeha.plan.ImageImports;
import dev.kubeha.plan.PackageUploads;
import dev.kubeha.plan.PlanPreparation;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code kubeha plan|export FILE --operation add [--nodes N1,N2]}: the plan that joins nodes of
 * cluster.json to the cluster installed without them, as {@code kubeha apply} would run it on the
 * next day — for a site kubeha cannot reach, or to read first. The nodes come from {@code --nodes}
 * or, without it, from the workspace's install journal (the nodes it records no join or etcd
 * member of). The cluster as installed is cluster.json without them; the plan holds their tasks
 * and what they change on the others. The workspace's PKI must be the install's: a new CA would
 * make files no node of the cluster trusts, so none is made here.
 */
final class AddPlan {
    private AddPlan() {
    }

    /** The nodes added and the plan that adds them. */
    record Planned(NodeAddition addition, PlanPreparation.Prepared prepared) {
    }

    /**
     * Decides the nodes, prints every refusal but the last, and plans.
     *
     * @throws CommandFailure exit 2 for names that are wrong or missing, 1 when there is nothing to add
     */
    static Planned planned(PlanPreparation.Checked checked, List<String> nodes, Workspace workspace,
                                             String command, PrintWriter err, ImageImports images, CniSource cni,
                                             PackageUploads packages) throws CommandFailure, PkiException {
        Cluster cluster = checked.cluster();
        try (WorkspaceLock ignored = workspace.lock(command)) {
            if (!workspace.pki().exists("ca.crt")) {
                throw CommandFailure.usage("no PKI in " + workspace.pki().directory() + ": --operation add plans for a"
                        + " cluster kubeha installed from this workspace; name the install's workspace with --workspace");
            }
            Set<String> recorded = installedByJournal(cluster, workspace);
            NodeAddition addition = NodeAddition.of(cluster, nodes.isEmpty() ? derived(checked, recorded, workspace) : nodes);
            List<String> problems = new ArrayList<>(addition.problems());
            if (recorded != null) {
                for (String name : nodes) {
                    if (recorded.contains(name)) {
                        problems.add("node " + name + " is installed already: " + workspace.journal().file()
                                + " records it; --nodes names the nodes to add");
                    }
                }
            }
            if (!problems.isEmpty()) {
                problems.subList(0, problems.size() - 1).forEach(p -> err.println("kubeha: " + p));
                throw CommandFailure.usage(problems.get(problems.size() - 1));
            }
            err.println("kubeha: adding " + String.join(", ", addition.names()) + " to cluster " + cluster.name()
                    + " as installed without " + (addition.added().size() == 1 ? "it" : "them"));
            PlanPreparation.Prepared prepared = new PlanPreparation().prepareAddition(checked, workspace.pki(),
                    EtcdUploads.NONE, images, cni, packages, addition);
            prepared.warnings().forEach(w -> err.println("kubeha: warning: " + w));
            err.flush();
            return new Planned(addition, prepared);
        } catch (PlanPreparation.PreparationException e) {
            throw CommandFailure.failed(e.getMessage());
        } catch (WorkspaceBusyException e) {
            throw CommandFailure.usage(e.getMessage());
        } catch (IOException e) {
            throw CommandFailure.failed("cannot read the workspace " + workspace + ": " + e.getMessage());
        }
    }

    /** Without --nodes: the nodes the journal records nothing of; refused without a journal, or with nothing to add. */
    private static List<String> derived(PlanPreparation.Checked checked, Set<String> recorded, Workspace workspace)
            throws CommandFailure {
        Cluster cluster = checked.cluster();
        if (recorded == null) {
            throw CommandFailure.usage("--operation add needs --nodes NODE[,NODE...]: " + workspace.root() + " holds no"
                    + " install journal of cluster " + cluster.name() + " to tell which nodes of " + checked.file()
                    + " are new (a cluster installed from a bundle, or from another workspace)");
        }
        List<String> fresh = cluster.nodes().stream().map(Node::name).filter(n -> !recorded.contains(n)).toList();
        if (fresh.isEmpty()) {
            throw CommandFailure.failed("nothing to add: " + workspace.journal().file() + " records every node of "
                    + checked.file() + " installed; add the new nodes to the file first");
        }
        return fresh;
    }

    /**
     * The nodes the install journal records as there: the first master's init, a node's join, a
     * dedicated etcd member's task. Null without a journal of this cluster.
     */
    static Set<String> installedByJournal(Cluster cluster, Workspace workspace) throws IOException {
        Journal.Snapshot journal = workspace.journal().load().orElse(null);
        if (journal == null || !cluster.name().equals(journal.cluster())) {
            return null;
        }
        Set<String> done = journal.tasks().stream().filter(e -> e.state() == TaskState.SUCCEEDED).map(Journal.Entry::id)
                .collect(Collectors.toSet());
        return cluster.nodes().stream().filter(n -> done.contains(n.name() + "/kubeadm-init")
                        || done.contains(n.name() + "/kubeadm-join")
                        || (!cluster.etcd().stacked() && cluster.etcdMembers().contains(n) && done.contains(n.name() + "/etcd")))
                .map(Node::name).collect(Collectors.toSet());
    }
}
