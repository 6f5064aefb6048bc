package dev.kubeha.ui.review;

import dev.kubeha.model.Cluster;
import dev.kubeha.model.Node;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.ui.fx.BackgroundStatus;
import dev.kubeha.ui.fx.UiExecutor;
import java.util.List;
import java.util.ResourceBundle;
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
    private final ReviewInput input;
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final ObjectProperty<FilePreview> preview = new SimpleObjectProperty<>();
    private final ObjectProperty<FilePreview.FileEntry> selected = new SimpleObjectProperty<>();
    private final StringProperty content = new SimpleStringProperty("");
    private final BackgroundStatus state;
    private Cluster previewed;

    public FilePreviewViewModel(ReviewInput input, UiExecutor executor, ResourceBundle messages) {
        this.input = input;
        this.executor = executor;
        this.messages = messages;
        this.state = new BackgroundStatus(messages);
        selected.addListener((o, was, now) -> content.set(describe(now)));
        input.edited().addListener((o, was, now) -> markStale(now));
    }

    public void preview() {
        ReviewInput.Snapshot snapshot = input.snapshot();
        state.start(messages.getString("preview.working"));
        executor.run(() -> preview(snapshot), result -> {
            previewed = snapshot.cluster();
            preview.set(result);
            selected.set(null);
            long count = result.nodes().stream().mapToLong(n -> n.files().size()).sum();
            state.done(String.format(messages.getString("preview.done"), count, result.nodes().size(),
                    snapshot.workspace()));
        }, state::fail);
    }

    /** Background only: it reads and may write the workspace's PKI. */
    private static FilePreview preview(ReviewInput.Snapshot snapshot) throws Exception {
        PlanPreparation.Prepared prepared = snapshot.prepare();
        return new FilePreview(snapshot.cluster().nodes().stream()
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
