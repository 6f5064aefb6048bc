package dev.kubeha.cli;

import dev.kubeha.exec.ExecOptions;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.Node;
import dev.kubeha.model.NodeRemoval;
import dev.kubeha.model.Role;
import dev.kubeha.operation.OperationException;
import dev.kubeha.operation.OperationRun;
import dev.kubeha.operation.Outcome;
import dev.kubeha.operation.RemoveNodeOperation;
import dev.kubeha.operation.Secrets;
import dev.kubeha.operation.TransportFactory;
import dev.kubeha.operation.Workspace;
import dev.kubeha.operation.WorkspaceBusyException;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.plan.RemoveNodePlanBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kubeha remove-node FILE NODE…}: nodes out of an installed cluster, through the same
 * engine as {@code apply}. What the cluster cannot take is refused from cluster.json alone, one
 * line each, before the workspace is touched; the rest is a plan whose first task checks that the
 * etcd members that stay are healthy. The cluster file is rewritten without the nodes only once
 * every task succeeded.
 */
@Command(name = "remove-node", mixinStandardHelpOptions = true,
        description = {"Takes nodes out of the installed cluster: the etcd members that stay must be healthy first;"
                + " then each worker or master is cordoned and drained, an etcd member is removed with etcdctl (one at a"
                + " time, etcd healthy again before the next; a removed dedicated member is first dropped from every"
                + " API server's --etcd-servers), the node is reset as kubeha reset would, and deleted from the API;"
                + " last, HAProxy and keepalived on the remaining masters forget a removed master (or the external"
                + " load balancer's checkpoint names it).",
                "Refused: an unknown node, every control-plane node, every etcd member, and (unless --force) a removal"
                + " that leaves fewer etcd members than the quorum of those there are now. A removed node that does not"
                + " answer over SSH stops the removal before anything changes, unless --force: then nothing runs on it.",
                "FILE is rewritten without the nodes once every task succeeded (the old file goes to"
                + " <workspace>/archive); a removal that stopped continues when run again with the same nodes."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the nodes are removed and FILE rewritten",
                "1:the cluster file has errors, the removal is refused for the cluster's sake, etcd is not healthy,"
                        + " a removed node does not answer (without --force), or a task failed",
                "2:bad usage (an unknown node name), unreadable input, no install in the workspace, or no confirmation"
                        + " possible"})
final class RemoveNodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspaceOption;

    @Parameters(index = "0", paramLabel = "FILE", description = "cluster.json (or .yaml/.yml) of the installed cluster")
    Path file;

    @Parameters(index = "1..*", paramLabel = "NODE", description = "the nodes to remove, by name")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--force", description = "remove below the quorum of the current etcd members, and remove nodes"
            + " that do not answer over SSH (nothing runs on them: reset them by hand before they come back)")
    boolean force;

    @Option(names = {"-y", "--yes"}, description = "remove without asking")
    boolean yes;

    @Option(names = "--dry-run", description = "print what would run on each node; connect to none, change nothing")
    boolean dryRun;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ExecOptions.DEFAULT_CONCURRENCY,
            description = "at most N nodes work at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--accept-new-host-keys", description = "trust and record host keys seen for the first time"
            + " (a changed key still stops the run)")
    boolean acceptNewHostKeys;

    /** Set by {@link Cli}: the environment and the console. */
    Terminal terminal = Terminal.system();

    /** Names the log file and the archived files (UTC time). */
    Clock clock = Clock.systemUTC();

    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() throws ClusterFileException, CommandFailure {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if (concurrency < 1) {
            throw CommandFailure.usage("--concurrency must be at least 1, not " + concurrency);
        }
        PlanPreparation.Checked checked = PlanSetup.check(file, err);
        Cluster cluster = checked.cluster();
        NodeRemoval removal = allowed(NodeRemoval.of(cluster, nodes, force), err);
        removal.warnings().forEach(w -> err.println("kubeha: warning: " + w));
        err.flush();
        List<String> names = removal.removed().stream().map(Node::name).toList();
        if (!dryRun && !yes && !terminal.interactive()) {
            // Before the workspace is touched.
            throw CommandFailure.usage("remove-node takes " + listed(names) + " out of cluster " + cluster.name()
                    + " and asks first, but there is no terminal to ask: run it in a terminal, or pass --yes");
        }
        Workspace workspace = workspaceOption.resolve(cluster);
        String command = "kubeha remove-node " + file + " " + String.join(" ", names) + (force ? " --force" : "")
                + (dryRun ? " --dry-run" : "");
        try (RemoveNodeOperation operation = open(checked, removal, workspace, command)) {
            refuseWithoutInstall(operation.start(), cluster);
            if (dryRun) {
                return dryRun(operation);
            }
            RemoveNodePlanBuilder.Result planned = plan(operation, Set.of());
            before(operation, planned).forEach(out::println);
            if (operation.start() instanceof RemoveNodeOperation.Start.Continue c) {
                out.println("Continuing the removal recorded in " + c.journal() + ": " + c.done() + " of " + c.total()
                        + " tasks succeeded");
            }
            if (!yes && !confirmed(names, cluster)) {
                err.println("kubeha: stopped before the first task; no node was changed");
                return Cli.FAILED;
            }
            try {
                operation.secrets().gather(operation.targets().values());
            } catch (Secrets.MissingSecretException e) {
                throw CommandFailure.usage(RunSecrets.missingLogin(e));
            }
            HostKeyDecision hostKeys = new HostKeyDecision(terminal, acceptNewHostKeys, out);
            operation.connect(hostKeys);
            Map<String, String> dead = unreachable(operation);
            if (!dead.isEmpty()) {
                planned = plan(operation, dead.keySet());
                planned.notes().stream().filter(n -> dead.keySet().stream().anyMatch(n::startsWith))
                        .forEach(n -> out.println("Note: " + n));
            }
            return run(operation, planned.plan(), command, hostKeys);
        }
    }

    /** The removal, or every refusal printed (one line each) and the command ended with the last. */
    static NodeRemoval allowed(NodeRemoval removal, PrintWriter err) throws CommandFailure {
        if (removal.allowed()) {
            return removal;
        }
        List<String> problems = removal.problems();
        problems.subList(0, problems.size() - 1).forEach(p -> err.println("kubeha: " + p));
        String last = problems.get(problems.size() - 1) + "; nothing was changed";
        throw removal.badNames() ? CommandFailure.usage(last) : CommandFailure.failed(last);
    }

    private RemoveNodeOperation open(PlanPreparation.Checked checked, NodeRemoval removal, Workspace workspace,
                                     String command) throws CommandFailure {
        try {
            return RemoveNodeOperation.open(checked, removal, force, workspace, RunSecrets.of(terminal), command,
                    TransportFactory.SSH, clock);
        } catch (WorkspaceBusyException | OperationException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }

    private static RemoveNodePlanBuilder.Result plan(RemoveNodeOperation operation, Set<String> unreachable)
            throws CommandFailure {
        try {
            return operation.plan(unreachable);
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private void refuseWithoutInstall(RemoveNodeOperation.Start start, Cluster cluster) throws CommandFailure {
        if (start instanceof RemoveNodeOperation.Start.NeverInstalled n) {
            throw CommandFailure.usage("workspace " + n.workspace() + " has no install of cluster " + cluster.name()
                    + " (no journal or no PKI): remove-node works on a cluster kubeha installed; name the install's"
                    + " workspace with --workspace");
        }
        if (start instanceof RemoveNodeOperation.Start.OtherCluster o) {
            throw CommandFailure.usage(o.journal() + " records cluster " + o.recorded() + ", not " + cluster.name()
                    + ": use another --workspace");
        }
        if (start instanceof RemoveNodeOperation.Start.OtherRemoval o) {
            throw CommandFailure.usage("a removal of " + listed(o.nodes()) + " stopped (" + o.journal() + "): finish it"
                    + " first with kubeha remove-node " + file + " " + String.join(" ", o.nodes()));
        }
    }

    /** The nodes leaving with their roles, the plan's notes, what happens to the file. */
    private List<String> before(RemoveNodeOperation operation, RemoveNodePlanBuilder.Result planned) {
        Cluster cluster = operation.checked().cluster();
        List<Node> removed = operation.removal().removed();
        int width = removed.stream().mapToInt(n -> n.name().length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        lines.add("Remove from cluster " + cluster.name() + " (" + cluster.nodes().size() + " nodes, "
                + operation.removal().remaining().nodes().size() + " afterwards):");
        for (Node node : removed) {
            lines.add("  " + String.format("%-" + width + "s", node.name()) + "  " + node.host() + "  "
                    + node.roles().stream().map(Role::wireName).collect(Collectors.joining(", ")));
        }
        planned.notes().forEach(n -> lines.add("Note: " + n));
        lines.add("Plan: " + planned.plan().tasks().size() + " tasks (kubeha plan " + file + " --operation remove-node --nodes "
                + String.join(",", removed.stream().map(Node::name).toList()) + " shows every step)");
        return lines;
    }

    private boolean confirmed(List<String> names, Cluster cluster) {
        String answer = terminal.readLine("Type yes to remove " + listed(names) + " from " + cluster.name() + ": ");
        return answer != null && answer.trim().equals("yes");
    }

    /** The removed nodes that do not answer: refused without --force, named with it. */
    private Map<String, String> unreachable(RemoveNodeOperation operation) throws CommandFailure {
        Map<String, String> dead;
        try {
            dead = operation.unreachable();
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage() + "; nothing was changed");
        }
        if (!dead.isEmpty() && !force) {
            List<String> lines = new ArrayList<>();
            dead.forEach((node, why) -> lines.add("node " + node + " does not answer over SSH (" + why + ")"));
            lines.subList(0, lines.size() - 1).forEach(l -> err.println("kubeha: " + l));
            throw CommandFailure.failed(lines.get(lines.size() - 1) + ": nothing was changed; bring it back, or pass"
                    + " --force to remove it without resetting it");
        }
        return dead;
    }

    private int run(RemoveNodeOperation operation, Plan plan, String command, HostKeyDecision hostKeys)
            throws CommandFailure {
        try (CancelOnInterrupt ignored = new CancelOnInterrupt(operation.run())) {
            Outcome outcome = operation.run(plan, command, concurrency, List.of(new ProgressPrinter(out, plan)),
                    log -> out.println("Log: " + log));
            return report(operation, outcome, hostKeys);
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private int report(RemoveNodeOperation operation, Outcome outcome, HostKeyDecision hostKeys) throws CommandFailure {
        Cluster cluster = operation.checked().cluster();
        List<String> names = operation.removal().removed().stream().map(Node::name).toList();
        if (outcome.succeeded()) {
            List<String> lines = new ArrayList<>();
            lines.add("Removed " + listed(names) + " from cluster " + cluster.name() + ": "
                    + ApplySummary.tasks(outcome.result().states().size()) + " succeeded in " + ApplySummary.human(outcome.result().elapsed())
                    + ".");
            lines.add(file + " is rewritten without " + listed(names) + " (as it was: " + operation.previousClusterFile() + ")");
            lines.add("The removal's journal: " + operation.archivedJournal());
            lines.add("The PKI in " + operation.workspace().pki().directory() + " keeps the removed nodes' certificates"
                    + " (kubeha plan lists them as no longer used)");
            lines.forEach(l -> {
                out.println(l);
                operation.run().note(l);
            });
            return Cli.OK;
        }
        String gate = RemoveNodePlanBuilder.HEALTH_GATE;
        if (outcome.failedTasks().equals(List.of(gate))) {
            String next = "etcd is not healthy: " + outcome.result().message(gate).orElse("") + " (see " + outcome.log()
                    + "); not removing anything";
            operation.run().note("kubeha: " + next);
            throw CommandFailure.failed(next);
        }
        List<String> failures = ApplySummary.failures(outcome.result());
        failures.forEach(l -> {
            err.println(l);
            operation.run().note(l);
        });
        err.println("Log: " + outcome.log());
        String again = "then run kubeha remove-node " + file + " " + String.join(" ", names) + (force ? " --force" : "")
                + " again: what succeeded is not run again";
        String next = switch (outcome.status()) {
            case HOST_KEYS_REFUSED -> hostKeys.refusalMessage(outcome.refusedHostKeys());
            case ABORTED -> outcome.result().abortReason() + "; " + again;
            case CANCELLED -> "cancelled; " + again.substring("then ".length());
            case FAILED, SUCCEEDED -> {
                List<String> failed = outcome.failedTasks();
                yield failed.size() + (failed.size() == 1 ? " task" : " tasks") + " failed (" + String.join(", ", failed)
                        + "), " + outcome.skippedTasks().size() + " skipped: fix the cause on node "
                        + String.join(", ", outcome.failedNodes()) + " (see the log), " + again + "; " + file
                        + " still names " + listed(names);
            }
        };
        operation.run().note("kubeha: " + next);
        throw CommandFailure.failed(next);
    }

    /** What would run on every node; nothing is sent, nothing is written. */
    private int dryRun(RemoveNodeOperation operation) throws CommandFailure {
        RemoveNodePlanBuilder.Result planned = plan(operation, Set.of());
        before(operation, planned).forEach(out::println);
        Plan plan = planned.plan();
        OperationRun.DryRun result;
        try {
            result = operation.dryRun(plan, concurrency);
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        out.println();
        out.println("Dry run: nothing was sent to any node; this is what would be, node by node:");
        for (String node : plan.nodes()) {
            out.println();
            out.println("node " + node);
            result.actionsOn(node).forEach(a -> out.println("  " + a.description()));
        }
        out.println();
        out.println("Dry run: " + plan.tasks().size() + " tasks on " + plan.nodes().size() + " nodes, "
                + result.actions().size() + " actions; " + (result.allWouldRun() ? "all would run" : "some would not run")
                + "; " + file + " is not changed");
        return Cli.OK;
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String listed(List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
