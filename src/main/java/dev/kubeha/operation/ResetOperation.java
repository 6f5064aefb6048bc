package dev.kubeha.operation;

import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.files.PrivateFiles;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.plan.ResetPlanBuilder;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Taking a cluster back to before kubeha ({@code kubeha reset}): the reset plan run through its
 * {@link OperationRun}, with a journal of its own ({@code reset-journal.json}) so that a reset
 * that stopped continues where it did. When the run starts, the install's journal goes to
 * {@code archive/journal-<UTC time>.json}: the cluster it records is being taken apart, so no
 * {@code apply --resume} may pick it up. When every node is reset, the reset's journal goes to
 * {@code archive/journal-<UTC time>.reset.json}, the fetched admin.conf is deleted (its cluster is
 * gone) and, when asked, the PKI; cluster.json is never touched.
 *
 * <p>Order of use: {@link #open}, {@link #start()} (refuse, or say what the run does), {@link
 * #connect} (not for a dry run), {@link #run} or {@link #dryRun}, {@link #close}.
 */
public final class ResetOperation implements AutoCloseable {
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final OperationRun run;
    private final PlanPreparation.Checked checked;
    private ResetPlanBuilder.Result plan;
    private final Start start;
    private final boolean forgetPki;
    private final Clock clock;
    private Path archivedInstallJournal;
    private Path archivedResetJournal;

    /** What the workspace says about resetting its cluster; the front ends phrase it. */
    public sealed interface Start {
        /** No journal at all: kubeha installed nothing from this workspace. */
        record NeverInstalled(Path workspace) implements Start {
        }

        /** The last reset finished: its journal is in the archive, no install came after it. */
        record AlreadyReset(Path archived) implements Start {
        }

        /** A journal of the workspace records another cluster. */
        record OtherCluster(Path journal, String recorded) implements Start {
        }

        /** An install (finished or not) to take apart; {@code done} of {@code total} of its tasks succeeded. */
        record Fresh(Path installJournal, int done, int total) implements Start {
        }

        /** A reset that stopped: what succeeded is not run again. */
        record Continue(Path resetJournal, int done, int total) implements Start {
        }
    }

    private ResetOperation(OperationRun run, PlanPreparation.Checked checked, Start start, boolean forgetPki, Clock clock) {
        this.run = run;
        this.checked = checked;
        this.plan = new ResetPlanBuilder(checked.cluster()).build();
        this.start = start;
        this.forgetPki = forgetPki;
        this.clock = clock;
    }

    /**
     * Takes the workspace and reads its journals; nothing else is touched.
     *
     * @param forgetPki delete the workspace's PKI once every node is reset
     * @throws WorkspaceBusyException another kubeha works on the workspace
     * @throws OperationException     a journal cannot be read; the message says what to do
     */
    public static ResetOperation open(PlanPreparation.Checked checked, Workspace workspace, Secrets secrets,
                                      String command, boolean forgetPki, TransportFactory transports, Clock clock)
            throws WorkspaceBusyException, OperationException {
        if (!checked.valid()) {
            throw new IllegalArgumentException(checked.file() + " has errors: validate before opening an operation");
        }
        OperationRun run = OperationRun.open("reset", workspace, secrets, command, transports, clock);
        try {
            return new ResetOperation(run, checked, start(workspace, checked.cluster().name()), forgetPki, clock);
        } catch (IOException e) {
            run.close();
            throw new OperationException(e.getMessage(), e);
        }
    }

    static Start start(Workspace workspace, String cluster) throws IOException {
        Optional<Journal.Snapshot> reset = workspace.resetJournal().load();
        if (reset.isPresent()) {
            if (!cluster.equals(reset.get().cluster())) {
                return new Start.OtherCluster(workspace.resetJournal().file(), reset.get().cluster());
            }
            return new Start.Continue(workspace.resetJournal().file(), succeeded(reset.get()), reset.get().tasks().size());
        }
        Optional<Journal.Snapshot> install = workspace.journal().load();
        if (install.isPresent()) {
            if (!cluster.equals(install.get().cluster())) {
                return new Start.OtherCluster(workspace.journal().file(), install.get().cluster());
            }
            return new Start.Fresh(workspace.journal().file(), succeeded(install.get()), install.get().tasks().size());
        }
        Path archive = workspace.archive();
        if (Files.isDirectory(archive)) {
            List<Path> journals = new java.util.ArrayList<>();
            try (Stream<Path> files = Files.list(archive)) {
                files.filter(f -> f.getFileName().toString().matches("journal-.*\\.json")).forEach(journals::add);
            }
            // By when each was last written (a move keeps it): the install's before the reset that archived it.
            java.util.Map<Path, java.nio.file.attribute.FileTime> written = new java.util.HashMap<>();
            for (Path f : journals) {
                written.put(f, Files.getLastModifiedTime(f));
            }
            journals.sort(Comparator.comparing(written::get));
            if (!journals.isEmpty()) {
                Path last = journals.get(journals.size() - 1);
                if (last.getFileName().toString().endsWith(".reset.json")) {
                    return new Start.AlreadyReset(last);
                }
                // An install archived by a reset that stopped before it wrote its own journal.
                Journal.Snapshot archived = new Journal(last).load().orElseThrow();
                if (cluster.equals(archived.cluster())) {
                    return new Start.Fresh(last, succeeded(archived), archived.tasks().size());
                }
            }
        }
        return new Start.NeverInstalled(workspace.root());
    }

    private static int succeeded(Journal.Snapshot snapshot) {
        return (int) snapshot.tasks().stream().filter(e -> e.state() == TaskState.SUCCEEDED).count();
    }

    public Start start() {
        return start;
    }

    /** The reset plan and its notes (order, etcd, what stays on the nodes). */
    public ResetPlanBuilder.Result plan() {
        return plan;
    }

    public PlanPreparation.Checked checked() {
        return checked;
    }

    public Workspace workspace() {
        return run.workspace();
    }

    public Secrets secrets() {
        return run.secrets();
    }

    public OperationRun run() {
        return run;
    }

    /**
     * The nodes that do not answer over SSH, each with why (after {@link #connect}): a connection
     * that cannot be made at all. A node that answers but refuses the login or its key is not
     * "dead": that is an error for the user to fix, reported as one.
     *
     * @throws OperationException a node answers but cannot be logged in to
     */
    public Map<String, String> unreachable() throws OperationException {
        Map<String, String> dead = new java.util.LinkedHashMap<>();
        for (dev.kubeha.model.Node node : checked.cluster().nodes()) {
            try (dev.kubeha.exec.Connection ignored = run.transport().connect(node.name())) {
                // It answers: its tasks run.
            } catch (dev.kubeha.exec.TransportException e) {
                if (e.kind() != dev.kubeha.exec.TransportException.Kind.CONNECT) {
                    throw new OperationException("node " + node.name() + ": " + e.getMessage(), e);
                }
                dead.put(node.name(), e.getMessage());
            }
        }
        return dead;
    }

    /** The reset from now on leaves these nodes out ({@code --force}): no task runs on them. */
    public void leaveOut(java.util.Set<String> nodes) {
        plan = new ResetPlanBuilder(checked.cluster()).build(nodes);
    }

    /** Every node as reached over SSH. */
    public Map<String, SshTarget> targets() {
        return SshTarget.allOf(checked.cluster(), checked.context());
    }

    /** Opens the way to the cluster's nodes; see {@link OperationRun#connect}. */
    public void connect(HostKeyPolicy hostKeyQuestion) {
        run.connect(targets(), hostKeyQuestion);
    }

    /**
     * Runs the reset (continuing the one recorded, if any) until it ends or is cancelled.
     *
     * @throws IllegalStateException the workspace holds nothing to reset ({@link #start()} said so)
     * @throws OperationException    a journal cannot be moved or written, the log not created
     */
    public Outcome run(String origin, int concurrency, List<ExecListener> listeners, Consumer<Path> logOpened)
            throws OperationException {
        if (!(start instanceof Start.Fresh) && !(start instanceof Start.Continue)) {
            throw new IllegalStateException("nothing to reset: " + start);
        }
        if (start instanceof Start.Fresh f && f.installJournal().equals(run.workspace().journal().file())) {
            archivedInstallJournal = archive(run.workspace().journal().file(), ".json");
        }
        Outcome outcome = run.run(plan.plan(), new OperationRun.RunRequest(origin, start instanceof Start.Continue,
                concurrency, listeners, null, logOpened), run.workspace().resetJournal());
        if (outcome.succeeded()) {
            archivedResetJournal = archive(run.workspace().resetJournal().file(), ".reset.json");
            try {
                Files.deleteIfExists(run.workspace().adminConf());
                if (forgetPki) {
                    deleteTree(run.workspace().pki().directory());
                }
            } catch (IOException e) {
                throw new OperationException("every node is reset, but the workspace " + run.workspace() + " could not be"
                        + " tidied: " + e.getMessage(), e);
            }
        }
        return outcome;
    }

    /** Runs the reset plan against nothing; see {@link OperationRun#dryRun}. */
    public OperationRun.DryRun dryRun(int concurrency) throws OperationException {
        return run.dryRun(plan.plan(), concurrency);
    }

    /** Where the install's journal went when the run started, or null (none, or not run yet). */
    public Path archivedInstallJournal() {
        return archivedInstallJournal;
    }

    /** Where the reset's journal went once every node was reset, or null. */
    public Path archivedResetJournal() {
        return archivedResetJournal;
    }

    public boolean forgetPki() {
        return forgetPki;
    }

    /** {@code archive/journal-<UTC time><suffix>}, never over an earlier one. */
    private Path archive(Path journal, String suffix) throws OperationException {
        try {
            Path dir = PrivateFiles.createDirectories(run.workspace().archive());
            String stamp = STAMP.format(clock.instant());
            for (int n = 1; ; n++) {
                Path target = dir.resolve("journal-" + stamp + (n == 1 ? "" : "-" + n) + suffix);
                try {
                    return Files.move(journal, target);
                } catch (FileAlreadyExistsException taken) {
                    // Two runs in the same second: the next name.
                }
            }
        } catch (IOException e) {
            throw new OperationException("cannot move " + journal + " to " + run.workspace().archive() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        run.close();
    }
}
