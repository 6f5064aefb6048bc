package dev.kubeha.ui.review;

import dev.kubeha.bundle.BundleFormat;
import dev.kubeha.plan.PlanPreparation;
import dev.kubeha.ui.fx.UiExecutor;
import dev.kubeha.ui.install.BundleExportViewModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ResourceBundle;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * "Export bundle" on the Review page: the same preparation and bundle as {@code kubeha export},
 * in the background, into a path that must not exist yet; an archive may be encrypted as with
 * {@code --encrypt}. The passphrase is used once and wiped, never kept.
 */
public final class ExportViewModel extends BundleExportViewModel {
    private final ReviewInput input;
    private final BooleanProperty encrypt = new SimpleBooleanProperty(false);

    public ExportViewModel(ReviewInput input, UiExecutor executor, ResourceBundle messages) {
        super(executor, messages);
        this.input = input;
    }

    /** The file name to suggest for the chosen format. */
    public String suggestedName() {
        return suggestedName(input.cluster().get().name());
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
        BundleFormat chosen = formatProperty().get();
        boolean encrypted = encrypt.get();
        if (encrypted && !chosen.isArchive()) {
            refuse("export.encryptDir");
            return;
        }
        if (encrypted && (passphrase == null || passphrase.length == 0)) {
            refuse("export.passphraseEmpty");
            return;
        }
        if (encrypted && !Arrays.equals(passphrase, confirmation)) {
            refuse("export.passphraseDiffers");
            return;
        }
        char[] secret = encrypted ? passphrase.clone() : null;
        write(() -> {
            PlanPreparation.Prepared prepared = snapshot.prepare();
            return new Bundled(prepared.cluster(), prepared.plan());
        }, chosen, out, secret);
    }

    /** Whether the archive is encrypted; only tar.gz and zip can be. */
    public BooleanProperty encryptProperty() {
        return encrypt;
    }
}
