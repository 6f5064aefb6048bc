package dev.kubeha.ui;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.ClusterValidator;
import dev.kubeha.model.Node;
import dev.kubeha.model.Problem;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.plan.PlanPreparation;
import java.nio.file.Path;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * "Preview files" on the Review page: prepares the plan as {@code kubeha plan} does — with the PKI
 * of the cluster's real workspace, created there on first use — in the background, only when asked,
 * and keeps what each node would receive. A preview made from older values is marked stale.
 */
public final class FilePreviewViewModel {
    private final ClusterViewModel cluster;
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final Supplier<Path> clusterFile;
    private final Supplier<ValidationContext> context;
    private final Function<Cluster, Path> workspaceFor;
    private final ObjectProperty<FilePreview> preview = new SimpleObjectProperty<>();
    private final ObjectProperty<FilePreview.FileEntry> selected = new SimpleObjectProperty<>();
    private final StringProperty content = new SimpleStringProperty("");
    private final BackgroundStatus state;
    private Cluster previewed;

    /**
     * @param clusterFile  the cluster file if there is one (messages name it); may supply null
     * @param workspaceFor where a cluster's PKI lives ({@code ~/.kubeha/<name>}, as for the CLI)
     */
    public FilePreviewViewModel(ClusterViewModel cluster, UiExecutor executor, ResourceBundle messages,
                                Supplier<Path> clusterFile, Supplier<ValidationContext> context,
                                Function<Cluster, Path> workspaceFor) {
        this.cluster = cluster;
        this.executor = executor;
        this.messages = messages;
        this.state = new BackgroundStatus(messages);
        this.clusterFile = clusterFile;
        this.context = context;
        this.workspaceFor = workspaceFor;
        selected.addListener((o, was, now) -> content.set(describe(now)));
        cluster.snapshotProperty().addListener((o, was, now) -> markStale(now));
    }

    public void preview() {
        Cluster snapshot = cluster.toCluster();
        Path file = fileFor(clusterFile.get(), snapshot);
        ValidationContext where = context.get();
        state.start(messages.getString("preview.working"));
        executor.run(() -> prepare(snapshot, file, where), result -> {
            previewed = snapshot;
            preview.set(result);
            selected.set(null);
            long count = result.nodes().stream().mapToLong(n -> n.files().size()).sum();
            state.done(String.format(messages.getString("preview.done"), count, result.nodes().size(),
                    workspaceFor.apply(snapshot)));
        }, state::fail);
    }

    /**
     * Prepares the plan of an unsaved or saved cluster as the CLI does for a file. Background only:
     * it reads and may write the workspace's PKI.
     */
    static PlanPreparation.Prepared prepare(Cluster snapshot, Path file, ValidationContext where, Path workspace)
            throws Exception {
        return new PlanPreparation().prepare(check(snapshot, file, where), workspace);
    }

    /** Validates a cluster as {@link PlanPreparation#check(Path)} does a file. */
    static PlanPreparation.Checked check(Cluster snapshot, Path file, ValidationContext where) {
        List<Problem> problems = new ClusterValidator(where).validate(snapshot);
        return new PlanPreparation.Checked(file, snapshot, where,
                problems.stream().filter(Problem::isError).toList(),
                problems.stream().filter(p -> !p.isError()).toList());
    }

    /** The cluster file's name for messages; an unsaved cluster is named after itself. */
    static Path fileFor(Path clusterFile, Cluster snapshot) {
        return clusterFile != null ? clusterFile
                : Path.of((snapshot.name() == null ? "cluster" : snapshot.name()) + ".json");
    }

    private FilePreview prepare(Cluster snapshot, Path file, ValidationContext where) throws Exception {
        PlanPreparation.Prepared prepared = prepare(snapshot, file, where, workspaceFor.apply(snapshot));
        return new FilePreview(snapshot.nodes().stream()
                .map(n -> new FilePreview.NodeFiles(n.name(), files(prepared, n)))
                .toList());
    }

    private static List<FilePreview.FileEntry> files(PlanPreparation.Prepared prepared, Node node) {
        return prepared.files().all(node).stream().map(FilePreview::entry).toList();
    }

    private void markStale(Cluster now) {
        if (previewed != null && !state.busy() && !previewed.equals(now)) {
            state.note(messages.getString("preview.stale"));
        }
    }

    private String describe(FilePreview.FileEntry f) {
        if (f == null) {
            return "";
        }
        String header = String.format("# %s  (mode %04o, %d bytes)%n", f.path(), f.mode(), f.size());
        return header + (f.secret() ? messages.getString("preview.secret") : f.text());
    }

    public void select(FilePreview.FileEntry file) {
        selected.set(file);
    }

    public ReadOnlyObjectProperty<FilePreview> previewProperty() {
        return preview;
    }

    public ReadOnlyStringProperty contentProperty() {
        return content;
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
