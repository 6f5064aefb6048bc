package dev.kubeha.cli;

import dev.kubeha.exec.ExecOptions;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.operation.OperationException;
import dev.kubeha.operation.OperationRun;
import dev.kubeha.operation.Outcome;
import dev.kubeha.operation.ResetOperation;
import dev.kubeha.operation.Secrets;
import dev.kubeha.operation.TransportFactory;
import dev.kubeha.operation.Workspace;
import dev.kubeha.operation.WorkspaceBusyException;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanPreparation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kubeha reset FILE}: every node of the cluster back to before kubeha, through the same
 * engine as {@code apply}. The command names the cluster and every node, asks for the cluster's
 * name, runs the reset plan with live progress and says how it ended; a reset that stopped
 * continues when run again.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Takes the cluster back to before kubeha: kubeadm reset on every node (workers first, then the"
                + " control-plane nodes, etcd last), then what kubeadm reset leaves: etcd's unit, data and certificates,"
                + " the HAProxy and keepalived configuration, the CNI configuration and interfaces, Kubernetes' iptables"
                + " rules, kubeha's files on the nodes.",
                "Names the cluster and every node and asks you to type the cluster's name (--yes to skip). The install's"
                + " journal goes to <workspace>/archive when the reset starts, the reset's own when it is done; the PKI"
                + " stays unless --forget-pki; cluster.json is not changed.",
                "A node that does not answer over SSH stops the reset before anything changes, unless --force leaves it"
                + " out. A reset that stopped (a node lost, Ctrl-C) continues where it stopped: --resume, or simply again."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every node is reset",
                "1:the cluster file has errors, a task failed, or the answer was not the cluster's name",
                "2:bad usage, unreadable input, nothing to reset, or no confirmation possible"})
final class ResetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspaceOption;

    @Parameters(paramLabel = "FILE", description = "cluster.json (or .yaml/.yml) of the installed cluster")
    Path file;

    @Option(names = {"-y", "--yes"}, description = "reset without asking for the cluster's name")
    boolean yes;

    @Option(names = "--forget-pki", description = "delete the workspace's PKI too once every node is reset"
            + " (the next apply makes new CAs); kept by default")
    boolean forgetPki;

    @Option(names = "--dry-run", description = "print what would run on each node; connect to none, change nothing")
    boolean dryRun;

    @Option(names = "--resume", description = "continue the reset recorded in <workspace>/reset-journal.json"
            + " (a reset that stopped continues without it too)")
    boolean resume;

    @Option(names = "--force", description = "reset the nodes that answer over SSH and leave out those that do not"
            + " (reset those by hand before anything is installed on them again); without it a node that does not"
            + " answer stops the reset before anything changes")
    boolean force;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ExecOptions.DEFAULT_CONCURRENCY,
            description = "at most N nodes work at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--accept-new-host-keys", description = "trust and record host keys seen for the first time"
            + " (a changed key still stops the run)")
    boolean acceptNewHostKeys;

    /** Set by {@link Cli}: the environment and the console. */
    Terminal terminal = Terminal.system();

    /** Names the log file and the archived journals (UTC time). */
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
        if (!dryRun && !yes && !terminal.interactive()) {
            // Before the workspace is touched.
            throw CommandFailure.usage("reset deletes cluster " + cluster.name() + " from its " + cluster.nodes().size()
                    + " nodes and asks first, but there is no terminal to ask: run it in a terminal, or pass --yes");
        }
        Workspace workspace = workspaceOption.resolve(cluster);
        String command = "kubeha reset " + file + (resume ? " --resume" : "") + (dryRun ? " --dry-run" : "")
                + (forgetPki ? " --forget-pki" : "");
        try (ResetOperation operation = open(checked, workspace, command)) {
            if (dryRun) {
                return dryRun(operation);
            }
            refuseWithoutInstall(operation.start(), cluster);
            before(operation).forEach(out::println);
            if (resume && operation.start() instanceof ResetOperation.Start.Fresh) {
                out.println("No reset under way in " + workspace.root() + ": starting from the beginning");
            }
            if (operation.start() instanceof ResetOperation.Start.Continue c) {
                out.println("Continuing the reset recorded in " + c.resetJournal() + ": " + c.done() + " of " + c.total()
                        + " tasks succeeded");
            }
            if (!yes && !confirmed(cluster)) {
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
            Map<String, String> dead = unreachable(operation, cluster);
            if (!dead.isEmpty()) {
                operation.leaveOut(dead.keySet());
                operation.plan().notes().stream().filter(n -> dead.keySet().stream().anyMatch(d -> n.startsWith(d + " ")))
                        .forEach(n -> out.println("Note: " + n));
            }
            return run(operation, command, hostKeys);
        }
    }

    /** The nodes that do not answer: refused without --force (nothing changed), named with it; refused when none answers. */
    private Map<String, String> unreachable(ResetOperation operation, Cluster cluster) throws CommandFailure {
        Map<String, String> dead;
        try {
            dead = operation.unreachable();
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage() + "; nothing was changed");
        }
        if (dead.isEmpty()) {
            return dead;
        }
        List<String> lines = new java.util.ArrayList<>();
        dead.forEach((node, why) -> lines.add("node " + node + " does not answer over SSH (" + why + ")"));
        if (dead.size() == cluster.nodes().size()) {
            lines.subList(0, lines.size() - 1).forEach(l -> err.println("kubeha: " + l));
            throw CommandFailure.failed(lines.get(lines.size() - 1) + ": no node of " + cluster.name()
                    + " answers, nothing was changed");
        }
        if (!force) {
            lines.subList(0, lines.size() - 1).forEach(l -> err.println("kubeha: " + l));
            throw CommandFailure.failed(lines.get(lines.size() - 1) + ": nothing was changed; bring it back, or pass"
                    + " --force to reset the other nodes without it");
        }
        return dead;
    }

    private ResetOperation open(PlanPreparation.Checked checked, Workspace workspace, String command)
            throws CommandFailure {
        try {
            return ResetOperation.open(checked, workspace, RunSecrets.of(terminal), command, forgetPki,
                    TransportFactory.SSH, clock);
        } catch (WorkspaceBusyException | OperationException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }

    /** Why there is nothing to reset from this workspace, or null when there is. */
    private String nothingToReset(ResetOperation.Start start, Cluster cluster) {
        if (start instanceof ResetOperation.Start.NeverInstalled n) {
            return "workspace " + n.workspace() + " has no journal of cluster " + cluster.name() + ": nothing was"
                    + " installed from it, so there is nothing to reset (name the install's workspace with --workspace)";
        }
        if (start instanceof ResetOperation.Start.AlreadyReset r) {
            return "cluster " + cluster.name() + " was reset already (" + r.archived() + ") and not installed again"
                    + " since: nothing to reset";
        }
        if (start instanceof ResetOperation.Start.OtherCluster o) {
            return o.journal() + " records cluster " + o.recorded() + ", not " + cluster.name() + ": use another --workspace";
        }
        return null;
    }

    private void refuseWithoutInstall(ResetOperation.Start start, Cluster cluster) throws CommandFailure {
        String reason = nothingToReset(start, cluster);
        if (reason != null) {
            throw CommandFailure.usage(reason);
        }
    }

    /** The cluster, every node with its roles, the order and what happens to the workspace. */
    private List<String> before(ResetOperation operation) {
        Cluster cluster = operation.checked().cluster();
        Plan plan = operation.plan().plan();
        int width = cluster.nodes().stream().mapToInt(n -> n.name().length()).max().orElse(0);
        List<String> lines = new java.util.ArrayList<>();
        lines.add("Reset cluster " + cluster.name() + ": its " + cluster.nodes().size() + " nodes go back to before"
                + " kubeha, and what runs on them is deleted:");
        for (Node node : cluster.nodes()) {
            lines.add("  " + String.format("%-" + width + "s", node.name()) + "  " + node.host() + "  "
                    + node.roles().stream().map(Role::wireName).collect(Collectors.joining(", ")));
        }
        operation.plan().notes().forEach(n -> lines.add("  " + n));
        lines.add("Plan: " + plan.tasks().size() + " tasks (kubeha plan " + file + " --operation reset shows every step)");
        Workspace workspace = operation.workspace();
        lines.add("Workspace: " + workspace.root() + ": the journal goes to " + workspace.archive() + ", "
                + (forgetPki ? "the PKI is deleted once every node is reset" : "the PKI stays (--forget-pki deletes it)")
                + "; " + file + " is not changed");
        return lines;
    }

    private boolean confirmed(Cluster cluster) {
        String answer = terminal.readLine("Type the cluster's name (" + cluster.name() + ") to reset it: ");
        return answer != null && answer.trim().equals(cluster.name());
    }

    private int run(ResetOperation operation, String command, HostKeyDecision hostKeys) throws CommandFailure {
        Plan plan = operation.plan().plan();
        try (CancelOnInterrupt ignored = new CancelOnInterrupt(operation.run())) {
            Outcome outcome = operation.run(command, concurrency, List.of(new ProgressPrinter(out, plan)),
                    log -> out.println("Log: " + log));
            return report(operation, outcome, hostKeys);
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private int report(ResetOperation operation, Outcome outcome, HostKeyDecision hostKeys) throws CommandFailure {
        Cluster cluster = operation.checked().cluster();
        if (outcome.succeeded()) {
            List<String> lines = new java.util.ArrayList<>();
            lines.add("Cluster " + cluster.name() + " is reset: " + ApplySummary.tasks(outcome.result().states().size()) + " succeeded in "
                    + ApplySummary.human(outcome.result().elapsed()) + ".");
            if (operation.archivedInstallJournal() != null) {
                lines.add("The install's journal: " + operation.archivedInstallJournal());
            }
            lines.add("The reset's journal: " + operation.archivedResetJournal());
            lines.add(operation.forgetPki() ? "PKI deleted: the next kubeha apply makes new CAs"
                    : "PKI kept in " + operation.workspace().pki().directory() + ": the next kubeha apply " + file
                    + " installs the cluster again with it");
            lines.forEach(l -> {
                out.println(l);
                operation.run().note(l);
            });
            return Cli.OK;
        }
        List<String> failures = ApplySummary.failures(outcome.result());
        failures.forEach(l -> {
            err.println(l);
            operation.run().note(l);
        });
        err.println("Log: " + outcome.log());
        String again = "then run kubeha reset " + file + " --resume";
        String next = switch (outcome.status()) {
            case HOST_KEYS_REFUSED -> hostKeys.refusalMessage(outcome.refusedHostKeys());
            case ABORTED -> outcome.result().abortReason() + "; " + again;
            case CANCELLED -> "cancelled; run kubeha reset " + file + " --resume to continue";
            case FAILED, SUCCEEDED -> {
                List<String> failed = outcome.failedTasks();
                yield failed.size() + (failed.size() == 1 ? " task" : " tasks") + " failed (" + String.join(", ", failed)
                        + "), " + outcome.skippedTasks().size() + " skipped: fix the cause on node "
                        + String.join(", ", outcome.failedNodes()) + " (see the log), " + again;
            }
        };
        operation.run().note("kubeha: " + next);
        throw CommandFailure.failed(next);
    }

    /** What would run on every node; nothing is sent, no journal is moved. */
    private int dryRun(ResetOperation operation) throws CommandFailure {
        String reason = nothingToReset(operation.start(), operation.checked().cluster());
        if (reason != null) {
            err.println("kubeha: note: kubeha reset would stop here: " + reason);
        }
        before(operation).forEach(out::println);
        Plan plan = operation.plan().plan();
        OperationRun.DryRun result;
        try {
            result = operation.dryRun(concurrency);
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
                + result.actions().size() + " actions; " + (result.allWouldRun() ? "all would run" : "some would not run"));
        return Cli.OK;
    }
}
