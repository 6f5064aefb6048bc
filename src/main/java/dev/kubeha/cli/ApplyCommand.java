package dev.kubeha.cli;

import dev.kubeha.exec.DryRunTransport;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.Executor;
import dev.kubeha.exec.Journal;
import dev.kubeha.exec.PrivateAddresses;
import dev.kubeha.exec.Redactor;
import dev.kubeha.exec.RunLog;
import dev.kubeha.exec.RunResult;
import dev.kubeha.exec.TaskState;
import dev.kubeha.exec.Transport;
import dev.kubeha.exec.ssh.KnownHosts;
import dev.kubeha.exec.ssh.SshOptions;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.exec.ssh.SshTransport;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.Node;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.NodePaths;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanPreparation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kubeha apply FILE}: installs the cluster over SSH. The order of the work is the plan's;
 * this command only gathers what a run needs from the user (confirmation, secrets, trust in host
 * keys), shows the run as it goes and says how it ended and what to do next.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Installs the cluster over SSH: prepares every node, sets up etcd and the load balancer,"
                + " runs kubeadm init and join, applies the CNI, verifies, and fetches admin.conf into the workspace.",
                "Shows a summary and asks before it starts (--yes to skip). Secrets come from the environment"
                + " (" + RunSecrets.SSH_PASSWORD + ", " + RunSecrets.KEY_PASSPHRASE + ", " + RunSecrets.SUDO_PASSWORD
                + ") or are asked on the console; they never go into a file.",
                "Progress is written to <workspace>/journal.json after every change: after a failure or Ctrl-C,"
                + " --resume continues where the run stopped. Full log: <workspace>/logs/apply-<time>.log.",
                "A node without privateAddress gets it detected over SSH from its private interface."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every task succeeded, the cluster passed verification",
                "1:the cluster file has errors, or a task failed (the rest is in the summary)",
                "2:bad usage, unreadable input, or no confirmation possible"})
final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    WorkspaceOption workspaceOption;

    @Parameters(paramLabel = "FILE", description = "cluster.json (or .yaml/.yml)")
    Path file;

    @Option(names = "--resume", description = "continue the run recorded in <workspace>/journal.json")
    boolean resume;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + ExecOptions.DEFAULT_CONCURRENCY,
            description = "at most N nodes work at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--dry-run", description = "print what would run on each node; connect to none, write no journal")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "start without asking for confirmation")
    boolean yes;

    @Option(names = "--accept-new-host-keys", description = "trust and record host keys seen for the first time"
            + " (a changed key still stops the run)")
    boolean acceptNewHostKeys;

    /** Set by {@link Cli}: the environment and the console. */
    Terminal terminal = Terminal.system();

    /** Names the log file (UTC time of the start). */
    Clock clock = Clock.systemUTC();

    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() throws ClusterFileException, PkiException, CommandFailure {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        if (concurrency < 1) {
            throw CommandFailure.usage("--concurrency must be at least 1, not " + concurrency);
        }
        PlanPreparation.Checked checked = PlanSetup.check(file, err);
        Path workspace = workspaceOption.resolve(checked.cluster());
        PlanPreparation preparation = new PlanPreparation();
        if (dryRun) {
            return dryRun(PlanSetup.prepare(preparation, checked, workspace, err));
        }
        Journal journal = Journal.inWorkspace(workspace);
        refuseToOverwrite(journal, checked.cluster());
        if (!yes && !terminal.interactive()) {
            throw CommandFailure.usage("apply changes the " + checked.cluster().nodes().size() + " nodes of cluster "
                    + checked.cluster().name() + " and asks before it starts, but there is no terminal to ask:"
                    + " run it in a terminal, or pass --yes");
        }

        Redactor redactor = new Redactor();
        Map<String, SshTarget> targets = SshTarget.allOf(checked.cluster(), checked.context());
        RunSecrets secrets = new RunSecrets(terminal, redactor);
        secrets.gather(targets.values());
        HostKeyDecision hostKeys = new HostKeyDecision(terminal, acceptNewHostKeys, out);
        try (Transport transport = new SshTransport(targets::get, KnownHosts.inWorkspace(workspace), hostKeys,
                secrets.sshSecrets(), SshOptions.DEFAULT)) {
            checked = detectPrivateAddresses(checked, transport, hostKeys);
            PlanPreparation.Prepared prepared = PlanSetup.prepare(preparation, checked, workspace, err);
            redactor.register(prepared.pki().joinMaterial().bootstrapToken());
            ApplySummary.before(prepared.cluster(), prepared.plan(), workspace).forEach(out::println);
            if (!yes && !confirmed()) {
                err.println("kubeha: stopped before the first task; no node was changed");
                return Cli.FAILED;
            }
            ExecOptions options = ExecOptions.defaults(workspace).withConcurrency(concurrency).withRedactor(redactor)
                    .withJournal(journal).withResume(resume);
            return run(prepared, transport, options, hostKeys);
        }
    }

    /** A fresh run over an earlier one would repeat kubeadm init on an installed node. */
    private void refuseToOverwrite(Journal journal, Cluster cluster) throws CommandFailure {
        Journal.Snapshot previous;
        try {
            previous = journal.load().orElse(null);
        } catch (IOException e) {
            throw CommandFailure.usage(e.getMessage());
        }
        if (previous == null) {
            if (resume) {
                out.println("no journal in " + journal.file().getParent() + ": starting from the beginning");
            }
            return;
        }
        if (!cluster.name().equals(previous.cluster())) {
            throw CommandFailure.usage(journal.file() + " records cluster " + previous.cluster() + ", not "
                    + cluster.name() + ": use another --workspace");
        }
        if (resume) {
            return;
        }
        long succeeded = previous.tasks().stream().filter(e -> e.state() == TaskState.SUCCEEDED).count();
        String progress = succeeded + " of " + previous.tasks().size() + " tasks succeeded";
        if (succeeded < previous.tasks().size()) {
            throw CommandFailure.usage(journal.file() + " holds an unfinished run of cluster " + cluster.name() + " ("
                    + progress + "): continue it with kubeha apply " + file + " --resume, or remove "
                    + journal.file() + " to start over");
        }
        throw CommandFailure.usage(journal.file() + " says cluster " + cluster.name() + " is installed (" + progress
                + "): kubeha apply " + file + " --resume checks that nothing is left to do; remove " + journal.file()
                + " to install again from the start");
    }

    private PlanPreparation.Checked detectPrivateAddresses(PlanPreparation.Checked checked, Transport transport,
                                                           HostKeyDecision hostKeys) throws CommandFailure {
        List<Node> missing = PlanPreparation.withoutPrivateAddress(checked.cluster());
        if (missing.isEmpty()) {
            return checked;
        }
        out.println("detecting the private address of " + String.join(", ", missing.stream().map(Node::name).toList())
                + " over SSH");
        try {
            PrivateAddresses.Result result = PrivateAddresses.detect(checked.cluster(), transport, concurrency);
            result.detected().forEach(d -> out.println("  " + d.node() + ": " + d.address() + " on " + d.privateInterface()));
            return checked.withCluster(result.cluster());
        } catch (PrivateAddresses.DetectionException e) {
            if (!hostKeys.refused().isEmpty()) {
                throw CommandFailure.failed(hostKeys.refusalMessage());
            }
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private boolean confirmed() {
        String answer = terminal.readLine("Install now? [y/N] ");
        return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
    }

    private int run(PlanPreparation.Prepared prepared, Transport transport, ExecOptions options, HostKeyDecision hostKeys)
            throws CommandFailure {
        Plan plan = prepared.plan();
        Path workspace = prepared.workspace();
        RunLog log;
        try {
            log = RunLog.create(workspace, clock);
        } catch (IOException e) {
            throw CommandFailure.failed("cannot create the log in " + workspace.resolve(RunLog.DIRECTORY) + ": " + e.getMessage());
        }
        try (log) {
            log.line("kubeha apply " + file + (resume ? " --resume" : "") + ", cluster " + plan.clusterName() + ", "
                    + plan.tasks().size() + " tasks, concurrency " + options.concurrency());
            hostKeys.logTo(log);
            out.println("Log: " + log.file());
            Executor executor = new Executor(transport, options);
            executor.addListener(new ProgressPrinter(out, log, plan));
            CountDownLatch reported = new CountDownLatch(1);
            // Ctrl-C: stop the tasks cleanly so that the journal tells --resume the truth, and let
            // the summary be printed before the JVM goes.
            Thread hook = new Thread(() -> {
                executor.cancel();
                try {
                    reported.await(options.cancelGrace().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "kubeha-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                RunResult result = executor.run(plan);
                return report(result, prepared, log, hostKeys);
            } catch (IOException e) {
                throw CommandFailure.failed("cannot write the journal " + options.journal().file() + ": " + e.getMessage()
                        + "; without it the run could not be resumed, so it stopped");
            } finally {
                reported.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running (Ctrl-C): it ends once it sees the latch.
                }
            }
        }
    }

    private int report(RunResult result, PlanPreparation.Prepared prepared, RunLog log, HostKeyDecision hostKeys)
            throws CommandFailure {
        if (result.succeeded()) {
            Path admin = prepared.workspace().resolve(NodePaths.ADMIN_CONF_IN_WORKSPACE);
            List<String> lines = List.of(
                    "Cluster " + prepared.cluster().name() + " is installed: " + result.states().size()
                            + " tasks succeeded in " + ApplySummary.human(result.elapsed()) + ".",
                    "admin.conf: " + admin + " (0600, keep it private: it is cluster-admin)",
                    "  kubectl --kubeconfig " + admin + " get nodes");
            lines.forEach(l -> {
                out.println(l);
                log.line(l);
            });
            warnIfLogIncomplete(log);
            return Cli.OK;
        }
        List<String> failures = ApplySummary.failures(result);
        failures.forEach(l -> {
            err.println(l);
            log.line(l);
        });
        err.println("Log: " + log.file());
        warnIfLogIncomplete(log);
        String next;
        if (!hostKeys.refused().isEmpty()) {
            next = hostKeys.refusalMessage();
        } else if (result.abortReason() != null) {
            next = result.abortReason() + "; then run kubeha apply " + file + " --resume";
        } else if (result.cancelled()) {
            next = "cancelled; run kubeha apply " + file + " --resume to continue";
        } else {
            List<String> failed = result.tasksIn(TaskState.FAILED);
            String nodes = String.join(", ", failed.stream().map(id -> prepared.plan().task(id).orElseThrow().node())
                    .distinct().toList());
            next = failed.size() + (failed.size() == 1 ? " task" : " tasks") + " failed ("
                    + String.join(", ", failed) + "), " + result.tasksIn(TaskState.SKIPPED).size()
                    + " skipped: fix the cause on node " + nodes + " (see the log), then run kubeha apply " + file
                    + " --resume";
        }
        log.line("kubeha: " + next);
        throw CommandFailure.failed(next);
    }

    private void warnIfLogIncomplete(RunLog log) {
        if (log.failure() != null) {
            err.println("kubeha: the log " + log.file() + " is incomplete: " + log.failure().getMessage());
        }
    }

    /** Runs the plan against nothing: every step is printed per node, nothing is written but the PKI. */
    private int dryRun(PlanPreparation.Prepared prepared) throws CommandFailure {
        Plan plan = prepared.plan();
        ApplySummary.before(prepared.cluster(), plan, prepared.workspace()).forEach(out::println);
        Redactor redactor = new Redactor();
        redactor.register(prepared.pki().joinMaterial().bootstrapToken());
        DryRunTransport transport = new DryRunTransport(redactor);
        Path scratch = null;
        try {
            // Fetched files are placeholders: they go to a scratch directory, never over a real admin.conf.
            scratch = Files.createTempDirectory("kubeha-dry-run");
            ExecOptions options = ExecOptions.defaults(scratch).withRedactor(redactor).withJournal(null)
                    .withConcurrency(concurrency).withCancelGrace(Duration.ofSeconds(1));
            RunResult result = new Executor(transport, options).run(plan);
            out.println();
            out.println("Dry run: nothing was sent to any node; this is what would be, node by node:");
            for (String node : plan.nodes()) {
                out.println();
                out.println("node " + node);
                transport.actionsOn(node).forEach(a -> out.println("  " + a.description()));
            }
            out.println();
            out.println("Dry run: " + plan.tasks().size() + " tasks on " + plan.nodes().size() + " nodes, "
                    + transport.actions().size() + " actions; " + (result.succeeded() ? "all would run" : "some would not run"));
            return Cli.OK;
        } catch (IOException e) {
            throw CommandFailure.failed("dry run: " + e.getMessage());
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }
}
