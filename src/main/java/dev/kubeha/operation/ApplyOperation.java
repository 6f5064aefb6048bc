package dev.kubeha.operation;

import dev.kubeha.artifact.EtcdTarballs;
import dev.kubeha.exec.NodeArchitectures;
import dev.kubeha.exec.PrivateAddresses;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.model.Node;
import dev.kubeha.pki.PkiException;
import dev.kubeha.plan.EtcdUploads;
import dev.kubeha.plan.PlanPreparation;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Installing a cluster (or resuming its install), the same for {@code kubeha apply} and the
 * window's Install: what the journal says ({@link #decision()}), the private addresses detected
 * over SSH, the plan prepared from the workspace's PKI with the bootstrap token masked, and the
 * runs through its {@link OperationRun}. The front ends phrase the decision and the outcome and
 * ask the user's questions (confirmation, secrets, host keys); they wire nothing.
 *
 * <p>Order of use: {@link #open}, {@link #decision()}, {@link #connect} (not for a dry run),
 * {@link #detectPrivateAddresses}, {@link #bringEtcd} (not for a dry run), {@link #prepare}, then {@link #run} (again with resume to
 * retry) or {@link #dryRun}, and {@link #close} at the end (releases the workspace, wipes the secrets).
 */
public final class ApplyOperation implements AutoCloseable {
    private final OperationRun run;
    private final Decision decision;
    private PlanPreparation.Checked checked;
    private PlanPreparation.Prepared prepared;
    private EtcdUploads etcdUploads = EtcdUploads.NONE;
    private dev.kubeha.plan.ImageImports images = dev.kubeha.plan.ImageImports.NONE;
    private dev.kubeha.plan.CniSource cni;
    private dev.kubeha.plan.PackageUploads packages = dev.kubeha.plan.PackageUploads.NONE;

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
     * Gets the etcd release tarball for the members run by systemd: asks each member its
     * architecture, finds each architecture's tarball on the workstation (the user's directory,
     * the cache, or a download verified against the published sha256) and has the plan upload it
     * to every member, which checks the sha256 again. Nothing to do when kubeadm runs etcd.
     *
     * @param notes told what happens (downloads, checks), one line each
     * @return the tarballs, one per architecture
     * @throws OperationException a member cannot tell its architecture, or no tarball kubeha may trust
     *                            can be had; the message says what to do
     */
    public List<EtcdTarballs.Tarball> bringEtcd(EtcdTarballs tarballs, EtcdTarballs.Sources sources, int concurrency,
                                                Consumer<String> notes) throws OperationException {
        List<Node> members = checked.cluster().etcdMembersRunBySystemd();
        if (members.isEmpty()) {
            return List.of();
        }
        String version = checked.cluster().etcdVersion();
        try {
            Map<String, String> archOf = NodeArchitectures.detect(members, run.transport(), concurrency);
            List<EtcdTarballs.Tarball> found = tarballs.resolve(version, List.copyOf(archOf.values()), sources, notes);
            Map<String, EtcdUploads.Tarball> byArch = new HashMap<>();
            for (EtcdTarballs.Tarball t : found) {
                byArch.put(t.arch(), new EtcdUploads.Tarball(t.fileName(), t.sha256(), Files.readAllBytes(t.file())));
            }
            Map<String, EtcdUploads.Tarball> byNode = new LinkedHashMap<>();
            archOf.forEach((node, arch) -> byNode.put(node, byArch.get(arch)));
            etcdUploads = new EtcdUploads(byNode);
            return found;
        } catch (NodeArchitectures.DetectionException | EtcdTarballs.EtcdTarballException e) {
            throw new OperationException(e.getMessage(), e);
        } catch (IOException e) {
            throw new OperationException("cannot read the etcd release tarball: " + e.getMessage(), e);
        }
    }

    /**
     * For nodes that have SSH but no internet: the plan uploads these images and packages from the
     * workstation (streamed, checked by sha256 on the node before use) and applies this CNI manifest
     * content (fetched here when cni.manifest is a URL; null: as the cluster says).
     */
    public void carry(dev.kubeha.plan.ImageImports images, dev.kubeha.plan.CniSource cni,
                      dev.kubeha.plan.PackageUploads packages) {
        this.images = java.util.Objects.requireNonNull(images, "images");
        this.cni = cni;
        this.packages = java.util.Objects.requireNonNull(packages, "packages");
    }

    /**
     * Gathers what the nodes receive from this machine ({@link AirGapCarry#prepare}) for the
     * architectures of the nodes that run containers, asked over SSH when images or packages of a
     * distribution are brought, and has the plan upload it.
     *
     * @throws OperationException a node cannot tell its architecture
     * @throws AirGapCarry.CarryException what the nodes receive could not be had; the kind says what
     */
    public AirGapCarry.Carried carry(AirGapCarry.Request request, int concurrency, AirGapCarry.Listener listener)
            throws OperationException, AirGapCarry.CarryException {
        List<String> arches = request.needsArchitectures()
                ? architectures(AirGapCarry.containerNodes(checked.cluster()), concurrency).values().stream()
                        .distinct().sorted().toList()
                : List.of();
        return carry(request, arches, listener);
    }

    /** As {@link #carry(AirGapCarry.Request, int, AirGapCarry.Listener)} for nodes of {@code arches} (a dry run asks none). */
    public AirGapCarry.Carried carry(AirGapCarry.Request request, List<String> arches, AirGapCarry.Listener listener)
            throws AirGapCarry.CarryException {
        AirGapCarry.Carried carried = AirGapCarry.prepare(checked, request, arches,
                run.workspace().root().resolve(AirGapCarry.IMAGES_DIR), listener);
        carry(carried.images(), carried.cni(), carried.packages());
        return carried;
    }

    /**
     * The architecture ({@code amd64}, {@code arm64}) of each of {@code nodes}, asked over SSH.
     *
     * @throws OperationException a node cannot tell or runs an architecture kubeha has no release for
     */
    public Map<String, String> architectures(List<Node> nodes, int concurrency) throws OperationException {
        try {
            return NodeArchitectures.detect(nodes, run.transport(), concurrency);
        } catch (NodeArchitectures.DetectionException e) {
            throw new OperationException(e.getMessage(), e);
        }
    }

    /**
     * Makes or reuses the PKI in the workspace, renders every file and builds the plan; the
     * bootstrap token is masked from here on.
     */
    public PlanPreparation.Prepared prepare(PlanPreparation preparation)
            throws PkiException, PlanPreparation.PreparationException {
        prepared = preparation.prepare(checked, run.workspace().pki(), etcdUploads, images, cni, packages);
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
