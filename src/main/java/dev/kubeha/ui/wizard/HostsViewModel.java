package dev.kubeha.ui.wizard;

import dev.kubeha.exec.HostProbe;
import dev.kubeha.exec.Transport;
import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.exec.ssh.SshTarget;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.KubernetesRelease;
import dev.kubeha.model.Node;
import dev.kubeha.model.Role;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.operation.Secrets;
import dev.kubeha.operation.TransportFactory;
import dev.kubeha.operation.Workspace;
import dev.kubeha.ui.fx.BackgroundStatus;
import dev.kubeha.ui.fx.UiExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Commands of the Hosts page: add, duplicate, remove, paste and import hosts, and "Test
 * connection" ({@link HostProbe}) over the same transport, known_hosts and credentials an install
 * uses. Passwords given for a test live only as long as the test and are wiped after it.
 */
public final class HostsViewModel {
    private final ClusterViewModel cluster;
    private final ResourceBundle messages;
    private final UiExecutor executor;
    private final Supplier<ValidationContext> context;
    private final Function<Cluster, Path> workspaceFor;
    private final StringProperty pasteText = new SimpleStringProperty("");
    private final StringProperty lockedNotice = new SimpleStringProperty("");
    private final StringProperty pasteMessage = new SimpleStringProperty("");
    private final StringProperty importMessage = new SimpleStringProperty("");
    private final BackgroundStatus probeStatus;
    /** One line per tested host that has a problem, in the table's order. */
    private final ObservableList<String> probeProblems = FXCollections.observableArrayList();
    /** Every interface name the tested hosts reported (loopback left out), for the Network page. */
    private final ObservableList<String> reportedInterfaces = FXCollections.observableArrayList();
    private int probesRunning;

    /**
     * @param context      where relative key files point (the cluster file's directory)
     * @param workspaceFor the cluster's workspace: its known_hosts is the install's
     */
    /**
     * Hosts probed at once: "Test all" on a hundred hosts would otherwise start a hundred SSH
     * handshakes together, swamping the desktop and tripping sshd's MaxStartups on shared jump hosts.
     */
    static final int PROBES_AT_ONCE = 10;

    private final int probesAtOnce;

    public HostsViewModel(ClusterViewModel cluster, ResourceBundle messages, UiExecutor executor,
                          Supplier<ValidationContext> context, Function<Cluster, Path> workspaceFor) {
        this(cluster, messages, executor, context, workspaceFor, PROBES_AT_ONCE);
    }

    HostsViewModel(ClusterViewModel cluster, ResourceBundle messages, UiExecutor executor,
                   Supplier<ValidationContext> context, Function<Cluster, Path> workspaceFor, int probesAtOnce) {
        this.probesAtOnce = probesAtOnce;
        this.cluster = cluster;
        this.messages = messages;
        this.executor = executor;
        this.context = context;
        this.workspaceFor = workspaceFor;
        this.probeStatus = new BackgroundStatus(messages);
        cluster.hosts().addListener((ListChangeListener<HostRow>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(row -> row.probeProperty().addListener((Observable o) -> probesChanged()));
            }
            probesChanged();
        });
        cluster.hosts().forEach(row -> row.probeProperty().addListener((Observable o) -> probesChanged()));
    }

    /** Adds a worker with a free name; the user fills in its addresses. */
    public HostRow addHost() {
        HostRow row = new HostRow(cluster.freeName("worker"), "", List.of(Role.WORKER));
        cluster.hosts().add(row);
        return row;
    }

    /** Adds a copy of the row after it, with its roles and SSH overrides but a new name and no addresses. */
    public HostRow duplicate(HostRow original) {
        String base = original.nameProperty().get().replaceAll("\\d+$", "");
        HostRow copy = original.copy(cluster.freeName(base.isEmpty() ? "node" : base));
        cluster.hosts().add(cluster.hosts().indexOf(original) + 1, copy);
        return copy;
    }

    /** Removes a host; an installed node locked while nodes are added stays (Remove node… takes it out). */
    public void remove(HostRow row) {
        if (row != null && !row.lockedProperty().get()) {
            cluster.hosts().remove(row);
        }
    }

    /** Locks the hosts named (the installed nodes) and unlocks the others; an empty set unlocks every host. */
    public void lock(java.util.Set<String> names) {
        cluster.hosts().forEach(r -> r.lockedProperty().set(r.nameProperty().get() != null
                && names.contains(r.nameProperty().get().strip())));
        lockedNotice.set(names.isEmpty() ? "" : String.format(messages.getString("cluster.addNodes.notice"),
                cluster.nameProperty().get(), names.size()));
    }

    /** Says the installed nodes are locked while nodes are added; empty otherwise. */
    public javafx.beans.property.ReadOnlyStringProperty lockedNoticeProperty() {
        return lockedNotice;
    }

    /** Adds every readable pasted line as a host; unreadable lines stay in the paste box with a message. */
    public void addPasted() {
        HostLines.Result result = HostLines.parse(pasteText.get() == null ? "" : pasteText.get());
        cluster.hosts().addAll(result.rows());
        if (result.rejected().isEmpty()) {
            pasteText.set("");
            pasteMessage.set(dev.kubeha.ui.fx.Plurals.format(messages, "hosts.pasted", result.rows().size(), result.rows().size()));
        } else {
            pasteText.set(result.rejected().stream().map(HostLines.Rejected::text).collect(Collectors.joining("\n")));
            pasteMessage.set(String.format(messages.getString("hosts.pasteRejected"), result.rows().size(),
                    result.rejected().stream()
                            .map(r -> String.format(messages.getString("hosts.pasteLine"), r.line(), r.reason()))
                            .collect(Collectors.joining("; "))));
        }
    }

    /**
     * Reads a CSV file of hosts in the background; adds them only when every line is readable, else
     * says which lines are not and why, and adds nothing (a half-imported file is hard to fix up).
     */
    public void importCsv(Path file) {
        importMessage.set("");
        executor.run(() -> HostCsv.parse(Files.readString(file, StandardCharsets.UTF_8)), result -> {
            if (result.errors().isEmpty()) {
                cluster.hosts().addAll(result.rows());
                importMessage.set(dev.kubeha.ui.fx.Plurals.format(messages, "hosts.imported", result.rows().size(), result.rows().size(), file));
            } else {
                importMessage.set(String.format(messages.getString("hosts.importRejected"), file,
                        String.join("\n", result.errors())));
            }
        }, e -> importMessage.set(String.format(messages.getString("hosts.importFailed"), file,
                e instanceof java.nio.charset.MalformedInputException ? messages.getString("hosts.importNotUtf8")
                        : e instanceof IOException ? describe((IOException) e) : e.getClass().getSimpleName())));
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Tests the rows' connections in the background, each on its own; their reports land in the
     * rows. The passwords (null or empty for none) are copied and wiped once every test is done;
     * the caller may wipe its own arrays right away.
     *
     * @param hostKeys      asked about a host key seen for the first time (on a background thread)
     * @param askPassphrase asked once per encrypted key file (on a background thread)
     */
    public void test(List<HostRow> rows, char[] loginPassword, char[] sudoPassword, HostKeyPolicy hostKeys,
                     Function<Path, char[]> askPassphrase) {
        if (rows.isEmpty() || probesRunning > 0) {
            return;
        }
        Cluster snapshot = cluster.toCluster();
        if (snapshot.name() == null) {
            probeStatus.fail(messages.getString("hosts.probe.noName"));
            return;
        }
        ValidationContext where = context.get();
        Workspace workspace = Workspace.at(workspaceFor.apply(snapshot));
        // The cluster's release, when its version is a supported one: the containerd it wants.
        KubernetesRelease release = snapshot.release().orElse(null);
        Map<HostRow, SshTarget> targets = new LinkedHashMap<>();
        for (HostRow row : rows) {
            int index = cluster.hosts().indexOf(row);
            Node node = snapshot.nodes().get(index);
            String label = node.name() != null ? node.name() : "nodes[" + index + "]";
            try {
                targets.put(row, target(snapshot, node, label, where));
            } catch (RuntimeException e) {
                row.probeProperty().set(HostProbe.Report.failed(label, HostProbe.Reach.UNREACHABLE,
                        "node " + label + ": " + (node.host() == null
                        ? "no host to connect to; fill in its host" : e.getMessage())));
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        // Asked once per encrypted key file; the passwords are copies, wiped once every test is done.
        Secrets secrets = Secrets.from((kind, subject) -> kind == Secrets.Kind.KEY_PASSPHRASE
                ? askPassphrase.apply(Path.of(subject)) : null)
                .give(Secrets.Kind.LOGIN_PASSWORD, loginPassword)
                .give(Secrets.Kind.SUDO_PASSWORD, sudoPassword);
        Map<String, SshTarget> byNode = new HashMap<>();
        targets.values().forEach(t -> byNode.put(t.node(), t));
        Transport transport = TransportFactory.SSH.open(byNode, workspace.knownHosts(), hostKeys, secrets.ssh());
        probesRunning = targets.size();
        probeStatus.start(dev.kubeha.ui.fx.Plurals.format(messages, "hosts.probe.testing", targets.size(), targets.size()));
        Runnable finished = () -> {
            if (--probesRunning == 0) {
                transport.close();
                secrets.close();
                long bad = targets.keySet().stream().filter(r -> r.probeProperty().get() != null
                        && !r.probeProperty().get().ok()).count();
                probeStatus.done(String.format(messages.getString("hosts.probe.done"), targets.size(),
                        targets.size() - bad, bad));
            }
        };
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(probesAtOnce);
        targets.forEach((row, target) -> {
            row.probingProperty().set(true);
            row.probeProperty().set(null);
            executor.run(() -> {
                slots.acquire();
                try {
                    return HostProbe.probe(transport, target.node(), release);
                } finally {
                    slots.release();
                }
            }, report -> {
                row.probingProperty().set(false);
                row.probeProperty().set(report);
                finished.run();
            }, e -> {
                // HostProbe reports, it does not throw; a throw is a bug, named but not shown as a trace.
                row.probingProperty().set(false);
                row.probeProperty().set(HostProbe.Report.failed(target.node(), HostProbe.Reach.UNREACHABLE,
                        "node " + target.node() + ": "
                        + messages.getString("wizard.unexpected") + " " + e.getClass().getSimpleName()));
                finished.run();
            });
        });
    }

    /** Tests every host of the table. */
    public void testAll(char[] loginPassword, char[] sudoPassword, HostKeyPolicy hostKeys,
                        Function<Path, char[]> askPassphrase) {
        test(List.copyOf(cluster.hosts()), loginPassword, sudoPassword, hostKeys, askPassphrase);
    }

    private static SshTarget target(Cluster cluster, Node node, String label, ValidationContext where) {
        Node named = node.name() != null ? node
                : new Node(label, node.host(), node.privateAddress(), node.publicAddress(), node.roles(),
                node.privateInterface(), node.ssh());
        SshTarget t = SshTarget.of(cluster, named);
        String identity = cluster.sshFor(node).identityFile();
        return new SshTarget(t.node(), t.host(), t.port(), t.user(), identity == null ? null : where.resolve(identity),
                t.sudo());
    }

    private void probesChanged() {
        probeProblems.setAll(cluster.hosts().stream().map(r -> r.probeProperty().get())
                .filter(r -> r != null && !r.ok()).map(HostProbe.Report::problem).toList());
        Set<String> names = new LinkedHashSet<>();
        cluster.hosts().stream().map(r -> r.probeProperty().get()).filter(r -> r != null)
                .forEach(r -> r.interfaceNames().stream().filter(n -> !n.equals("lo")).forEach(names::add));
        if (!reportedInterfaces.equals(List.copyOf(names))) {
            reportedInterfaces.setAll(names);
        }
    }

    /** The row's test result in a few words: how far it got, the system, sudo and the interfaces. */
    public StringBinding probeSummary(HostRow row) {
        return Bindings.createStringBinding(() -> {
            if (row.probingProperty().get()) {
                return messages.getString("hosts.probe.running");
            }
            HostProbe.Report r = row.probeProperty().get();
            return r == null ? "" : summary(r);
        }, row.probingProperty(), row.probeProperty());
    }

    String summary(HostProbe.Report r) {
        StringBuilder s = new StringBuilder(r.ok() ? "\u2714 " : "\u2716 ");
        s.append(messages.getString("hosts.probe.reach." + r.reach().name()));
        if (r.os() != null) {
            s.append(" \u00b7 ").append(r.os());
        }
        if (r.sudo() != HostProbe.Sudo.UNKNOWN) {
            s.append(" \u00b7 ").append(messages.getString("hosts.probe.sudo." + r.sudo().name()));
        }
        if (r.cgroup() != null) {
            s.append(" \u00b7 cgroup ").append(r.cgroup());
        }
        if (r.containerd() != null) {
            s.append(" \u00b7 containerd ").append(r.containerd());
        }
        String interfaces = r.interfaces().stream().filter(i -> !i.name().equals("lo")).map(HostProbe.Interface::toString)
                .collect(Collectors.joining(", "));
        if (!interfaces.isEmpty()) {
            s.append(" \u00b7 ").append(interfaces);
        }
        return s.toString();
    }

    /**
     * The private address the node will have: the one written in the table, else the one its
     * interface reported in the test, else what the install will detect.
     */
    public StringBinding resultingAddress(HostRow row) {
        return Bindings.createStringBinding(() -> resultingAddressOf(row), row.privateAddressProperty(),
                row.privateInterfaceProperty(), row.probeProperty(), cluster.privateInterfaceProperty());
    }

    String resultingAddressOf(HostRow row) {
        String explicit = HostRow.orNull(row.privateAddressProperty().get());
        if (explicit != null) {
            return explicit;
        }
        String iface = HostRow.orNull(row.privateInterfaceProperty().get());
        if (iface == null) {
            iface = HostRow.orNull(cluster.privateInterfaceProperty().get());
        }
        if (iface == null) {
            return messages.getString("hosts.address.none");
        }
        HostProbe.Report report = row.probeProperty().get();
        if (report != null && report.reach() == HostProbe.Reach.AUTHENTICATED) {
            String name = iface;
            return report.addressOf(iface).map(a -> String.format(messages.getString("hosts.address.detected"), a, name))
                    .orElse(String.format(messages.getString("hosts.address.missing"), iface));
        }
        return String.format(messages.getString("hosts.address.atInstall"), iface);
    }

    public StringProperty pasteTextProperty() {
        return pasteText;
    }

    public ReadOnlyStringProperty pasteMessageProperty() {
        return pasteMessage;
    }

    public ReadOnlyStringProperty importMessageProperty() {
        return importMessage;
    }

    public ReadOnlyStringProperty probeStatusProperty() {
        return probeStatus.statusProperty();
    }

    public ReadOnlyBooleanProperty probeFailedProperty() {
        return probeStatus.failedProperty();
    }

    public ReadOnlyBooleanProperty probingProperty() {
        return probeStatus.busyProperty();
    }

    public ObservableList<String> probeProblems() {
        return probeProblems;
    }

    public ObservableList<String> reportedInterfaces() {
        return reportedInterfaces;
    }

    public ClusterViewModel cluster() {
        return cluster;
    }
}
