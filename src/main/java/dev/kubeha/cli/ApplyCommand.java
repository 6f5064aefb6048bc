package dev.kubeha.cli;

import dev.kubeha.artifact.EtcdTarballs;
import dev.kubeha.exec.CheckpointGate;
import dev.kubeha.exec.ExecOptions;
import dev.kubeha.artifact.ArtifactCache;
import dev.kubeha.artifact.Distro;
import dev.kubeha.artifact.ImageSources;
import dev.kubeha.bundle.BundledImage;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFileException;
import dev.kubeha.model.Node;
import dev.kubeha.operation.AirGapCarry;
import dev.kubeha.operation.ApplyOperation;
import dev.kubeha.operation.Decision;
import dev.kubeha.operation.OperationException;
import dev.kubeha.operation.OperationRun;
import dev.kubeha.operation.Outcome;
import dev.kubeha.operation.Secrets;
import dev.kubeha.operation.TransportFactory;
import dev.kubeha.operation.Workspace;
import dev.kubeha.operation.WorkspaceBusyException;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanPreparation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
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
                "On an installed cluster (a finished journal, or kubelets found on the nodes) apply looks at the nodes"
                + " (kubectl get nodes, etcd health and members, each kubelet), runs only what differs from FILE, never"
                + " kubeadm init a second time, restarts etcd members one at a time while etcd is healthy, and verifies.",
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

    @Mixin
    EtcdSourceOptions etcdSource;

    @Option(names = "--images", description = "for nodes without internet: fetch every image the nodes run on this"
            + " machine (through the cache) and upload each node's images to it, where they are imported into"
            + " containerd before kubeadm runs; with a URL as cni.manifest, the manifest is downloaded here too")
    boolean images;

    @Mixin
    ImageOptions imageOptions;

    @Mixin
    PackageOptions packageOptions;

    /** Set by {@link Cli}: the environment and the console. */
    Terminal terminal = Terminal.system();

    /** Names the log file (UTC time of the start). */
    Clock clock = Clock.systemUTC();

    private PrintWriter out;
    private PrintWriter err;
    /** The distribution whose packages are brought: --distro, else cluster.json's airGapped.distro; or null. */
    private Distro distro;

    @Override
    public Integer call() throws ClusterFileException, PkiException, CommandFailure {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        distro = packageOptions.distro();
        ImageSources imageSources = imageOptions.sources();
        if (concurrency < 1) {
            throw CommandFailure.usage("--concurrency must be at least 1, not " + concurrency);
        }
        PlanPreparation.Checked checked = PlanSetup.check(file, err);
        // cluster.json's airGapped asks for what --images and --fetch-packages --distro do.
        if (checked.cluster().airGapped() != null) {
            images = true;
            if (distro == null && checked.cluster().airGapped().distro() != null) {
                distro = Distro.fromLabel(checked.cluster().airGapped().distro());
            }
        }
        etcdSource.packagesFrom(checked);
        Workspace workspace = workspaceOption.resolve(checked.cluster());
        String command = "kubeha apply " + file + (resume ? " --resume" : "") + (dryRun ? " --dry-run" : "");
        if (!dryRun && !yes && !terminal.interactive()) {
            // Before the workspace is touched: nothing is made for a run that cannot start.
            throw CommandFailure.usage("apply changes the " + checked.cluster().nodes().size() + " nodes of cluster "
                    + checked.cluster().name() + " and asks before it starts, but there is no terminal to ask:"
                    + " run it in a terminal, or pass --yes");
        }
        EtcdTarballs.Sources etcdSources = etcdSource.sources(terminal);
        EtcdTarballs tarballs = EtcdSourceOptions.tarballs(terminal);
        Optional<String> noEtcd = tarballs.unavailableFor(checked.cluster(), etcdSources);
        if (noEtcd.isPresent() && !dryRun) {
            // Before any node is reached: the etcd members could not be installed.
            throw CommandFailure.usage("etcd is run by systemd on " + names(checked.cluster().etcdMembersRunBySystemd()) + ", but "
                    + noEtcd.get());
        }
        try (ApplyOperation operation = open(checked, workspace, command)) {
            if (dryRun) {
                noEtcd.ifPresent(problem -> err.println("kubeha: warning: apply would stop here: " + problem));
                converging(operation, true);
                // No node is reached: the images are those of amd64 nodes.
                carry(operation, distro, imageSources, List.of("amd64"));
                return dryRun(operation);
            }
            decide(operation.decision(), checked.cluster(), workspace);
            try {
                operation.secrets().gather(operation.targets().values());
            } catch (Secrets.MissingSecretException e) {
                throw CommandFailure.usage(RunSecrets.missingLogin(e));
            }
            HostKeyDecision hostKeys = new HostKeyDecision(terminal, acceptNewHostKeys, out);
            operation.connect(hostKeys);
            detectPrivateAddresses(operation, hostKeys);
            converging(operation, false);
            bringEtcd(operation, tarballs, etcdSources, hostKeys);
            carry(operation, distro, imageSources, null);
            PlanPreparation.Prepared prepared = PlanSetup.prepare(operation, err);
            operation.tokenNote().ifPresent(out::println);
            ApplySummary.before(prepared.cluster(), prepared.plan(), workspace.root()).forEach(out::println);
            boolean changesNothing = operation.changesNothing();
            if (!yes && !changesNothing && !confirmed(operation.found().mode())) {
                err.println("kubeha: stopped before the first task; no node was changed");
                return Cli.FAILED;
            }
            return run(operation, prepared, command, hostKeys);
        }
    }

    private ApplyOperation open(PlanPreparation.Checked checked, Workspace workspace, String command)
            throws CommandFailure {
        try {
            return ApplyOperation.open(checked, workspace, RunSecrets.of(terminal), command, TransportFactory.SSH, clock);
        } catch (WorkspaceBusyException e) {
            throw CommandFailure.usage(e.getMessage());
        } catch (OperationException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }

    /** A fresh run over an earlier one would repeat kubeadm init on an installed node. */
    private void decide(Decision decision, Cluster cluster, Workspace workspace) throws CommandFailure {
        if (decision instanceof Decision.Fresh) {
            if (resume) {
                out.println("no journal in " + workspace.root() + ": starting from the beginning");
            }
        } else if (decision instanceof Decision.OtherCluster other) {
            throw CommandFailure.usage(other.journal() + " records cluster " + other.recorded() + ", not "
                    + cluster.name() + ": use another --workspace");
        } else if (resume) {
            return;
        } else if (decision instanceof Decision.Resume r) {
            String progress = r.done() + " of " + r.total() + " tasks succeeded";
            throw CommandFailure.usage(r.journal() + " holds an unfinished run of cluster " + cluster.name() + " ("
                    + progress + "): continue it with kubeha apply " + file + " --resume, or remove "
                    + r.journal() + " to start over");
        }
        // A finished run: apply converges (looks at the nodes, plans what differs, verifies).
    }

    /**
     * What the journal and the nodes say this run does (the nodes are not asked in a dry run);
     * a cluster that is there converges: its plan holds only what differs from the file.
     */
    private void converging(ApplyOperation operation, boolean dry) throws CommandFailure {
        ApplyOperation.Found found;
        try {
            found = dry ? operation.fromJournal(resume) : operation.look(resume, concurrency);
        } catch (OperationException e) {
            throw CommandFailure.usage(e.getMessage());
        }
        if (found.mode() != ApplyOperation.Mode.CONVERGE) {
            return;
        }
        out.println("cluster " + operation.checked().cluster().name() + " is installed: the plan holds only what differs from "
                + file + (dry ? " as the journal " + operation.journalFile() + " tells (apply also looks at"
                + " the nodes)" : "") + ", then the verification");
        found.notes().forEach(n -> out.println("  " + n));
    }

    private void detectPrivateAddresses(ApplyOperation operation, HostKeyDecision hostKeys) throws CommandFailure {
        List<String> missing = operation.undetected();
        if (missing.isEmpty()) {
            return;
        }
        out.println("detecting the private address of " + String.join(", ", missing) + " over SSH");
        try {
            operation.detectPrivateAddresses(concurrency)
                    .forEach(d -> out.println("  " + d.node() + ": " + d.address() + " on " + d.privateInterface()));
        } catch (OperationException e) {
            if (!operation.run().refusedHostKeys().isEmpty()) {
                throw CommandFailure.failed(hostKeys.refusalMessage(operation.run().refusedHostKeys()));
            }
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private static String names(List<Node> nodes) {
        return String.join(", ", nodes.stream().map(Node::name).toList());
    }

    /** The etcd release tarball for the members run by systemd, found and checked on this machine. */
    private void bringEtcd(ApplyOperation operation, EtcdTarballs tarballs, EtcdTarballs.Sources sources,
                           HostKeyDecision hostKeys) throws CommandFailure {
        List<Node> members = operation.checked().cluster().etcdMembersRunBySystemd();
        if (members.isEmpty()) {
            return;
        }
        out.println("etcd " + operation.checked().cluster().etcdVersion() + " for " + names(members)
                + " (run by systemd): the release tarball comes from this machine");
        try {
            for (EtcdTarballs.Tarball t : operation.bringEtcd(tarballs, sources, concurrency, note -> out.println("  " + note))) {
                out.println("  " + t.fileName() + ": sha256 " + t.sha256() + (t.checked() ? "" : " (not checked: no published sha256)"));
            }
        } catch (OperationException e) {
            if (!operation.run().refusedHostKeys().isEmpty()) {
                throw CommandFailure.failed(hostKeys.refusalMessage(operation.run().refusedHostKeys()));
            }
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private boolean confirmed(ApplyOperation.Mode mode) {
        String answer = terminal.readLine(mode == ApplyOperation.Mode.CONVERGE ? "Apply the changes now? [y/N] " : "Install now? [y/N] ");
        return answer != null && List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT));
    }

    private int run(ApplyOperation operation, PlanPreparation.Prepared prepared, String command,
                    HostKeyDecision hostKeys) throws CommandFailure {
        Plan plan = prepared.plan();
        try (CancelOnInterrupt ignored = new CancelOnInterrupt(operation.run())) {
            ProgressPrinter progress = new ProgressPrinter(out, plan);
            Outcome outcome = operation.run(new OperationRun.RunRequest(command, operation.resumes(), concurrency,
                    List.of(progress), CheckpointGate.OPEN, log -> out.println("Log: " + log)));
            return report(operation, outcome, prepared, hostKeys);
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage());
        }
    }

    private int report(ApplyOperation operation, Outcome outcome, PlanPreparation.Prepared prepared,
                       HostKeyDecision hostKeys) throws CommandFailure {
        if (outcome.succeeded()) {
            Path admin = outcome.adminConf();
            int tasks = outcome.result().states().size();
            String done = operation.found().mode() != ApplyOperation.Mode.CONVERGE
                    ? "Cluster " + prepared.cluster().name() + " is installed: " + ApplySummary.tasks(tasks) + " succeeded in "
                            + ApplySummary.human(outcome.result().elapsed()) + "."
                    : operation.changesNothing()
                    ? "nothing to change: " + prepared.cluster().nodes().size() + " nodes as described (verified in "
                            + ApplySummary.human(outcome.result().elapsed()) + ")"
                    : "Cluster " + prepared.cluster().name() + " is as described: " + ApplySummary.tasks(tasks) + " succeeded in "
                            + ApplySummary.human(outcome.result().elapsed()) + ", only what differed and the verification.";
            List<String> lines = List.of(done,
                    "admin.conf: " + admin + " (0600, keep it private: it is cluster-admin)",
                    "  kubectl --kubeconfig " + admin + " get nodes");
            lines.forEach(l -> {
                out.println(l);
                operation.run().note(l);
            });
            warnIfLogIncomplete(outcome);
            return Cli.OK;
        }
        List<String> failures = ApplySummary.failures(outcome.result());
        failures.forEach(l -> {
            err.println(l);
            operation.run().note(l);
        });
        err.println("Log: " + outcome.log());
        warnIfLogIncomplete(outcome);
        String next = switch (outcome.status()) {
            case HOST_KEYS_REFUSED -> hostKeys.refusalMessage(outcome.refusedHostKeys());
            case ABORTED -> outcome.result().abortReason() + "; then run kubeha apply " + file + " --resume";
            case CANCELLED -> "cancelled; run kubeha apply " + file + " --resume to continue";
            case FAILED, SUCCEEDED -> {
                List<String> failed = outcome.failedTasks();
                yield failed.size() + (failed.size() == 1 ? " task" : " tasks") + " failed ("
                        + String.join(", ", failed) + "), " + outcome.skippedTasks().size()
                        + " skipped: fix the cause on node " + String.join(", ", outcome.failedNodes())
                        + " (see the log), then run kubeha apply " + file + " --resume";
            }
        };
        operation.run().note("kubeha: " + next);
        throw CommandFailure.failed(next);
    }

    private void warnIfLogIncomplete(Outcome outcome) {
        if (outcome.logFailure() != null) {
            err.println("kubeha: the log " + outcome.log() + " is incomplete: " + outcome.logFailure().getMessage());
        }
    }

    /**
     * For nodes with SSH but no internet: the images (--images) and packages (--include-packages
     * DIR's .deb/.rpm, --fetch-packages) the plan uploads from this machine, and the CNI manifest;
     * the architectures are asked of the nodes over SSH, unless {@code arches} gives them (a dry run).
     */
    private void carry(ApplyOperation operation, Distro distro, ImageSources imageSources, List<String> arches)
            throws CommandFailure {
        AirGapCarry.Request request = new AirGapCarry.Request(images, etcdSource.packages(), distro,
                distro == null ? null : packageOptions.repositories(), imageSources,
                ArtifactCache.rootFor(terminal.variable(ArtifactCache.VARIABLE).orElse(null)));
        AirGapCarry.Listener printer = printer(distro);
        try {
            if (arches != null) {
                operation.carry(request, arches, printer);
            } else {
                operation.carry(request, concurrency, printer);
            }
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage());
        } catch (AirGapCarry.CarryException e) {
            throw switch (e.kind()) {
                case PACKAGES -> PackageOptions.failure(e.subject(), e.detail());
                case IMAGES -> CommandFailure.failed(e.detail());
                case CNI_DOWNLOAD, CNI_TOO_LARGE -> CniDownload.failure(e, file);
                case CLUSTER -> CommandFailure.failed(file + ": " + e.detail());
                case CNI_READ, CANCELLED, FILES ->
                        CommandFailure.failed("cannot prepare what the nodes receive from this machine: " + e.detail());
            };
        }
    }

    /** What the carry tells, in the lines kubeha apply has always printed. */
    private AirGapCarry.Listener printer(Distro distro) {
        AirGapCarry.Listener images = ImageOptions.printer(err);
        return new AirGapCarry.Listener() {
            @Override
            public void packageNote(String line) {
                err.println("kubeha: " + line);
            }

            @Override
            public void packagesFetched(Distro fetched, List<String> arches, dev.kubeha.artifact.PackageSet set) {
                PackageOptions.fetched(fetched, arches, set, err);
            }

            @Override
            public void cniDownloaded(String url, int bytes, String sha256) {
                CniDownload.downloaded(err, url, bytes, sha256);
            }

            @Override
            public void imageDone(BundledImage image, long fromNetwork, long fromCache) {
                images.imageDone(image, fromNetwork, fromCache);
            }

            @Override
            public void imagesFetched(List<BundledImage> all, long downloaded, double seconds) {
                images.imagesFetched(all, downloaded, seconds);
            }

            @Override
            public void siteRegistry(String registry) {
                err.println("kubeha: note: the nodes pull from the site registry " + registry
                        + ": --images uploads nothing (kubeha images push fills the registry)");
            }

            @Override
            public void packagesUploaded(int count) {
                err.println("kubeha: " + count + " packages are uploaded to every node that runs prepare-node.sh");
            }
        };
    }

    private int dryRun(ApplyOperation operation) throws PkiException, CommandFailure {
        PlanPreparation.Prepared prepared = PlanSetup.prepare(operation, err);
        Plan plan = prepared.plan();
        ApplySummary.before(prepared.cluster(), plan, operation.workspace().root()).forEach(out::println);
        OperationRun.DryRun result;
        try {
            result = operation.dryRun(concurrency);
        } catch (OperationException e) {
            throw CommandFailure.failed(e.getMessage());
        }
        List<Node> members = prepared.cluster().etcdMembersRunBySystemd();
        if (!members.isEmpty()) {
            // The tarball's architecture is asked of each member, which a dry run does not reach.
            out.println("etcd " + prepared.cluster().etcdVersion() + " for " + names(members) + " (run by systemd): apply"
                    + " first uploads etcd-v" + prepared.cluster().etcdVersion() + "-linux-<arch>.tar.gz from this machine"
                    + " to /var/lib/kubeha/packages and runs install-etcd.sh with it and its sha256");
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
