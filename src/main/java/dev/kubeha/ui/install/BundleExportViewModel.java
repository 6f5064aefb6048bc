package dev.kubeha.ui.install;

import dev.kubeha.bundle.BundleContents;
import dev.kubeha.bundle.BundleEntry;
import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.bundle.BundleWriter;
import dev.kubeha.bundle.OpensslEncryption;
import dev.kubeha.model.Cluster;
import dev.kubeha.plan.Plan;
import dev.kubeha.ui.fx.BackgroundStatus;
import dev.kubeha.ui.fx.UiExecutor;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Writes a bundle in the background, as {@code kubeha export} does, into a path that must not exist
 * yet, with one status line. The Finish page exports what was installed; the Review page's export
 * (which prepares the wizard's cluster first, and may encrypt) builds on this.
 */
public class BundleExportViewModel {
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final ObjectProperty<BundleFormat> format = new SimpleObjectProperty<>(BundleFormat.TAR_GZ);
    private final BackgroundStatus state;

    public BundleExportViewModel(UiExecutor executor, ResourceBundle messages) {
        this.executor = executor;
        this.messages = messages;
        this.state = new BackgroundStatus(messages);
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

    /**
     * The bundle of exactly what was installed: the run's cluster (with the private addresses it
     * detected) and plan, whatever the wizard holds by now. Not encrypted.
     */
    public void exportInstalled(Cluster installed, Plan plan, Path out) {
        write(() -> new Bundled(installed, plan), format.get(), out, null);
    }

    /** A cluster and its plan, to bundle. */
    public record Bundled(Cluster cluster, Plan plan) {
    }

    /** Writes the bundle in the background; {@code secret} (encrypt with it, or null) is wiped either way. */
    protected void write(Callable<Bundled> what, BundleFormat chosen, Path out, char[] secret) {
        boolean encrypted = secret != null;
        state.start(messages.getString("export.working"));
        executor.run(() -> {
            Bundled bundled = what.call();
            List<BundleEntry> entries = BundleContents.of(bundled.cluster(), bundled.plan(), null);
            try {
                new BundleWriter().write(entries, out, chosen, secret);
            } finally {
                if (secret != null) {
                    Arrays.fill(secret, '\0');
                }
            }
            return bundled.cluster().nodes().size();
        }, nodes -> {
            state.done(encrypted ? String.format(messages.getString("export.doneEncrypted"), out, nodes,
                    OpensslEncryption.DECRYPT_COMMAND) : String.format(messages.getString("export.done"), out, nodes));
        }, e -> {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
            if (e instanceof FileAlreadyExistsException) {
                state.fail(String.format(messages.getString("export.exists"), out));
            } else {
                state.fail(e);
            }
        });
    }

    /** The status line, for an export that runs its own background work (the air-gapped one). */
    protected BackgroundStatus status() {
        return state;
    }

    protected UiExecutor executor() {
        return executor;
    }

    protected ResourceBundle messages() {
        return messages;
    }

    /** Says why an export did not start. */
    protected void refuse(String messageKey) {
        state.fail(messages.getString(messageKey));
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
