package dev.kubeha.operation;

import dev.kubeha.exec.Connection;
import dev.kubeha.exec.ExecListener;
import dev.kubeha.exec.Journal;
import dev.kubeha.exec.TaskState;
import dev.kubeha.exec.TransportException;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.files.PrivateFiles;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterFiles;
import dev.kubeha.model.Node;
import dev.kubeha.model.NodeRemoval;
import dev.kubeha.pki.ClusterPki;
import dev.kubeha.pki.ClusterPkiGenerator;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.plan.RemoveNodePlanBuilder;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Taking nodes out of an installed cluster ({@code kubeha remove-node}): the {@link NodeRemoval}
 * the front end allowed, planned by {@link RemoveNodePlanBuilder} from cluster.json and the
 * workspace's PKI, run through its {@link OperationRun} with a journal of its own ({@code
 * remove-node-journal.json}: a removal that stopped continues where it did, when asked for the
 * same nodes). Once every task succeeded, the cluster file is rewritten without the removed nodes
 * (the file as it was goes to {@code archive/cluster-<UTC time>.json}) and the journal to
 * {@code archive/journal-<UTC time>.remove-node.json}.
 *
 * <p>The workspace's PKI keeps the removed nodes' certificates: the CAs and the other nodes' files
 * are unchanged, a later kubeha plan lists the removed nodes' leaves as no longer used, and a node
 * added again under the same name reuses them only where their chain still verifies.
 *
 * <p>Order of use: {@link #open}, {@link #start()}, {@link #connect} and {@link #unreachable()}
 * (not for a dry run), {@link #plan}, {@link #run} or {@link #dryRun}, {@link #close}.
 */
public final class RemoveNodeOperation implements AutoCloseable {
    public static final String JOURNAL = "remove-node-journal.json";

    private final OperationRun run;
    private final PlanPreparation.Checked checked;
    private final NodeRemoval removal;
    private final boolean force;
    private final ClusterPki pki;
    private final Start start;
    private final Clock clock;
    private final Journal journal;
    private Path archivedJournal;
    private Path previousClusterFile;

    /** What the workspace says about removing nodes from its cluster; the front ends phrase it. */
    public sealed interface Start {
        /** No install journal: kubeha installed nothing from this workspace. */
        record NeverInstalled(Path workspace) implements Start {
        }

        /** A journal of the workspace records another cluster. */
        record OtherCluster(Path journal, String recorded) implements Start {
        }

        /** A removal of other nodes stopped: it must be finished first (the same nodes, again). */
        record OtherRemoval(Path journal, List<String> nodes) implements Start {
        }

        /** The cluster is installed; nothing of a removal is recorded. */
        record Fresh(Path installJournal) implements Start {
        }

        /** A removal of the same nodes that stopped: what succeeded is not run again. */
        record Continue(Path journal, int done, int total) implements Start {
        }
    }

    private RemoveNodeOperation(OperationRun run, PlanPreparation.Checked checked, NodeRemoval removal, boolean force,
                                ClusterPki pki, Clock clock) throws IOException {
        this.run = run;
        this.checked = checked;
        this.removal = removal;
        this.force = force;
        this.pki = pki;
        this.clock = clock;
        this.journal = new Journal(run.workspace().root().resolve(JOURNAL));
        this.start = readStart();
    }

    /**
     * Takes the workspace, reads its journals and its PKI; nothing else is touched.
     *
     * @param removal an allowed removal of {@code checked}'s cluster
     * @param force   the user accepts removing nodes that do not answer (and a removal below quorum)
     * @throws WorkspaceBusyException another kubeha works on the workspace
     * @throws OperationException     a journal cannot be read, or the workspace has no PKI of this cluster
     */
    public static RemoveNodeOperation open(PlanPreparation.Checked checked, NodeRemoval removal, boolean force,
                                           Workspace workspace, Secrets secrets, String command,
                                           TransportFactory transports, Clock clock)
            throws WorkspaceBusyException, OperationException {
        if (!checked.valid()) {
            throw new IllegalArgumentException(checked.file() + " has errors: validate before opening an operation");
        }
        if (!removal.allowed()) {
            throw new IllegalArgumentException("the removal is refused: " + String.join("; ", removal.problems()));
        }
        OperationRun run = OperationRun.open("remove-node", workspace, secrets, command, transports, clock);
        try {
            return new RemoveNodeOperation(run, checked, removal, force, pki(checked.cluster(), workspace), clock);
        } catch (IOException e) {
            run.close();
            throw new OperationException(e.getMessage(), e);
        } catch (OperationException e) {
            run.close();
            throw e;
        }
    }

    /**
     * The PKI the cluster was installed with; a workspace without one did not install it, and a
     * new CA would match nothing on the nodes.
     */
    private static ClusterPki pki(Cluster cluster, Workspace workspace) throws OperationException {
        if (!workspace.pki().exists("ca.crt")) {
            return null;
        }
        try {
            return new ClusterPkiGenerator(Clock.systemUTC()).ensure(cluster, workspace.pki()).pki();
        } catch (PkiException e) {
            throw new OperationException(e.getMessage(), e);
        }
    }

    private Start readStart() throws IOException {
        String cluster = checked.cluster().name();
        Optional<Journal.Snapshot> removing = journal.load();
        if (removing.isPresent()) {
            if (!cluster.equals(removing.get().cluster())) {
                return new Start.OtherCluster(journal.file(), removing.get().cluster());
            }
            List<String> recorded = removedIn(removing.get());
            if (!recorded.equals(removal.removed().stream().map(Node::name).toList())) {
                return new Start.OtherRemoval(journal.file(), recorded);
            }
            int done = (int) removing.get().tasks().stream().filter(e -> e.state() == TaskState.SUCCEEDED).count();
            return new Start.Continue(journal.file(), done, removing.get().tasks().size());
        }
        Optional<Journal.Snapshot> install = run.workspace().journal().load();
        if (install.isEmpty() || pki == null) {
            return new Start.NeverInstalled(run.workspace().root());
        }
        if (!cluster.equals(install.get().cluster())) {
            return new Start.OtherCluster(run.workspace().journal().file(), install.get().cluster());
        }
        return new Start.Fresh(run.workspace().journal().file());
    }

    /** The nodes a removal journal is about, in cluster.json's order: the subjects of its task ids. */
    private List<String> removedIn(Journal.Snapshot snapshot) {
        Set<String> subjects = new java.util.LinkedHashSet<>();
        for (Journal.Entry e : snapshot.tasks()) {
            String subject = e.id().substring(0, e.id().indexOf('/'));
            String task = e.id().substring(e.id().indexOf('/') + 1);
            if (task.equals("drain") || task.equals("reset") || task.equals("remove-etcd-member") || task.equals("delete-node")) {
                subjects.add(subject);
            }
        }
        return checked.cluster().nodes().stream().map(Node::name).filter(subjects::contains).toList();
    }

    public Start start() {
        return start;
    }

    public NodeRemoval removal() {
        return removal;
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

    /** Every node as reached over SSH: the removed ones and those that stay (masters, etcd members). */
    public Map<String, SshTarget> targets() {
        return SshTarget.allOf(checked.cluster(), checked.context());
    }

    /** Opens the way to the cluster's nodes; see {@link OperationRun#connect}. */
    public void connect(HostKeyPolicy hostKeyQuestion) {
        run.connect(targets(), hostKeyQuestion);
    }

    /**
     * The removed nodes that do not answer over SSH, each with why (after {@link #connect}): a
     * connection that cannot be made at all. A node that answers but refuses the login or its key
     * is not "dead": that is an error for the user to fix, reported as one.
     *
     * @throws OperationException a removed node answers but cannot be logged in to
     */
    public Map<String, String> unreachable() throws OperationException {
        Map<String, String> dead = new LinkedHashMap<>();
        for (Node node : removal.removed()) {
            try (Connection ignored = run.transport().connect(node.name())) {
                // It answers: its own tasks run.
            } catch (TransportException e) {
                if (e.kind() != TransportException.Kind.CONNECT) {
                    throw new OperationException("node " + node.name() + ": " + e.getMessage(), e);
                }
                dead.put(node.name(), e.getMessage());
            }
        }
        return dead;
    }

    /**
     * The plan for this removal, given the removed nodes that do not answer (no task runs on
     * them; empty for a dry run or {@code kubeha plan}).
     *
     * @throws OperationException the cluster cannot be planned (a private address is missing)
     */
    public RemoveNodePlanBuilder.Result plan(Set<String> unreachable) throws OperationException {
        if (pki == null) {
            throw new IllegalStateException("no PKI in " + run.workspace().pki().directory() + ": " + start);
        }
        return plan(checked, removal, pki, unreachable);
    }

    /** The plan from a cluster file, a removal and the PKI: what {@code kubeha plan --operation remove-node} prints. */
    public static RemoveNodePlanBuilder.Result plan(PlanPreparation.Checked checked, NodeRemoval removal, ClusterPki pki,
                                                    Set<String> unreachable) throws OperationException {
        // A private address only apply could detect is needed where files are rendered again (the
        // remaining masters') and for etcd's URLs: the builder's message names the node.
        try {
            return new RemoveNodePlanBuilder(checked.cluster(), removal, pki, registryCa(checked), unreachable).build();
        } catch (IllegalArgumentException e) {
            throw new OperationException(e.getMessage(), e);
        }
    }

    private static byte[] registryCa(PlanPreparation.Checked checked) throws OperationException {
        var images = checked.cluster().images();
        if (images == null || images.registryCa() == null || !images.siteRegistry()) {
            return null;
        }
        Path file = checked.context().resolve(images.registryCa());
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OperationException("images.registryCa " + images.registryCa() + ": cannot read " + file + " ("
                    + e.getMessage() + "); fix the path in " + checked.file(), e);
        }
    }

    /**
     * Runs {@code plan} (continuing the removal recorded, if any) until it ends or is cancelled;
     * once it succeeded, rewrites the cluster file without the removed nodes.
     *
     * @throws IllegalStateException the workspace holds no install of this cluster ({@link #start()} said so)
     * @throws OperationException    the journal or the cluster file cannot be written, the log not created
     */
    public Outcome run(Plan plan, String origin, int concurrency, List<ExecListener> listeners, Consumer<Path> logOpened)
            throws OperationException {
        if (!(start instanceof Start.Fresh) && !(start instanceof Start.Continue)) {
            throw new IllegalStateException("nothing to remove nodes from: " + start);
        }
        Outcome outcome = run.run(plan, new OperationRun.RunRequest(origin, start instanceof Start.Continue, concurrency,
                listeners, null, logOpened), journal);
        if (!outcome.succeeded() && outcome.result().states().get(RemoveNodePlanBuilder.HEALTH_GATE) != TaskState.SUCCEEDED) {
            // Nothing changed (the first task did not pass): no removal is under way, another may be asked for.
            try {
                Files.deleteIfExists(journal.file());
            } catch (IOException e) {
                throw new OperationException("nothing was changed, but " + journal.file() + " could not be deleted: "
                        + e.getMessage() + "; delete it before the next remove-node", e);
            }
        }
        if (outcome.succeeded()) {
            Path file = checked.file();
            try {
                if (Files.exists(file)) {
                    previousClusterFile = archive(file, "cluster-", ".json", true);
                }
                ClusterFiles.write(removal.remaining(), file);
            } catch (IOException e) {
                throw new OperationException("every task succeeded, but " + file + " could not be rewritten without "
                        + String.join(", ", removal.removed().stream().map(Node::name).toList()) + ": " + e.getMessage()
                        + "; remove them from it by hand", e);
            }
            try {
                archivedJournal = archive(journal.file(), "journal-", ".remove-node.json", false);
            } catch (IOException e) {
                throw new OperationException("the nodes are removed and " + file + " rewritten, but " + journal.file()
                        + " could not be moved to " + run.workspace().archive() + ": " + e.getMessage()
                        + "; delete it before the next remove-node", e);
            }
        }
        return outcome;
    }

    /** Runs {@code plan} against nothing; see {@link OperationRun#dryRun}. */
    public OperationRun.DryRun dryRun(Plan plan, int concurrency) throws OperationException {
        return run.dryRun(plan, concurrency);
    }

    public boolean force() {
        return force;
    }

    /** Where the removal's journal went once it succeeded, or null. */
    public Path archivedJournal() {
        return archivedJournal;
    }

    /** The cluster file as it was before the removal (in the archive), or null. */
    public Path previousClusterFile() {
        return previousClusterFile;
    }

    /** {@code archive/<prefix><UTC time><suffix>}, never over an earlier one; a copy or a move. */
    private Path archive(Path source, String prefix, String suffix, boolean copy) throws IOException {
        Path dir = PrivateFiles.createDirectories(run.workspace().archive());
        String stamp = ResetOperation.STAMP.format(clock.instant());
        for (int n = 1; ; n++) {
            Path target = dir.resolve(prefix + stamp + (n == 1 ? "" : "-" + n) + suffix);
            try {
                return copy ? Files.copy(source, target) : Files.move(source, target);
            } catch (FileAlreadyExistsException taken) {
                // Two runs in the same second: the next name.
            }
        }
    }

    @Override
    public void close() {
        run.close();
    }
}
