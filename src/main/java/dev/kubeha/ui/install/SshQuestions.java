package dev.kubeha.ui.install;

import dev.kubeha.exec.ssh.HostKeyPolicy;
import dev.kubeha.ui.fx.FxQuestion;
import dev.kubeha.ui.fx.Fxml;
import java.nio.file.Path;
import java.util.ResourceBundle;
import java.util.function.Function;
import javafx.fxml.FXML;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.stage.Window;

/**
 * What an SSH connection asks the user while its thread waits (the install and the hosts page's
 * test): whether to trust a host key seen for the first time, and the passphrase of an encrypted
 * key file. The dialogs' layouts are HostKeyDialog.fxml and PassphraseDialog.fxml.
 */
public final class SshQuestions {
    private final Window owner;
    private final ResourceBundle messages;

    public SshQuestions(Window owner, ResourceBundle messages) {
        this.owner = owner;
        this.messages = messages;
    }

    /** Host keys seen for the first time, asked about on the FX thread. */
    public HostKeyPolicy hostKeys() {
        return new FxHostKeyPolicy((target, type, fingerprint) -> trust(target.describe(), type, fingerprint));
    }

    /** Key files' passphrases, asked for on the FX thread; null when the user gives none. */
    public Function<Path, char[]> passphrases() {
        return key -> FxQuestion.ask(() -> passphrase(key), null);
    }

    /** The passphrase of an encrypted key file; null when the user gives none. */
    char[] passphrase(Path key) {
        PassphraseDialog form = new PassphraseDialog();
        Dialog<ButtonType> dialog = dialog(Fxml.load("install/PassphraseDialog", form, messages), "install.passphraseTitle");
        form.label.setText(String.format(messages.getString("install.passphrase"), key));
        form.label.setLabelFor(form.field);
        boolean ok = dialog.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK;
        char[] answer = ok && !form.field.getText().isEmpty() ? form.field.getText().toCharArray() : null;
        form.field.clear();
        return answer;
    }

    /** The host-key question, with the fingerprint to compare. */
    boolean trust(String node, String type, String fingerprint) {
        DialogPane pane = Fxml.load("install/HostKeyDialog", null, messages);
        pane.setContentText(String.format(messages.getString("install.hostKey"), node, type, fingerprint));
        return dialog(pane, "install.hostKeyTitle").showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
    }

    private Dialog<ButtonType> dialog(DialogPane pane, String titleKey) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setDialogPane(dev.kubeha.ui.fx.DialogButtons.name(pane, messages));
        dialog.setTitle(messages.getString(titleKey));
        dialog.initOwner(owner);
        return dialog;
    }

    /** PassphraseDialog.fxml's fields. */
    static final class PassphraseDialog {
        @FXML Label label;
        @FXML PasswordField field;
    }
}
