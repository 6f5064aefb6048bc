package dev.kubeha.ui.install;

import dev.kubeha.exec.Connection;
import dev.kubeha.exec.OutputStreamKind;
import dev.kubeha.exec.Redactor;
import dev.kubeha.exec.RunResult;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.LoadBalancerMode;
import dev.kubeha.model.Node;
import dev.kubeha.files.PrivateFiles;
import dev.kubeha.operation.OperationRun;
import dev.kubeha.model.Role;
import dev.kubeha.plan.Command;
import dev.kubeha.plan.NodePaths;
import dev.kubeha.ui.fx.BackgroundStatus;
import dev.kubeha.ui.fx.UiExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The page after a successful run: what was installed, admin.conf saved where the user wants it
 * (0600, written atomically: it is cluster-admin), {@code kubectl get nodes} as the first master
 * answers it over SSH, and the bundle of what was installed. File and SSH work run in the
 * background; each action has its own status line.
 */
public final class FinishViewModel {
    static final Duration KUBECTL_TIMEOUT = Duration.ofSeconds(30);

    private final InstallViewModel install;
    private final UiExecutor background;
    private final ResourceBundle messages;
    private final BundleExportViewModel export;
    private final StringProperty summary = new SimpleStringProperty("");
    private final StringProperty nodes = new SimpleStringProperty("");
    private final BackgroundStatus saveStatus;
    private final BackgroundStatus nodesStatus;

    public FinishViewModel(InstallViewModel install, UiExecutor background, ResourceBundle messages) {
        this.install = install;
        this.background = background;
        this.messages = messages;
        this.export = new BundleExportViewModel(background, messages);
        this.saveStatus = new BackgroundStatus(messages);
        this.nodesStatus = new BackgroundStatus(messages);
        install.resultProperty().addListener((o, was, now) -> {
            if (now != null && now.succeeded()) {
                summary.set(summary(install.cluster(), now));
            }
        });
        RunResult done = install.resultProperty().get();
        if (done != null && done.succeeded()) {
            summary.set(summary(install.cluster(), done));
        }
    }

    /** Nodes by role, etcd, endpoint, tasks and time; FX thread. */
    String summary(Cluster cluster, RunResult result) {
        List<String> lines = new ArrayList<>();
        lines.add(install.nothingToChange()
                ? String.format(messages.getString("finish.nothingToChange"), cluster.nodes().size())
                : String.format(messages.getString(install.converges() ? "finish.converged" : "finish.installed"),
                        cluster.name(), cluster.kubernetesVersion()));
        lines.add(String.format(messages.getString("finish.controlPlane"), names(cluster.controlPlaneNodes())));
        List<Node> workers = cluster.workerNodes().stream().filter(n -> !n.hasRole(Role.CONTROL_PLANE)).toList();
        lines.add(String.format(messages.getString("finish.workers"),
                workers.isEmpty() ? messages.getString("finish.none") : names(workers)));
        lines.add(String.format(messages.getString("finish.etcd"), cluster.etcd().topology().wireName(),
                cluster.etcd().runtime().wireName(), names(cluster.etcdMembers())));
        lines.add(String.format(messages.getString("finish.endpoint"), cluster.loadBalancer().endpoint(),
                cluster.loadBalancer().mode() == LoadBalancerMode.EXTERNAL ? messages.getString("finish.lbExternal")
                        : String.format(messages.getString("finish.lbOwn"), cluster.loadBalancer().virtualIp())));
        lines.add(String.format(messages.getString("finish.took"), result.states().size(),
                InstallViewModel.human(result.elapsed())));
        return String.join("\n", lines);
    }

    private static String names(List<Node> nodes) {
        return nodes.stream().map(n -> n.privateAddress() == null ? n.name() : n.name() + " (" + n.privateAddress() + ")")
                .collect(Collectors.joining(", "));
    }

    /** The run's copy of admin.conf, in the workspace. */
    Path adminConf() {
        return install.workspace().adminConf();
    }

    /** Copies admin.conf to {@code target}, private from its first byte and replaced in one step. */
    public void saveAdminConf(Path target) {
        Path source = adminConf();
        saveStatus.start(messages.getString("finish.saving"));
        background.run(() -> {
            copyPrivately(source, target);
            return target;
        }, saved -> saveStatus.done(String.format(messages.getString("finish.saved"), saved)),
                e -> saveStatus.fail(String.format(messages.getString("finish.saveFailed"), target,
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }

    static void copyPrivately(Path source, Path target) throws IOException {
        PrivateFiles.writeAtomically(target, Files.readAllBytes(source), PrivateFiles.SECRET);
    }

    /** Runs {@code kubectl get nodes -o wide} on the first master over SSH, in the background. */
    public void refreshNodes() {
        OperationRun operation = install.operation();
        if (operation == null || nodesStatus.busy()) {
            return;
        }
        String master = install.cluster().controlPlaneNodes().get(0).name();
        Redactor redactor = install.redactor();
        nodesStatus.start(String.format(messages.getString("finish.nodesAsking"), master));
        background.run(() -> {
            StringBuilder out = new StringBuilder();
            int exit;
            // The operation's way to the nodes: it stays open until the window closes.
            try (Connection connection = operation.transport().connect(master)) {
                Redactor.LineFilter filter = redactor.lineFilter();
                exit = connection.run(Command.of("kubectl", "--kubeconfig=" + NodePaths.ADMIN_CONF, "get", "nodes", "-o", "wide"),
                        true, null, (stream, line) -> {
                            synchronized (out) {
                                out.append(stream == OutputStreamKind.STDERR ? "! " : "").append(filter.apply(line)).append('\n');
                            }
                        }, KUBECTL_TIMEOUT);
            }
            synchronized (out) {
                return new KubectlAnswer(exit, out.toString());
            }
        }, answer -> {
            nodes.set(answer.output());
            if (answer.exit() == 0) {
                nodesStatus.done(String.format(messages.getString("finish.nodesFrom"), master));
            } else {
                nodesStatus.fail(String.format(messages.getString("finish.nodesFailed"), master, answer.exit()));
            }
        }, e -> nodesStatus.fail(e instanceof dev.kubeha.exec.TransportException || e instanceof IOException
                ? String.format(messages.getString("finish.nodesUnreachable"), master, e.getMessage())
                : messages.getString("wizard.unexpected") + " " + e.getClass().getSimpleName()));
    }

    private record KubectlAnswer(int exit, String output) {
    }

    /** The bundle of the installed cluster and plan. */
    public void exportBundle(Path out) {
        export.exportInstalled(install.cluster(), install.plan(), out);
    }

    public String suggestedBundleName() {
        return export.suggestedName(install.cluster().name());
    }

    public BundleExportViewModel export() {
        return export;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    /** {@code kubectl get nodes} as the first master printed it. */
    public ReadOnlyStringProperty nodesProperty() {
        return nodes;
    }

    public ReadOnlyStringProperty saveStatusProperty() {
        return saveStatus.statusProperty();
    }

    public ReadOnlyBooleanProperty saveFailedProperty() {
        return saveStatus.failedProperty();
    }

    public ReadOnlyStringProperty nodesStatusProperty() {
        return nodesStatus.statusProperty();
    }

    public ReadOnlyBooleanProperty nodesFailedProperty() {
        return nodesStatus.failedProperty();
    }

    public ReadOnlyBooleanProperty nodesBusyProperty() {
        return nodesStatus.busyProperty();
    }
}
