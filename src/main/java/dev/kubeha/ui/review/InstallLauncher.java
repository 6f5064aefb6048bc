package dev.kubeha.ui.review;

import dev.kubeha.ui.fx.FxQuestion;
import dev.kubeha.ui.install.DesktopNotifier;
import dev.kubeha.ui.install.FxHostKeyPolicy;
import dev.kubeha.ui.install.InstallWindow;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * From a prepared install to its window: asks for confirmation (a resume says what is done and
 * what is left) and the passwords the nodes need, answers host-key and passphrase questions, then
 * opens the {@link InstallWindow}. Used by Install on the Review page and by the resume offered
 * when a cluster with an unfinished install is opened.
 */
public final class InstallLauncher {
    private final InstallStartViewModel install;
    private final ResourceBundle messages;
    private final Supplier<Window> owner;
    private final DesktopNotifier notifier;

    public InstallLauncher(InstallStartViewModel install, ResourceBundle messages, Supplier<Window> owner,
                    DesktopNotifier notifier) {
        this.install = install;
        this.messages = messages;
        this.owner = owner;
        this.notifier = notifier;
    }

    /** Prepares in the background, then confirms and opens; failures go to the start's status line. */
    public void prepareAndOpen() {
        install.prepare(this::confirmAndOpen);
    }

    void confirmAndOpen(InstallStartViewModel.Ready ready) {
        var cluster = ready.checked().cluster();
        Dialog<ButtonType> dialog = new Dialog<>();
        boolean resume = ready.resume() != null;
        dialog.setTitle(messages.getString(resume ? "resume.title" : "install.confirmTitle"));
        dialog.initOwner(owner.get());
        String question;
        if (resume) {
            question = String.format(messages.getString("resume.question"), cluster.name(),
                    ready.resume().describe(messages), ready.workspace());
        } else if (ready.prepared() != null) {
            question = String.format(messages.getString("install.confirm"), cluster.name(), cluster.nodes().size(),
                    ready.prepared().plan().tasks().size(), ready.workspace());
        } else {
            question = String.format(messages.getString("install.confirmDetect"), cluster.name(), cluster.nodes().size(),
                    String.join(", ", ready.undetected()), ready.workspace());
        }
        Label text = new Label(question);
        text.setId("installQuestion");
        text.setWrapText(true);
        VBox content = new VBox(8, text);
        PasswordField login = new PasswordField();
        login.setId("installLoginPassword");
        if (!ready.withoutKey().isEmpty()) {
            Label l = new Label(String.format(messages.getString("install.loginPassword"), String.join(", ", ready.withoutKey())));
            l.setLabelFor(login);
            content.getChildren().addAll(l, login);
        }
        PasswordField sudo = new PasswordField();
        sudo.setId("installSudoPassword");
        if (ready.needsSudo()) {
            Label l = new Label(messages.getString("install.sudoPassword"));
            l.setLabelFor(sudo);
            content.getChildren().addAll(l, sudo);
        }
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("installConfirm");
        if (resume) {
            ok.setText(messages.getString("resume.button"));
        }
        if (dialog.showAndWait().orElse(ButtonType.CANCEL) != ButtonType.OK) {
            return;
        }
        char[] loginPassword = login.getText().toCharArray();
        char[] sudoPassword = sudo.getText().toCharArray();
        login.clear();
        sudo.clear();
        Window window = owner.get();
        install.start(ready, loginPassword, sudoPassword,
                new FxHostKeyPolicy((target, type, fingerprint) -> trust(window, messages, target.describe(), type, fingerprint)),
                key -> FxQuestion.ask(() -> passphrase(window, messages, key), null),
                run -> InstallWindow.open(run, window, messages, notifier));
        java.util.Arrays.fill(loginPassword, '\0');
        java.util.Arrays.fill(sudoPassword, '\0');
    }

    /** The passphrase of an encrypted key file; null when the user gives none. */
    public static char[] passphrase(Window window, ResourceBundle messages, java.nio.file.Path key) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(messages.getString("install.passphraseTitle"));
        dialog.initOwner(window);
        PasswordField field = new PasswordField();
        field.setId("installPassphrase");
        Label label = new Label(String.format(messages.getString("install.passphrase"), key));
        label.setLabelFor(field);
        dialog.getDialogPane().setContent(new VBox(8, label, field));
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        boolean ok = dialog.showAndWait().orElse(ButtonType.CANCEL) == ButtonType.OK;
        char[] answer = ok && !field.getText().isEmpty() ? field.getText().toCharArray() : null;
        field.clear();
        return answer;
    }

    /** The host-key question, with the fingerprint to compare. */
    public static boolean trust(Window window, ResourceBundle messages, String node, String type, String fingerprint) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, String.format(messages.getString("install.hostKey"), node,
                type, fingerprint), ButtonType.YES, ButtonType.NO);
        alert.setTitle(messages.getString("install.hostKeyTitle"));
        alert.setHeaderText(null);
        alert.initOwner(window);
        return alert.showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
    }
}
