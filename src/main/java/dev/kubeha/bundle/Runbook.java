package dev.kubeha.bundle;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.KubehaVersion;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.plan.Step;
import dev.kubeha.plan.Task;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code RUNBOOK.md}: which node runs what, in which order, written from the plan's rounds. */
final class Runbook {
    /** The files the operator copies to the workstation at the end: a fetch step's file. */
    private static final Step.Visitor<List<Step.FetchFile>> FETCHED = Step.Visitor.of(upload -> List.of(),
            run -> List.of(), wait -> List.of(), fetch -> List.of(fetch));

    private Runbook() {
    }

    static String render(Cluster cluster, Rounds rounds, int taskCount, boolean packagesIncluded) {
        return render(cluster, rounds, taskCount, packagesIncluded, List.of());
    }

    /**
     * @param added the nodes an add bundle joins to the running cluster; empty for an installation
     */
    static String render(Cluster cluster, Rounds rounds, int taskCount, boolean packagesIncluded, List<String> added) {
        StringBuilder md = new StringBuilder();
        if (added.isEmpty()) {
            md.append("# Runbook: ").append(cluster.name()).append("\n\n");
        } else {
            md.append("# Runbook: adding ").append(String.join(", ", added)).append(" to ").append(cluster.name())
                    .append("\n\n");
            md.append("The cluster runs already, with every node of `cluster.json` but ").append(String.join(", ", added))
                    .append(". This bundle joins ").append(added.size() == 1 ? "it" : "them")
                    .append("; a node that runs already does only what the new nodes change for it (a load balancer's")
                    .append(" backends, the bootstrap token the joins use). kubeadm init does not run.\n\n");
        }
        md.append("Made by kubeha ").append(KubehaVersion.get()).append(" from `cluster.json` in this bundle: ")
                .append(cluster.nodes().size()).append(" nodes, ").append(taskCount).append(" tasks in ")
                .append(rounds.count()).append(" rounds, Kubernetes ").append(cluster.kubernetesVersion())
                .append(", etcd ").append(cluster.etcd().topology().wireName()).append(" / ")
                .append(cluster.etcd().runtime().wireName()).append(", load balancer ")
                .append(cluster.loadBalancer().mode().wireName()).append(" at `")
                .append(cluster.loadBalancer().endpoint()).append("`.\n\n");
        md.append("These are the same steps `kubeha apply` runs over SSH, in the same order.\n\n");

        md.append("## Nodes\n\n| node | private address | roles |\n|---|---|---|\n");
        for (Node n : cluster.nodes()) {
            md.append("| ").append(n.name()).append(" | ").append(n.privateAddress()).append(" | ")
                    .append(n.roles().stream().map(Role::wireName).collect(Collectors.joining(", "))).append(" |\n");
        }

        md.append("\n## Before you start\n\n");
        md.append("1. Check the bundle: `sha256sum -c SHA256SUMS` (every line must say OK).\n");
        boolean imagesIncluded = rounds.byRound().values().stream().flatMap(m -> m.values().stream())
                .flatMap(List::stream).anyMatch(t -> t.id().endsWith("/images"));
        String also = packagesIncluded && imagesIncluded ? ", `packages/` and `images/`"
                : packagesIncluded ? " and `packages/`" : imagesIncluded ? " and `images/`" : "";
        md.append("2. Check it is complete for a site without internet: `kubeha bundle verify <bundle>` on the\n")
                .append("   workstation; each install.sh checks its own node's part before it changes anything.\n");
        md.append("3. Copy the bundle to every node: the whole bundle, or at least `nodes/<node>/`")
                .append(also).append(".\n");
        if (imagesIncluded) {
            md.append("   `images/` holds the container images; each node imports its own into containerd before\n")
                    .append("   kubeadm runs, so nothing is pulled.\n");
        }
        md.append("4. The bundle holds private keys and the join token: keep it private, and delete it from the\n")
                .append("   nodes when the cluster is up.\n");
        md.append("5. On a node, `nodes/<node>/install.sh --dry-run` shows what the next round will do, and\n")
                .append("   `--list` every task with its round and whether it is done.\n");
        if (packagesIncluded) {
            md.append("6. `packages/` holds the packages brought along; the scripts use them instead of the network.\n");
        } else {
            md.append("6. The nodes need the Kubernetes packages: from their package repositories, or export again\n")
                    .append("   with `--fetch-packages --distro D` or `--include-packages DIR` for an air-gapped site.\n");
        }

        md.append("\nEach round: run `sudo ./install.sh` in `nodes/<node>/` on every node the round names; the nodes\n")
                .append("of one round can run at the same time. Start a round only when the previous one has finished\n")
                .append("on all its nodes. A script that fails can be run again: what is done is skipped.\n");

        for (Map.Entry<Integer, Map<String, List<Task>>> round : rounds.byRound().entrySet()) {
            md.append("\n## Round ").append(round.getKey()).append("\n\n| node | run | tasks |\n|---|---|---|\n");
            for (Map.Entry<String, List<Task>> node : round.getValue().entrySet()) {
                md.append("| ").append(node.getKey()).append(" | `sudo nodes/").append(node.getKey())
                        .append("/install.sh` | ")
                        .append(node.getValue().stream().map(Task::title).collect(Collectors.joining("; ")))
                        .append(" |\n");
            }
        }

        md.append("\n## When the last round is done\n\n");
        rounds.byRound().values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                .flatMap(t -> t.steps().stream().flatMap(s -> s.accept(FETCHED).stream())
                        .map(f -> Map.entry(t.node(), f)))
                .forEach(e -> md.append("- Copy `").append(e.getValue().path()).append("` from ").append(e.getKey())
                        .append(" to your workstation (mode 0600): `kubectl --kubeconfig ")
                        .append(e.getValue().workspaceName()).append(" get nodes`.\n"));
        md.append("- Remove the bundle from the nodes: it holds private keys.\n");
        return md.toString();
    }

    /**
     * The runbook of a reset bundle ({@code kubeha export --operation reset}): the nodes, the
     * plan's notes (order, etcd, what stays), and the rounds of {@code reset.sh}.
     */
    static String renderReset(Cluster cluster, Rounds rounds, int taskCount, List<String> notes) {
        StringBuilder md = new StringBuilder();
        md.append("# Runbook: reset of ").append(cluster.name()).append("\n\n");
        md.append("Made by kubeha ").append(KubehaVersion.get()).append(" from `cluster.json` in this bundle: ")
                .append(cluster.nodes().size()).append(" nodes, ").append(taskCount).append(" tasks in ")
                .append(rounds.count()).append(" rounds. It takes every node back to before kubeha: kubeadm reset, then\n")
                .append("what kubeadm reset leaves (etcd's unit, data and certificates, the load balancer's configuration,\n")
                .append("the CNI configuration and interfaces, Kubernetes' iptables rules) and kubeha's files.\n")
                .append("Everything that runs on the cluster and every piece of its data is deleted.\n\n");
        md.append("These are the same steps `kubeha reset` runs over SSH, in the same order.\n\n");
        for (String note : notes) {
            md.append("- ").append(note).append(".\n");
        }
        md.append("\n## Nodes\n\n| node | private address | roles |\n|---|---|---|\n");
        for (Node n : cluster.nodes()) {
            md.append("| ").append(n.name()).append(" | ").append(n.privateAddress()).append(" | ")
                    .append(n.roles().stream().map(Role::wireName).collect(Collectors.joining(", "))).append(" |\n");
        }
        md.append("\n## Before you start\n\n");
        md.append("1. Check the bundle: `sha256sum -c SHA256SUMS` (every line must say OK).\n");
        md.append("2. Copy `nodes/<node>/` to every node. The reset needs nothing else: no packages, no network.\n");
        md.append("3. On a node, `nodes/<node>/reset.sh --dry-run` shows what the next round will do, and `--list`\n")
                .append("   every task with its round and whether it is done.\n");
        md.append("\nEach round: run `sudo ./reset.sh` in `nodes/<node>/` on every node the round names; the nodes of\n")
                .append("one round can run at the same time. Start a round only when the previous one has finished on\n")
                .append("all its nodes. A script that fails can be run again: every step of a reset can.\n");
        for (Map.Entry<Integer, Map<String, List<Task>>> round : rounds.byRound().entrySet()) {
            md.append("\n## Round ").append(round.getKey()).append("\n\n| node | run | tasks |\n|---|---|---|\n");
            for (Map.Entry<String, List<Task>> node : round.getValue().entrySet()) {
                md.append("| ").append(node.getKey()).append(" | `sudo nodes/").append(node.getKey())
                        .append("/reset.sh` | ")
                        .append(node.getValue().stream().map(Task::title).collect(Collectors.joining("; ")))
                        .append(" |\n");
            }
        }
        md.append("\n## When the last round is done\n\n");
        md.append("- Once all of a node's tasks are done, reset.sh removes its own markers: nothing of kubeha is left on\n")
                .append("  the node. Remove the bundle from the nodes.\n");
        md.append("- On the workstation, kubeha's workspace of the cluster still holds its journal: move `journal.json`\n")
                .append("  away (or run `kubeha reset` there, which archives it) before the next `kubeha apply`.\n");
        return md.toString();
    }

    /**
     * The runbook of a node removal's bundle ({@code kubeha export --operation remove-node}): the
     * nodes, the plan's notes, the etcd health gate, the rounds of {@code remove-node.sh} with the
     * external load balancer's part where it comes, and cluster.json at the end.
     */
    static String renderRemoveNode(Cluster cluster, List<String> removed, Rounds rounds, dev.kubeha.plan.Plan plan,
                                   List<String> notes, boolean secret) {
        String names = String.join(", ", removed);
        StringBuilder md = new StringBuilder();
        md.append("# Runbook: removal of ").append(names).append(" from ").append(cluster.name()).append("\n\n");
        md.append("Made by kubeha ").append(KubehaVersion.get()).append(" from `cluster.before.json` in this bundle and the\n")
                .append("PKI of kubeha's workspace of the cluster: ").append(plan.tasks().size()).append(" tasks in ")
                .append(rounds.count()).append(" rounds. It takes ").append(names).append(" out of the cluster:\n")
                .append("drained, taken out of etcd, reset and deleted from the API, as each one's roles need; the nodes\n")
                .append("that stay are rewritten where they named them.\n\n");
        md.append("These are the same steps `kubeha remove-node` runs over SSH, in the same order.\n\n");
        md.append("- every removed node runs its own `remove-node.sh` (its drain happens elsewhere, its reset on it):"
                + " a node that cannot be\n  reached or started has no place in this bundle; run `kubeha remove-node --force`"
                + " for it, which skips its own tasks.\n");
        for (String note : notes) {
            if (!note.equals(dev.kubeha.plan.RemoveNodePlanBuilder.EVERY_NODE_ANSWERS)) {
                md.append("- ").append(note.replace("cluster.json is rewritten without",
                        "cluster.json is to be rewritten by hand without")).append(".\n");
            }
        }
        md.append("\n## Nodes\n\n| node | private address | roles | removed |\n|---|---|---|---|\n");
        for (Node n : cluster.nodes()) {
            md.append("| ").append(n.name()).append(" | ").append(n.privateAddress()).append(" | ")
                    .append(n.roles().stream().map(Role::wireName).collect(Collectors.joining(", "))).append(" | ")
                    .append(removed.contains(n.name()) ? "yes" : "no").append(" |\n");
        }
        md.append("\n## Before you start\n\n");
        md.append("1. Check the bundle: `sha256sum -c SHA256SUMS` (every line must say OK).\n");
        md.append("2. Copy `nodes/<node>/` to every node that has one. The removal needs nothing else: no packages, no\n")
                .append("   network beyond the cluster's own.\n");
        if (secret) {
            md.append("3. Some of the files under `nodes/<node>/root/` are secret (they hold keys or tokens): keep the\n")
                    .append("   bundle private, and delete it from the nodes when the removal is done.\n");
        } else {
            md.append("3. The bundle holds no secret.\n");
        }
        md.append("4. On a node, `nodes/<node>/remove-node.sh --dry-run` shows what the next round will do, and `--list`\n")
                .append("   every task with its round and whether it is done.\n");
        Task gate = plan.byId().get(dev.kubeha.plan.RemoveNodePlanBuilder.HEALTH_GATE);
        if (gate != null) {
            md.append("\n## The etcd health gate\n\n");
            md.append("Round ").append(rounds.roundOf(gate.id())).append(" on ").append(gate.node())
                    .append(" checks first that ").append(gate.title()).append(".\n")
                    .append("If it fails, stop: nothing has changed yet. Make etcd healthy, then run the round again.\n")
                    .append("Each etcd member is removed one at a time, and the next only once the members that stay are\n")
                    .append("healthy again: a script waiting for that health is the gate doing its work.\n");
        }
        md.append("\nEach round: run `sudo ./remove-node.sh` in `nodes/<node>/` on every node the round names; the nodes\n")
                .append("of one round can run at the same time. Start a round only when the previous one has finished on\n")
                .append("all its nodes. A script that fails can be run again: every step of a removal can.\n");
        for (Map.Entry<Integer, Map<String, List<Task>>> round : rounds.byRound().entrySet()) {
            md.append("\n## Round ").append(round.getKey()).append("\n\n");
            round.getValue().values().stream().flatMap(List::stream).filter(t -> t.checkpoint() != null)
                    .forEach(t -> md.append("Before this round, on the external load balancer: ")
                            .append(t.checkpoint().describe()).append(".\n").append(t.node())
                            .append("'s remove-node.sh then waits until the load balancer still serves the API server's")
                            .append(" `/healthz`\nthrough the masters that stay.\n\n"));
            md.append("| node | run | tasks |\n|---|---|---|\n");
            for (Map.Entry<String, List<Task>> node : round.getValue().entrySet()) {
                md.append("| ").append(node.getKey()).append(" | `sudo nodes/").append(node.getKey())
                        .append("/remove-node.sh` | ")
                        .append(node.getValue().stream().map(Task::title).collect(Collectors.joining("; ")))
                        .append(" |\n");
            }
        }
        md.append("\n## When the last round is done\n\n");
        boolean one = removed.size() == 1;
        md.append("- Once all of a node's tasks are done, remove-node.sh removes its own markers. ").append(names)
                .append(one ? " then holds" : " then hold")
                .append("\n  nothing of kubeha or of the cluster. Remove the bundle from the nodes.\n");
        md.append("- Take ").append(names).append(" out of cluster.json on the workstation: this bundle's `cluster.json` is the\n")
                .append("  cluster after the removal (`cluster.before.json` is the one the plan was made from), so replace\n")
                .append("  yours with it, or delete ").append(one ? "its entry" : "their entries")
                .append(" by hand. Until then, `kubeha apply` would install ").append(one ? "it" : "them")
                .append(" again.\n");
        return md.toString();
    }
}
