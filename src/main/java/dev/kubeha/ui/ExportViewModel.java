package dev.kubeha.ui;

import dev.kubeha.bundle.BundleContents;
import dev.kubeha.bundle.BundleEntry;
import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.bundle.BundleWriter;
import dev.kubeha.bundle.OpensslEncryption;
import java.util.Arrays;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import dev.kubeha.model.Cluster;
import dev.kubeha.plan.Plan;
import dev.kubeha.plan.PlanPreparation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.ResourceBundle;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * "Export bundle" on the Review page: the same preparation and bundle as {@code kubeha export},
 * in the background, into a path that must not exist yet; an archive may be encrypted as with
 * {@code --encrypt}. The passphrase is used once and wiped, never kept.
 */
public final class ExportViewModel {
    private final ReviewInput input;
    private final UiExecutor executor;
    private final ResourceBundle messages;
    private final ObjectProperty<BundleFormat> format = new SimpleObjectProperty<>(BundleFormat.TAR_GZ);
    private final BackgroundStatus state;
    private final BooleanProperty encrypt = new SimpleBooleanProperty(false);

    ExportViewModel(ReviewInput input, UiExecutor executor, ResourceBundle messages) {
        this.input = input;
        this.executor = executor;
        this.messages = messages;
        this.state = new BackgroundStatus(messages);
    }

    /** For {@link #exportInstalled}: the bundle of a plan already prepared (the finish page's). */
    public ExportViewModel(UiExecutor executor, ResourceBundle messages) {
        this(null, executor, messages);
    }

    /** The file name to suggest for the chosen format. */
    public String suggestedName() {
        return suggestedName(input.cluster().nameProperty().get());
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

    /** Exports without encryption (or fails saying a passphrase is needed, when encryption is chosen). */
    public void export(Path out) {
        export(out, null, null);
    }

    /**
     * Exports; with {@link #encryptProperty()} set, encrypted with the passphrase, which must be
     * given twice alike. The caller may wipe its arrays as soon as this returns.
     */
    public void export(Path out, char[] passphrase, char[] confirmation) {
        ReviewInput.Snapshot snapshot = input.snapshot();
        BundleFormat chosen = format.get();
        boolean encrypted = encrypt.get();
        if (encrypted && !chosen.isArchive()) {
            state.fail(messages.getString("export.encryptDir"));
            return;
        }
        if (encrypted && (passphrase == null || passphrase.length == 0)) {
            state.fail(messages.getString("export.passphraseEmpty"));
            return;
        }
        if (encrypted && !Arrays.equals(passphrase, confirmation)) {
            state.fail(messages.getString("export.passphraseDiffers"));
            return;
        }
        char[] secret = encrypted ? passphrase.clone() : null;
        write(() -> {
            PlanPreparation.Prepared prepared = snapshot.prepare();
            return new Bundled(prepared.cluster(), prepared.plan());
        }, chosen, out, secret);
    }

    /**
     * The bundle of exactly what was installed: the run's cluster (with the private addresses it
     * detected) and plan, whatever the wizard holds by now. Not encrypted.
     */
    public void exportInstalled(Cluster installed, Plan plan, Path out) {
        write(() -> new Bundled(installed, plan), format.get(), out, null);
    }

    private record Bundled(Cluster cluster, Plan plan) {
    }

    /** Writes the bundle in the background; {@code secret} (encrypt with it, or null) is wiped either way. */
    private void write(java.util.concurrent.Callable<Bundled> what, BundleFormat chosen, Path out, char[] secret) {
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

    /** Whether the archive is encrypted; only tar.gz and zip can be. */
    public BooleanProperty encryptProperty() {
        return encrypt;
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
