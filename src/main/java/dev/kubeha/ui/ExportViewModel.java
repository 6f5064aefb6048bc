package dev.kubeha.ui;

import dev.kubeha.bundle.BundleContents;
import dev.kubeha.bundle.BundleEntry;
import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.bundle.BundleWriter;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.plan.PlanPreparation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * "Export bundle" on the Review page: the same preparation and bundle as {@code kubeha export},
 * in the background, into a path that must not exist yet. Not encrypted (the CLI's --encrypt is
 * not offered here yet).
 */
public final class ExportViewModel {
    private final ClusterViewModel cluster;
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final Supplier<Path> clusterFile;
    private final Supplier<ValidationContext> context;
    private final Function<Cluster, Path> workspaceFor;
    private final ObjectProperty<BundleFormat> format = new SimpleObjectProperty<>(BundleFormat.TAR_GZ);
    private final BackgroundStatus state;

    public ExportViewModel(ClusterViewModel cluster, UiExecutor executor, ResourceBundle messages,
                           Supplier<Path> clusterFile, Supplier<ValidationContext> context,
                           Function<Cluster, Path> workspaceFor) {
        this.cluster = cluster;
        this.executor = executor;
        this.messages = messages;
        this.state = new BackgroundStatus(messages);
        this.clusterFile = clusterFile;
        this.context = context;
        this.workspaceFor = workspaceFor;
    }

    /** The file name to suggest for the chosen format. */
    public String suggestedName() {
        String name = cluster.nameProperty().get().isBlank() ? "cluster" : cluster.nameProperty().get().strip();
        return switch (format.get()) {
            case DIR -> name + "-bundle";
            case TAR_GZ -> name + "-bundle.tar.gz";
            case ZIP -> name + "-bundle.zip";
        };
    }

    public void export(Path out) {
        Cluster snapshot = cluster.toCluster();
        BundleFormat chosen = format.get();
        Path file = FilePreviewViewModel.fileFor(clusterFile.get(), snapshot);
        ValidationContext where = context.get();
        state.start(messages.getString("export.working"));
        executor.run(() -> {
            PlanPreparation.Prepared prepared = FilePreviewViewModel.prepare(snapshot, file, where,
                    workspaceFor.apply(snapshot));
            List<BundleEntry> entries = BundleContents.of(prepared.cluster(), prepared.plan(), null);
            new BundleWriter().write(entries, out, chosen, null);
            return prepared.cluster().nodes().size();
        }, nodes -> {
            state.done(String.format(messages.getString("export.done"), out, nodes));
        }, e -> {
            if (e instanceof FileAlreadyExistsException) {
                state.fail(String.format(messages.getString("export.exists"), out));
            } else {
                state.fail(e);
            }
        });
    }

    public ObjectProperty<BundleFormat> formatProperty() {
        return format;
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
