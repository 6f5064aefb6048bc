package dev.kubeha.operation;

import dev.kubeha.artifact.EtcdTarballs;
import dev.kubeha.exec.ClusterSurvey;
import dev.kubeha.exec.Journal;
import dev.kubeha.exec.NodeArchitectures;
import dev.kubeha.exec.TaskState;
import dev.kubeha.model.Cluster;
import dev.kubeha.plan.ClusterState;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private Found found = new Found(Mode.INSTALL, ClusterState.NONE, null, List.of());

    private final Clock clock;
    private String tokenNote;

    private ApplyOperation(OperationRun run, Decision decision, PlanPreparation.Checked checked, Clock clock) {
        this.run = run;
        this.clock = clock;
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
            String name = checked.cluster().name();
            // Another operation stopped half-way: an install now would join nodes it was taking apart.
            if (Files.exists(workspace.resetJournal().file())) {
                throw new OperationException("a reset of cluster " + name + " is under way in " + workspace.root()
                        + " (" + Workspace.RESET_JOURNAL + "): finish it first with kubeha reset " + checked.file()
                        + " --resume; apply installs again once every node is reset");
            }
            if (Files.exists(workspace.root().resolve(RemoveNodeOperation.JOURNAL))) {
                throw new OperationException("a removal of nodes from cluster " + name + " is under way in " + workspace.root()
                        + " (" + RemoveNodeOperation.JOURNAL + "): finish it first with kubeha remove-node " + checked.file()
                        + " and the same nodes; apply would join them again");
            }
            return new ApplyOperation(run, Decision.of(workspace.journal(), name), checked, clock);
        } catch (OperationException e) {
            run.close();
            throw e;
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

    /** What a run of apply does on this cluster. */
    public enum Mode {
        /** Nothing there yet: the whole installation. */
        INSTALL,
        /** Continue an unfinished run from the journal (what succeeded with the same digest is not run again). */
        RESUME,
        /** The cluster is there: only what differs from the cluster file, then the verification. */
        CONVERGE
    }

    /**
     * What the journal and the nodes said, and so what the run does.
     *
     * @param look  what was found on the nodes; null when none was asked (dry run)
     * @param notes what the user should know about it, one line each
     */
    public record Found(Mode mode, ClusterState state, ClusterSurvey.Look look, List<String> notes) {
        public Found {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Looks at the nodes (after {@link #connect}) and decides, with the journal, what this run does:
     * a finished journal or a cluster found on the nodes converges (even with {@code resume}: a
     * finished run has nothing to resume, so it verifies), an unfinished journal resumed resumes,
     * anything else installs.
     *
     * @throws OperationException the journal cannot be read
     */
    public Found look(boolean resume, int concurrency) throws OperationException {
        ClusterSurvey.Look look = ClusterSurvey.look(checked.cluster(), run.transport(), concurrency);
        found = decide(resume, look);
        return found;
    }

    /** As {@link #look}, from the journal alone: for a dry run, which reaches no node. */
    public Found fromJournal(boolean resume) throws OperationException {
        found = decide(resume, null);
        return found;
    }

    /** What {@link #look} or {@link #fromJournal} found; an installation until then. */
    public Found found() {
        return found;
    }

    /** The workspace's journal file, for messages. */
    public java.nio.file.Path journalFile() {
        return run.workspace().journal().file();
    }

    /** Whether the run continues from the journal (the executor skips what it records done). */
    public boolean resumes() {
        return found.mode() == Mode.RESUME;
    }

    private Found decide(boolean resume, ClusterSurvey.Look look) throws OperationException {
        Journal.Snapshot journal;
        try {
            journal = decision instanceof Decision.Fresh || decision instanceof Decision.OtherCluster ? null
                    : run.workspace().journal().load().orElse(null);
        } catch (IOException e) {
            throw new OperationException(e.getMessage(), e);
        }
        List<String> notes = new ArrayList<>();
        ClusterState state = stateOf(checked.cluster(), journal, look, notes);
        if (decision instanceof Decision.Resume && resume) {
            // The executor reads the journal's digests; the nodes only keep init and joins from running twice.
            return new Found(Mode.RESUME, state.withoutDone(), look, notes);
        }
        if (decision instanceof Decision.Finished || state.installed()) {
            return new Found(Mode.CONVERGE, state, look, notes);
        }
        return new Found(Mode.INSTALL, ClusterState.NONE, look, notes);
    }

    /**
     * What is there, from the journal (tasks done, with their digests) and the look at the nodes
     * (null: the journal alone). A node that was reached is joined when its kubelet.conf is there
     * or the API lists it; a node not reached is as the journal says. The cluster exists once the
     * journal records kubeadm init done or the API server lists a node; until then master0's
     * kubelet.conf is what a failed init left, not a cluster.
     */
    static ClusterState stateOf(Cluster cluster, Journal.Snapshot journal, ClusterSurvey.Look look, List<String> notes) {
        Map<String, String> done = new LinkedHashMap<>();
        if (journal != null && cluster.name().equals(journal.cluster())) {
            journal.tasks().stream().filter(e -> e.state() == TaskState.SUCCEEDED).forEach(e -> done.put(e.id(), e.digest()));
        }
        Node master0 = cluster.controlPlaneNodes().get(0);
        boolean apiAnswers = look != null && !look.apiNodes().isEmpty();
        boolean exists = done.containsKey(master0.name() + "/kubeadm-init") || apiAnswers;
        Set<String> joined = new LinkedHashSet<>();
        for (Node n : cluster.nodes()) {
            if (!cluster.controlPlaneNodes().contains(n) && !cluster.workerNodes().contains(n)) {
                continue; // an etcd node: no kubelet of kubeadm's
            }
            ClusterSurvey.NodeLook seen = look == null ? null : look.node(n.name()).orElse(null);
            boolean j;
            if (seen != null && seen.reached()) {
                j = seen.kubeletConf() || look.apiNodes().contains(n.name());
                if (j && !seen.kubeletActive() && (exists || !n.equals(master0))) {
                    notes.add("node " + n.name() + " is joined but its kubelet is not active; the verification will say whether it is Ready");
                }
            } else {
                j = done.containsKey(n.name() + (n.equals(master0) ? "/kubeadm-init" : "/kubeadm-join"));
                if (seen != null) {
                    notes.add("node " + n.name() + " could not be asked (" + seen.problem() + "): taken as the journal says, "
                            + (j ? "joined" : "not joined"));
                }
            }
            if (n.equals(master0) && !exists) {
                j = false;
            }
            if (j) {
                joined.add(n.name());
            }
        }
        if (exists && !joined.contains(master0.name()) && look != null && look.node(master0.name()).map(ClusterSurvey.NodeLook::reached).orElse(false)) {
            notes.add("node " + master0.name() + " has no " + dev.kubeha.plan.NodePaths.KUBELET_CONF + " but the cluster exists:"
                    + " kubeadm init does not run twice, and joining the first master again is not supported yet");
        }
        boolean etcdRunning = !cluster.etcd().stacked()
                && (done.containsKey("etcd/healthy") || (look != null && look.etcdAnswers()));
        if (look != null) {
            notes.add(describe(cluster, look));
        }
        ClusterState state = new ClusterState(exists, joined, etcdRunning, done);
        if (etcdRunning) {
            // Who etcd has: its member list when a member answered, else whose etcd task the journal records done.
            if (look != null && !look.etcdMembers().isEmpty()) {
                state = state.withEtcdMembers(Set.copyOf(look.etcdMembers()), Set.copyOf(look.etcdPeerUrls()));
            } else {
                Set<String> members = new LinkedHashSet<>();
                cluster.etcdMembers().stream().map(Node::name).filter(n -> done.containsKey(n + "/etcd")).forEach(members::add);
                state = state.withEtcdMembers(members, Set.of());
            }
        }
        return state;
    }

    /** One line: what kubectl and etcd said, names sorted (etcd lists its members by id). */
    static String describe(Cluster cluster, ClusterSurvey.Look look) {
        StringBuilder line = new StringBuilder("on the nodes: ");
        if (look.apiFrom() == null) {
            line.append("no API server answered kubectl get nodes");
        } else {
            line.append("kubectl get nodes on ").append(look.apiFrom()).append(" lists ")
                    .append(look.apiNodes().isEmpty() ? "no node" : String.join(", ", look.apiNodes().stream().sorted().toList()));
        }
        if (!cluster.etcd().stacked()) {
            List<String> healthy = look.etcdHealthy().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
            line.append("; etcd ").append(look.etcdMembers().isEmpty() ? "lists no member"
                    : "members " + String.join(", ", look.etcdMembers().stream().sorted().toList()))
                    .append(", healthy: ").append(healthy.isEmpty() ? "none" : String.join(", ", healthy));
        }
        return line.toString();
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

    /**
     * Whether the prepared plan only verifies: on an installed cluster, nothing differs from the
     * cluster file (the run checks the nodes and changes none); false before {@link #prepare}.
     */
    public boolean changesNothing() {
        return prepared != null && prepared.plan().tasks().stream().allMatch(dev.kubeha.plan.ClusterPlanBuilder::verifies);
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
        renewExpiredToken();
        prepared = preparation.prepare(checked, run.workspace().pki(), etcdUploads, images, cni, packages, found.state());
        run.secrets().register(prepared.pki().joinMaterial().bootstrapToken());
        return prepared;
    }

    /**
     * Nodes join a cluster that exists (a converge, or a resume after kubeadm init went through),
     * with a token kubeha made more than a day ago (less an hour, so that no join races the
     * expiry): the workspace gets a new one before the files are rendered, and the plan has
     * master0 create it on the cluster before the joins.
     */
    private void renewExpiredToken() throws PkiException {
        ClusterState state = found.state();
        // A dry run (no look at the nodes) changes nothing: its plan shows the joins with the token as it is.
        // A resume the next day is the same: init went through yesterday, the joins still have to.
        if (found.mode() == Mode.INSTALL || !state.controlPlaneExists() || found.look() == null) {
            return;
        }
        Cluster cluster = checked.cluster();
        List<String> joining = cluster.nodes().stream()
                .filter(n -> cluster.controlPlaneNodes().contains(n) || cluster.workerNodes().contains(n))
                .map(Node::name).filter(n -> !state.joined().contains(n)).toList();
        if (joining.isEmpty()) {
            return;
        }
        var pki = run.workspace().pki();
        var created = dev.kubeha.pki.BootstrapTokens.created(pki);
        if (created.isPresent() && dev.kubeha.pki.BootstrapTokens.expired(created.get(), clock.instant(), java.time.Duration.ofHours(1))) {
            dev.kubeha.pki.BootstrapTokens.renew(pki, new java.security.SecureRandom());
            tokenNote = "the bootstrap token in " + pki.describe("bootstrap-token") + " was made " + created.get()
                    + ", more than " + dev.kubeha.pki.BootstrapTokens.TTL.toHours() + " h ago (kubeadm's lifetime): a new one"
                    + " replaces it, created on the cluster before " + String.join(", ", joining) + " join";
        }
    }

    /** What {@link #prepare} did to the bootstrap token, when it made a new one. */
    public Optional<String> tokenNote() {
        return Optional.ofNullable(tokenNote);
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

    /**
     * The nodes the install journal records as there: the first master's init, a node's join, a
     * dedicated etcd member's task. Null without a journal of this cluster.
     */
    public static Set<String> installedByJournal(Cluster cluster, Workspace workspace) throws IOException {
        Journal.Snapshot journal = workspace.journal().load().orElse(null);
        if (journal == null || !cluster.name().equals(journal.cluster())) {
            return null;
        }
        Set<String> done = journal.tasks().stream().filter(e -> e.state() == TaskState.SUCCEEDED).map(Journal.Entry::id)
                .collect(java.util.stream.Collectors.toSet());
        return cluster.nodes().stream().filter(n -> done.contains(n.name() + "/kubeadm-init")
                        || done.contains(n.name() + "/kubeadm-join")
                        || (!cluster.etcd().stacked() && cluster.etcdMembers().contains(n) && done.contains(n.name() + "/etcd")))
                .map(Node::name).collect(java.util.stream.Collectors.toSet());
    }
}
