package dev.kubeha.operation;

import dev.kubeha.exec.PrivateAddresses;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.model.Node;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.PlanPreparation;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Installing a cluster (or resuming its install), the same for {@code kubeha apply} and the
 * window's Install: what the journal says ({@link #decision()}), the private addresses detected
 * over SSH, the plan prepared from the workspace's PKI with the bootstrap token masked, and the
 * runs through its {@link OperationRun}. The front ends phrase the decision and the outcome and
 * ask the user's questions (confirmation, secrets, host keys); they wire nothing.
 *
 * <p>Order of use: {@link #open}, {@link #decision()}, {@link #connect} (not for a dry run),
 * {@link #detectPrivateAddresses}, {@link #prepare}, then {@link #run} (again with resume to
 * retry) or {@link #dryRun}, and {@link #close} at the end (releases the workspace, wipes the secrets).
 */
public final class ApplyOperation implements AutoCloseable {
    private final OperationRun run;
    private final Decision decision;
    private PlanPreparation.Checked checked;
    private PlanPreparation.Prepared prepared;

    private ApplyOperation(OperationRun run, Decision decision, PlanPreparation.Checked checked) {
        this.run = run;
        this.decision = decision;
        this.checked = checked;
    }

    /**
     * Takes the workspace for {@code command} and reads its journal; nothing else is touched.
     *
     * @param checked a valid cluster (see {@link PlanPreparation#check})
     * @throws WorkspaceBusyException another kubeha works on the workspace
     * @throws OperationException     the journal cannot be read; the message says what to do
     */
    public static ApplyOperation open(PlanPreparation.Checked checked, Workspace workspace, Secrets secrets,
                                      String command, TransportFactory transports, Clock clock)
            throws WorkspaceBusyException, OperationException {
        if (!checked.valid()) {
            throw new IllegalArgumentException(checked.file() + " has errors: validate before opening an operation");
        }
        OperationRun run = OperationRun.open("apply", workspace, secrets, command, transports, clock);
        try {
            return new ApplyOperation(run, Decision.of(workspace.journal(), checked.cluster().name()), checked);
        } catch (IOException e) {
            run.close();
            throw new OperationException(e.getMessage(), e);
        }
    }

    public static ApplyOperation open(PlanPreparation.Checked checked, Workspace workspace, Secrets secrets,
                                      String command) throws WorkspaceBusyException, OperationException {
        return open(checked, workspace, secrets, command, TransportFactory.SSH, Clock.systemUTC());
    }

    public Decision decision() {
        return decision;
    }

    /** The runs of this install: log, journal, transport, cancel. */
    public OperationRun run() {
        return run;
    }

    public Workspace workspace() {
        return run.workspace();
    }

    public Secrets secrets() {
        return run.secrets();
    }

    /** The cluster as far as known (with the addresses detected so far). */
    public PlanPreparation.Checked checked() {
        return checked;
    }

    /** The plan and its files once {@link #prepare} ran, else null. */
    public PlanPreparation.Prepared prepared() {
        return prepared;
    }

    /** Every node as reached over SSH. */
    public Map<String, SshTarget> targets() {
        return SshTarget.allOf(checked.cluster(), checked.context());
    }

    /** Nodes whose private address is detected before the plan can be made. */
    public List<String> undetected() {
        return PlanPreparation.withoutPrivateAddress(checked.cluster()).stream().map(Node::name).toList();
    }

    /** Nodes that log in with a password (no key file). */
    public List<String> withoutKey() {
        return targets().values().stream().filter(t -> t.identityFile() == null).map(SshTarget::node).toList();
    }

    /** Whether a node logs in as another user than root, so that sudo may want its password. */
    public boolean needsSudo() {
        return targets().values().stream().anyMatch(SshTarget::sudo);
    }

    /** Opens the way to the cluster's nodes; see {@link OperationRun#connect}. */
    public void connect(HostKeyPolicy hostKeyQuestion) {
        run.connect(targets(), hostKeyQuestion);
    }

    /**
     * Asks every node without a private address for it, at most {@code concurrency} at once; the
     * plan is made with what they tell.
     *
     * @return what was found (empty when every node had one)
     * @throws OperationException naming each node that could not tell, and why
     */
    public List<PrivateAddresses.Detected> detectPrivateAddresses(int concurrency) throws OperationException {
        if (undetected().isEmpty()) {
            return List.of();
        }
        try {
            PrivateAddresses.Result result = PrivateAddresses.detect(checked.cluster(), run.transport(), concurrency);
            checked = checked.withCluster(result.cluster());
            return result.detected();
        } catch (PrivateAddresses.DetectionException e) {
            throw new OperationException(e.getMessage(), e);
        }
    }

    /**
     * Makes or reuses the PKI in the workspace, renders every file and builds the plan; the
     * bootstrap token is masked from here on.
     */
    public PlanPreparation.Prepared prepare(PlanPreparation preparation)
            throws PkiException, PlanPreparation.PreparationException {
        prepared = preparation.prepare(checked, run.workspace().pki());
        run.secrets().register(prepared.pki().joinMaterial().bootstrapToken());
        return prepared;
    }

    public PlanPreparation.Prepared prepare() throws PkiException, PlanPreparation.PreparationException {
        return prepare(new PlanPreparation());
    }

    /** Runs the prepared plan; see {@link OperationRun#run}. */
    public Outcome run(OperationRun.RunRequest request) throws OperationException {
        return run.run(plan().plan(), request);
    }

    /** Runs the prepared plan against nothing; see {@link OperationRun#dryRun}. */
    public OperationRun.DryRun dryRun(int concurrency) throws OperationException {
        return run.dryRun(plan().plan(), concurrency);
    }

    private PlanPreparation.Prepared plan() {
        if (prepared == null) {
            throw new IllegalStateException("prepare first");
        }
        return prepared;
    }

    @Override
    public void close() {
        run.close();
    }
}
