package dev.kubeha.ui.cluster;

import dev.kubeha.exec.ExecOptions;
import dev.kubeha.exec.Transport;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.model.NodeRemoval;
import dev.kubeha.model.Role;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.operation.ClusterStatusLook;
import dev.kubeha.operation.RemoveNodeOperation;
import dev.kubeha.operation.ResetOperation;
import dev.kubeha.operation.Secrets;
import dev.kubeha.operation.TransportFactory;
import dev.kubeha.operation.Workspace;
import dev.kubeha.pki.CertificateInfo;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.plan.Task;
import dev.kubeha.ui.fx.BackgroundStatus;
import dev.kubeha.ui.fx.UiExecutor;
import dev.kubeha.ui.install.InstallViewModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Cluster page of an installed cluster: what {@link ClusterStatusLook} finds (nodes with their
 * roles, kubelet version and Ready; the etcd members and their health; the workspace's
 * certificates by expiry; the load balancer), asked again with Refresh; and the actions on the
 * cluster, each planned by its operation class before it runs (Remove node…, Reset…) and run in
 * the live install window. The look connects with the workspace's known_hosts only: a host key
 * it does not know is refused, as the install recorded every node's.
 */
public final class ClusterPageViewModel {
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    /** A certificate that expires this soon is marked, as {@code kubeha certs} warns. */
    static final int EXPIRY_WARNING_DAYS = 30;

    /** One node as the page shows it; every column is text the user reads. */
    public record NodeRow(String name, String roles, String host, String kubelet, String ready, boolean problem) {
    }

    public record MemberRow(String name, String listed, String health, boolean problem) {
    }

    public record CertificateRow(String file, String notAfter, String daysLeft, boolean expiresSoon) {
    }

    /**
     * A removal as the confirmation shows it before anything runs.
     *
     * @param steps    what happens, one line each (empty when refused)
     * @param refusals NodeRemoval's refusal lines, as {@code kubeha remove-node} prints them; none: allowed
     * @param plan     the plan's tasks, one line each ({@code worker1/drain  Drain worker1}); empty when refused
     */
    public record RemovalProposal(String node, String question, List<String> steps, List<String> refusals,
                                  List<String> warnings, List<String> notes, List<String> plan,
                                  PlanPreparation.Checked checked, NodeRemoval removal) {
        public boolean refused() {
            return !refusals.isEmpty();
        }
    }

    /** A reset as its confirmation shows it: the cluster and every node named, the plan's tasks. */
    public record ResetProposal(String question, List<String> nodes, List<String> notes, List<String> plan,
                                PlanPreparation.Checked checked) {
    }

    private final Supplier<Cluster> cluster;
    private final Supplier<Path> file;
    private final Supplier<ValidationContext> context;
    private final Function<Cluster, Path> workspaceFor;
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final TransportFactory transports;
    private final Clock clock;
    private final BackgroundStatus state;
    private final ObservableList<NodeRow> nodes = FXCollections.observableArrayList();
    private final ObservableList<MemberRow> members = FXCollections.observableArrayList();
    private final ObservableList<CertificateRow> certificates = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper etcdSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper loadBalancer = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper certificatesProblem = new ReadOnlyStringWrapper("");
    private Consumer<Runnable> afterChange = r -> r.run();
    private final javafx.beans.property.ReadOnlyBooleanWrapper sudoNeeded = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper loginNodes = new ReadOnlyStringWrapper("");

    public ClusterPageViewModel(Supplier<Cluster> cluster, Supplier<Path> file, Supplier<ValidationContext> context,
                                Function<Cluster, Path> workspaceFor, UiExecutor executor, ResourceBundle messages,
                                TransportFactory transports, Clock clock) {
        this.cluster = cluster;
        this.file = file;
        this.context = context;
        this.workspaceFor = workspaceFor;
        this.executor = executor;
        this.messages = messages;
        this.transports = transports;
        this.clock = clock;
        this.state = new BackgroundStatus(messages);
    }

    /** Told, on the FX thread, once an action changed the cluster file (a node removed): the wizard reads it again. */
    public void onClusterFileChanged(Consumer<Runnable> reread) {
        this.afterChange = reread;
    }

    /** Nodes that log in with a password (no key file): the page asks for it. */
    public List<String> withoutKey() {
        return SshTarget.allOf(cluster.get(), context.get()).values().stream().filter(t -> t.identityFile() == null)
                .map(SshTarget::node).toList();
    }

    /** Whether a node logs in as another user than root: kubectl with admin.conf runs with sudo. */
    public boolean needsSudo() {
        return SshTarget.allOf(cluster.get(), context.get()).values().stream().anyMatch(SshTarget::sudo);
    }

    /**
     * Shows the cluster as its file describes it and the workspace's certificates, asking no node
     * (background: the PKI is read); Refresh asks the nodes.
     */
    public void load() {
        Cluster now = cluster.get();
        sudoNeeded.set(needsSudo());
        loginNodes.set(String.join(", ", withoutKey()));
        Workspace workspace = Workspace.at(workspaceFor.apply(now));
        executor.run(() -> ClusterStatusLook.unasked(now, workspace, clock), status -> {
            show(now, status, new dev.kubeha.exec.Redactor(), false);
            state.done(messages.getString("cluster.notLooked"));
        }, state::fail);
    }

    /**
     * Looks at the cluster again in the background, with the passwords given (copied; the caller
     * wipes its own). A node that does not answer shows as such in its row.
     */
    public void refresh(char[] loginPassword, char[] sudoPassword) {
        Cluster now = cluster.get();
        ValidationContext where = context.get();
        Workspace workspace = Workspace.at(workspaceFor.apply(now));
        Secrets secrets = secrets(loginPassword, sudoPassword);
        state.start(String.format(messages.getString("cluster.looking"), now.nodes().size()));
        executor.run(() -> {
            try (secrets; Transport transport = transports.open(SshTarget.allOf(now, where), workspace.knownHosts(),
                    HostKeyPolicy.REJECT_NEW, secrets.ssh())) {
                ClusterStatusLook.Status status = ClusterStatusLook.look(now, workspace, transport,
                        ExecOptions.DEFAULT_CONCURRENCY, clock);
                return new Shown(now, status, secrets.redactor());
            }
        }, shown -> {
            show(shown.cluster(), shown.status(), shown.redactor(), true);
            state.done(String.format(messages.getString(shown.status().apiFrom() == null ? "cluster.lookedNoApi"
                    : "cluster.looked"), TIME.format(shown.status().at()), shown.status().apiFrom()));
        }, state::fail);
    }

    private record Shown(Cluster cluster, ClusterStatusLook.Status status, dev.kubeha.exec.Redactor redactor) {
    }

    private static Secrets secrets(char[] login, char[] sudo) {
        return Secrets.from(null).give(Secrets.Kind.LOGIN_PASSWORD, login).give(Secrets.Kind.SUDO_PASSWORD, sudo);
    }

    /** Puts a look on the page; FX thread. */
    void show(Cluster shownCluster, ClusterStatusLook.Status status, dev.kubeha.exec.Redactor redactor, boolean asked) {
        List<NodeRow> rows = new ArrayList<>();
        for (ClusterStatusLook.NodeStatus n : status.nodes()) {
            String roles = n.roles().stream().map(Role::wireName).collect(Collectors.joining(", "));
            String kubelet;
            String ready;
            boolean problem;
            if (!n.reached()) {
                kubelet = n.kubeletVersion() == null ? "\u2014" : n.kubeletVersion();
                ready = String.format(messages.getString("cluster.node.unreachable"), redactor.redact(n.problem()));
                problem = true;
            } else if (!n.kubernetesNode()) {
                kubelet = "\u2014";
                ready = messages.getString("cluster.node.etcdOnly");
                problem = false;
            } else {
                kubelet = n.kubeletVersion() == null ? "\u2014" : n.kubeletVersion();
                ready = messages.getString("cluster.ready." + n.ready().name());
                problem = n.ready() != ClusterStatusLook.Readiness.READY;
            }
            rows.add(new NodeRow(n.name(), roles, n.host(), kubelet, ready, problem));
        }
        nodes.setAll(rows);
        List<MemberRow> memberRows = new ArrayList<>();
        for (ClusterStatusLook.EtcdMemberStatus m : status.etcd()) {
            String listed = m.listed() == null ? messages.getString("cluster.etcd.listedUnknown")
                    : messages.getString(m.listed() ? "cluster.etcd.listed" : "cluster.etcd.notListed");
            boolean inFile = shownCluster.node(m.name()).isPresent();
            if (!inFile) {
                listed = messages.getString("cluster.etcd.notInFile");
            }
            memberRows.add(new MemberRow(m.name(), listed, messages.getString("cluster.health." + m.health().name()),
                    m.health() != ClusterStatusLook.Health.HEALTHY || !inFile || Boolean.FALSE.equals(m.listed())));
        }
        members.setAll(memberRows);
        long healthy = status.etcd().stream().filter(m -> m.health() == ClusterStatusLook.Health.HEALTHY).count();
        etcdSummary.set(!asked ? messages.getString(status.stackedEtcd() ? "cluster.etcd.stackedNotAsked"
                : "cluster.etcd.externalNotAsked")
                : String.format(messages.getString(status.stackedEtcd() ? "cluster.etcd.stacked" : "cluster.etcd.external"),
                healthy, status.etcd().size()));
        certificates.setAll(status.certificates().stream().map(c -> certificateRow(c, status)).toList());
        certificatesProblem.set(status.certificatesProblem() == null ? ""
                : String.format(messages.getString("cluster.certificates.unreadable"), status.certificatesProblem()));
        loadBalancer.set(loadBalancerText(status.loadBalancer(), asked));
        long ready = status.nodes().stream().filter(n -> n.ready() == ClusterStatusLook.Readiness.READY).count();
        long kubernetes = status.nodes().stream().filter(ClusterStatusLook.NodeStatus::kubernetesNode).count();
        summary.set(!asked ? String.format(messages.getString("cluster.summaryNotAsked"), shownCluster.name(),
                shownCluster.kubernetesVersion(), status.nodes().size())
                : String.format(messages.getString("cluster.summary"), shownCluster.name(),
                shownCluster.kubernetesVersion(), status.nodes().size(), ready, kubernetes));
    }

    private CertificateRow certificateRow(CertificateInfo c, ClusterStatusLook.Status status) {
        long days = c.daysLeft(status.at());
        return new CertificateRow(c.file(), DATE.format(c.notAfter()),
                days < 0 ? messages.getString("cluster.certificates.expired") : Long.toString(days),
                days < EXPIRY_WARNING_DAYS);
    }

    private String loadBalancerText(ClusterStatusLook.LoadBalancerStatus lb, boolean asked) {
        String mode = messages.getString(lb.mode() == LoadBalancerMode.HAPROXY_KEEPALIVED ? "cluster.lb.haproxy"
                : "cluster.lb.external");
        String answer = !asked ? messages.getString("cluster.lb.notAskedYet")
                : lb.healthz() == null ? messages.getString("cluster.lb.notAsked")
                : String.format(messages.getString(lb.healthz() ? "cluster.lb.answers" : "cluster.lb.silent"),
                lb.endpoint(), lb.from());
        return String.format(messages.getString("cluster.lb.text"), mode, lb.endpoint(), answer,
                String.join("\n", lb.backends().stream().map(b -> "  " + b).toList()));
    }

    // --- Remove node… -----------------------------------------------------------------------------------------

    /**
     * What removing {@code node} does, for the confirmation: refused (NodeRemoval's lines) or the
     * steps and the plan, made by {@link RemoveNodeOperation} as {@code kubeha plan --operation
     * remove-node} makes it. Background; {@code onReady} on the FX thread, errors to the status.
     */
    public void proposeRemoval(String node, Consumer<RemovalProposal> onReady) {
        Cluster now = cluster.get();
        Path clusterFile = clusterFile(now);
        ValidationContext where = context.get();
        Workspace workspace = Workspace.at(workspaceFor.apply(now));
        state.start(String.format(messages.getString("cluster.remove.planning"), node));
        executor.run(() -> {
            PlanPreparation.Checked checked = PlanPreparation.check(now, clusterFile, where);
            PlanPreparation.requireValid(checked);
            NodeRemoval removal = NodeRemoval.of(now, List.of(node), false);
            Node leaving = now.node(node).orElse(null);
            String roles = leaving == null ? "" : leaving.roles().stream().map(Role::wireName).collect(Collectors.joining(", "));
            String question = String.format(messages.getString("cluster.remove.question"), node, roles, now.name());
            if (!removal.allowed()) {
                return new RemovalProposal(node, question, List.of(), removal.problems(), List.of(), List.of(), List.of(),
                        checked, removal);
            }
            try (RemoveNodeOperation operation = RemoveNodeOperation.open(checked, removal, false, workspace,
                    Secrets.from(null), "the kubeha window, planning the removal of " + node, transports, clock)) {
                requireInstalled(operation.start(), now);
                var planned = operation.plan(Set.of());
                return new RemovalProposal(node, question, steps(now, leaving, clusterFile), List.of(), removal.warnings(),
                        planned.notes(), taskLines(planned.plan()), checked, removal);
            }
        }, proposal -> {
            state.done("");
            onReady.accept(proposal);
        }, state::fail);
    }

    /** Remove node… without a node chosen: the status says to choose one. */
    public void choose() {
        state.fail(messages.getString("cluster.remove.choose"));
    }

    /** What happens to the node, in the plan's order. */
    private List<String> steps(Cluster now, Node node, Path clusterFile) {
        List<String> steps = new ArrayList<>();
        boolean kubernetes = node.hasRole(Role.CONTROL_PLANE) || node.hasRole(Role.WORKER);
        if (kubernetes) {
            steps.add(String.format(messages.getString("cluster.remove.step.drain"), node.name()));
        }
        if (now.etcdMembers().contains(node)) {
            steps.add(String.format(messages.getString("cluster.remove.step.etcd"), node.name()));
        }
        steps.add(String.format(messages.getString("cluster.remove.step.reset"), node.name()));
        if (kubernetes) {
            steps.add(String.format(messages.getString("cluster.remove.step.delete"), node.name()));
        }
        if (node.hasRole(Role.CONTROL_PLANE)) {
            steps.add(String.format(messages.getString("cluster.remove.step.loadBalancer"), node.name()));
        }
        steps.add(String.format(messages.getString("cluster.remove.step.file"), clusterFile.getFileName(), node.name()));
        return steps;
    }

    /**
     * Runs the removal the user confirmed: the operation holds the workspace until the install
     * window closes; a removed node that does not answer over SSH stops it before anything changes.
     * Once it succeeded the cluster file is rewritten (by the operation) and the wizard reads it again.
     */
    public void startRemoval(RemovalProposal proposal, char[] loginPassword, char[] sudoPassword, HostKeyPolicy hostKeys,
                             Consumer<InstallViewModel> onStarted) {
        Cluster now = proposal.checked().cluster();
        Workspace workspace = Workspace.at(workspaceFor.apply(now));
        Secrets secrets = secrets(loginPassword, sudoPassword);
        state.start(String.format(messages.getString("cluster.remove.connecting"), proposal.node()));
        executor.run(() -> {
            RemoveNodeOperation operation = RemoveNodeOperation.open(proposal.checked(), proposal.removal(), false,
                    workspace, secrets, "the kubeha window, removing " + proposal.node() + " from " + now.name(),
                    transports, clock);
            try {
                requireInstalled(operation.start(), now);
                operation.connect(hostKeys);
                Map<String, String> dead = operation.unreachable();
                if (!dead.isEmpty()) {
                    var first = dead.entrySet().iterator().next();
                    throw new PlanPreparation.PreparationException(String.format(
                            messages.getString("cluster.remove.unreachable"), first.getKey(), first.getValue()));
                }
                return new Started<>(operation, operation.plan(Set.of()).plan());
            } catch (Exception e) {
                operation.close();
                throw e;
            }
        }, started -> {
            state.done("");
            RemoveNodeOperation operation = started.operation();
            Plan plan = started.plan();
            InstallViewModel run = new InstallViewModel(plan, now, workspace.root(), executor, messages, clock);
            run.runs(new InstallViewModel.OtherOperation(
                    String.format(messages.getString("cluster.remove.title"), proposal.node(), now.name()),
                    String.format(messages.getString("cluster.remove.running"), proposal.node()),
                    (tasks, took) -> String.format(messages.getString("cluster.remove.succeeded"), proposal.node(),
                            now.name(), tasks, took, clusterFile(now).getFileName()),
                    request -> operation.run(plan, request.origin(), request.concurrency(), request.listeners(),
                            request.logOpened())));
            run.phaseProperty().addListener((o, was, phase) -> {
                if (phase == InstallViewModel.Phase.SUCCEEDED) {
                    // The file no longer names the node: the wizard reads it again, the page forgets its row.
                    afterChange.accept(() -> nodes.removeIf(r -> r.name().equals(proposal.node())));
                }
            });
            run.start(operation.run(), ExecOptions.DEFAULT_CONCURRENCY, false);
            onStarted.accept(run);
        }, e -> {
            secrets.close();
            state.fail(e);
        });
    }

    private record Started<T>(T operation, Plan plan) {
    }

    private void requireInstalled(RemoveNodeOperation.Start start, Cluster now) throws PlanPreparation.PreparationException {
        if (start instanceof RemoveNodeOperation.Start.NeverInstalled || start instanceof RemoveNodeOperation.Start.OtherCluster) {
            throw new PlanPreparation.PreparationException(String.format(messages.getString("cluster.notInstalled"),
                    now.name(), workspaceFor.apply(now)));
        }
        if (start instanceof RemoveNodeOperation.Start.OtherRemoval other) {
            throw new PlanPreparation.PreparationException(String.format(messages.getString("cluster.remove.other"),
                    String.join(", ", other.nodes()), other.journal()));
        }
    }

    // --- Reset… -----------------------------------------------------------------------------------------------

    /** What a reset does, for its confirmation: the cluster, every node, the plan (by {@link ResetOperation}). */
    public void proposeReset(Consumer<ResetProposal> onReady) {
        Cluster now = cluster.get();
        Path clusterFile = clusterFile(now);
        ValidationContext where = context.get();
        Workspace workspace = Workspace.at(workspaceFor.apply(now));
        state.start(messages.getString("cluster.reset.planning"));
        executor.run(() -> {
            PlanPreparation.Checked checked = PlanPreparation.check(now, clusterFile, where);
            PlanPreparation.requireValid(checked);
            try (ResetOperation operation = ResetOperation.open(checked, workspace, Secrets.from(null),
                    "the kubeha window, planning the reset of " + now.name(), false, transports, clock)) {
                requireResettable(operation.start(), now);
                List<String> names = now.nodes().stream().map(n -> n.name() + " (" + n.host() + ", "
                        + n.roles().stream().map(Role::wireName).collect(Collectors.joining(", ")) + ")").toList();
                String question = String.format(messages.getString("cluster.reset.question"), now.name(),
                        now.nodes().size(), workspace.root());
                return new ResetProposal(question, names, operation.plan().notes(), taskLines(operation.plan().plan()),
                        checked);
            }
        }, proposal -> {
            state.done("");
            onReady.accept(proposal);
        }, state::fail);
    }

    /** Runs the confirmed reset in the live window; the PKI stays (the window never forgets it). */
    public void startReset(ResetProposal proposal, char[] loginPassword, char[] sudoPassword, HostKeyPolicy hostKeys,
                           Consumer<InstallViewModel> onStarted) {
        Cluster now = proposal.checked().cluster();
        Workspace workspace = Workspace.at(workspaceFor.apply(now));
        Secrets secrets = secrets(loginPassword, sudoPassword);
        state.start(messages.getString("cluster.reset.connecting"));
        executor.run(() -> {
            ResetOperation operation = ResetOperation.open(proposal.checked(), workspace, secrets,
                    "the kubeha window, resetting " + now.name(), false, transports, clock);
            try {
                requireResettable(operation.start(), now);
                operation.connect(hostKeys);
                return new Started<>(operation, operation.plan().plan());
            } catch (Exception e) {
                operation.close();
                throw e;
            }
        }, started -> {
            state.done("");
            ResetOperation operation = started.operation();
            InstallViewModel run = new InstallViewModel(started.plan(), now, workspace.root(), executor, messages, clock);
            run.runs(new InstallViewModel.OtherOperation(
                    String.format(messages.getString("cluster.reset.title"), now.name()),
                    String.format(messages.getString("cluster.reset.running"), now.name()),
                    (tasks, took) -> String.format(messages.getString("cluster.reset.succeeded"), now.name(), tasks, took),
                    request -> operation.run(request.origin(), request.concurrency(), request.listeners(),
                            request.logOpened())));
            run.phaseProperty().addListener((o, was, phase) -> {
                if (phase == InstallViewModel.Phase.SUCCEEDED) {
                    afterChange.accept(() -> { });
                }
            });
            run.start(operation.run(), ExecOptions.DEFAULT_CONCURRENCY, false);
            onStarted.accept(run);
        }, e -> {
            secrets.close();
            state.fail(e);
        });
    }

    private void requireResettable(ResetOperation.Start start, Cluster now) throws PlanPreparation.PreparationException {
        if (start instanceof ResetOperation.Start.NeverInstalled || start instanceof ResetOperation.Start.OtherCluster
                || start instanceof ResetOperation.Start.AlreadyReset) {
            throw new PlanPreparation.PreparationException(String.format(messages.getString("cluster.notInstalled"),
                    now.name(), workspaceFor.apply(now)));
        }
    }

    /** {@code worker1/drain  Cordon and drain worker1}, in plan order. */
    static List<String> taskLines(Plan plan) {
        return plan.tasks().stream().map(ClusterPageViewModel::taskLine).toList();
    }

    private static String taskLine(Task t) {
        return t.title().equals(t.id()) ? t.id() : t.id() + "  " + t.title();
    }

    private Path clusterFile(Cluster now) {
        Path f = file.get();
        return f != null ? f : Path.of((now.name() == null ? "cluster" : now.name()) + ".json");
    }

    public ObservableList<NodeRow> nodes() {
        return nodes;
    }

    public ObservableList<MemberRow> members() {
        return members;
    }

    public ObservableList<CertificateRow> certificates() {
        return certificates;
    }

    /** Whether the page asks for the sudo password (a node logs in as another user than root). */
    public ReadOnlyBooleanProperty sudoNeededProperty() {
        return sudoNeeded.getReadOnlyProperty();
    }

    /** The nodes that log in with a password, comma-separated; empty when every node has a key file. */
    public ReadOnlyStringProperty loginNodesProperty() {
        return loginNodes.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty etcdSummaryProperty() {
        return etcdSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty loadBalancerProperty() {
        return loadBalancer.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty certificatesProblemProperty() {
        return certificatesProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return state.statusProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return state.failedProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return state.busyProperty();
    }
}
