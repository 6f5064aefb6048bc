package dev.kubeha.ui;

import dev.kubeha.bundle.BundleContents;
import dev.kubeha.bundle.BundleEntry;
import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.bundle.BundleWriter;
import dev.kubeha.model.Cluster;
import dev.kubeha.model.ValidationContext;
import dev.kubeha.plan.Plan;
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

    /** For {@link #exportInstalled}: the bundle of a plan already prepared (the finish page's). */
    public ExportViewModel(UiExecutor executor, ResourceBundle messages) {
        this(null, executor, messages, null, null, null);
    }

    /** The file name to suggest for the chosen format. */
    public String suggestedName() {
        return suggestedName(cluster.nameProperty().get());
    }

    /** The file name to suggest for the chosen format and a cluster name. */
    public String suggestedName(String clusterName) {
        String name = clusterName == null || clusterName.isBlank() ? "cluster" : clusterName.strip();
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
        write(() -> {
            PlanPreparation.Prepared prepared = FilePreviewViewModel.prepare(snapshot, file, where,
                    workspaceFor.apply(snapshot));
            return new Bundled(prepared.cluster(), prepared.plan());
        }, chosen, out);
    }

    /**
     * The bundle of exactly what was installed: the run's cluster (with the private addresses it
     * detected) and plan, whatever the wizard holds by now.
     */
    public void exportInstalled(Cluster installed, Plan plan, Path out) {
        write(() -> new Bundled(installed, plan), format.get(), out);
    }

    private record Bundled(Cluster cluster, Plan plan) {
    }

    private void write(java.util.concurrent.Callable<Bundled> what, BundleFormat chosen, Path out) {
        state.start(messages.getString("export.working"));
        executor.run(() -> {
            Bundled bundled = what.call();
            List<BundleEntry> entries = BundleContents.of(bundled.cluster(), bundled.plan(), null);
            new BundleWriter().write(entries, out, chosen, null);
            return bundled.cluster().nodes().size();
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
